package gitlabclient

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// answersInTurn answers the token endpoint's requests one after another, the last one ever after.
func answersInTurn(answers ...tokenEndpointAnswer) tokenEndpointAnswer {
	var n atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		i := min(int(n.Add(1))-1, len(answers)-1)
		answers[i](w, r)
	}
}

// TestCheckSecretConfirmsARefusal: a refusal is believed only when a second check, after a pause,
// refuses too; anything else the second check says leaves the secret unknown.
func TestCheckSecretConfirmsARefusal(t *testing.T) {
	refused, works := oauthError(401, "invalid_client"), oauthError(400, "invalid_grant")
	for _, tc := range []struct {
		name     string
		answer   tokenEndpointAnswer
		want     SecretVerdict
		why      string
		requests int32 // with Retries: 2
	}{
		{"refused twice", refused, SecretRejected, "", 2},
		{"refused, then accepted", answersInTurn(refused, works), SecretUnknown, "then accepted it a moment later", 2},
		{"refused, then a 503 storm", answersInTurn(refused, rawAnswer(503, "text/html", "down")), SecretUnknown, "but a second check answered 503", 4},
		{"refused, then a gateway's 401", answersInTurn(refused, unauthorized("")), SecretUnknown, "but a second check answered 401 invalid_client without Doorkeeper's", 2},
		{"accepted: no second check", works, SecretWorks, "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTokenServer(t, "", tc.answer)
			c, clock := newCheckingClient(t, ts.URL)
			got, err := c.CheckSecret(t.Context(), "client-id", "gloas-the-secret")
			if got != tc.want || (tc.why != "" && (err == nil || !strings.Contains(err.Error(), tc.why))) {
				t.Errorf("CheckSecret() = %v, %v; want %v, %q", got, err, tc.want, tc.why)
			}
			if n := ts.requests.Load(); n != tc.requests {
				t.Errorf("%d requests, want %d", n, tc.requests)
			}
			if pauses, want := clock.count(secretConfirmPause), int(min(tc.requests-1, 1)); pauses != want {
				t.Errorf("%d pauses before a second check, want %d", pauses, want)
			}
		})
	}
}

// TestCheckSecretStopsWhenTheTokenEndpointStaysRateLimited: 100 checks behind a token endpoint that
// answers every request 429 Retry-After: 60 send the requests of the checks in flight and their
// retries, then nothing more; one check says how many were not made, the others say nothing. The
// minutes GitLab asks for pass on the test's clock.
func TestCheckSecretStopsWhenTheTokenEndpointStaysRateLimited(t *testing.T) {
	const checks = 100
	entered := make(chan struct{})
	ts := newTokenServer(t, "", func(w http.ResponseWriter, _ *http.Request) {
		<-entered // every check has started before the first answer, as a refresh's do
		w.Header().Set("Retry-After", "60")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	c, clock := newCheckingClient(t, ts.URL)
	var wg sync.WaitGroup
	var reports, skipped atomic.Int32
	var report atomic.Value
	for range checks {
		wg.Go(func() {
			got, err := c.CheckSecret(t.Context(), "client-id", "gloas-the-secret")
			switch {
			case got != SecretUnknown:
				t.Errorf("CheckSecret() = %v", got)
			case errors.Is(err, ErrSecretCheckSkipped):
				skipped.Add(1)
			case errors.Is(err, ErrSecretChecksStopped):
				reports.Add(1)
				report.Store(err.Error())
			default:
				t.Errorf("CheckSecret() error = %v", err)
			}
		})
	}
	for {
		c.secretChecksStop.mu.Lock()
		running := c.secretChecksStop.running
		c.secretChecksStop.mu.Unlock()
		if running == checks {
			break
		}
		time.Sleep(time.Millisecond)
	}
	close(entered)
	wg.Wait()
	if n, most := ts.requests.Load(), int32(maxSecretChecksInFlight*(c.retries+1)); n > most {
		t.Errorf("%d token requests, want at most %d (%d checks in flight and their retries)", n, most, maxSecretChecksInFlight)
	}
	if reports.Load() != 1 || skipped.Load() != checks-1 {
		t.Fatalf("%d reports and %d silent skips, want 1 and %d", reports.Load(), skipped.Load(), checks-1)
	}
	if msg, _ := report.Load().(string); !strings.Contains(msg, "100 not checked") || !strings.Contains(msg, "rate limited (429) after 2 retries") {
		t.Errorf("the report: %s", msg)
	}
	if clock.count(time.Minute) == 0 {
		t.Error("nobody waited the minute GitLab asked for")
	}
	// Later checks of the command send nothing either, and each says so.
	before := ts.requests.Load()
	if got, err := c.CheckSecret(t.Context(), "client-id", "gloas-the-secret"); got != SecretUnknown || errors.Is(err, ErrSecretCheckSkipped) ||
		!errors.Is(err, ErrSecretUnchecked) || ts.requests.Load() != before {
		t.Errorf("a later check: %v, %v after %d more requests", got, err, ts.requests.Load()-before)
	}
}
