package gitlabclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// flakyDiscovery answers the discovery document after the given number of failures, each with status
// (or, for 0, after a delay that outlasts the caller).
func flakyDiscovery(t *testing.T, failures int32, status int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var count atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if count.Add(1) <= failures {
			if status == 0 {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
				return
			}
			w.WriteHeader(status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"scopes_supported":["api"]}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &count
}

func TestSupportedScopesRetriesLikeEveryCall(t *testing.T) {
	for _, status := range []int{http.StatusBadGateway, http.StatusTooManyRequests} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			srv, count := flakyDiscovery(t, 1, status)
			c := newTestClient(t, srv.URL, "glpat-secret-token")
			scopes, err := c.SupportedScopes(t.Context())
			if err != nil || !slices.Equal(scopes, []string{"api"}) || count.Load() != 2 {
				t.Errorf("SupportedScopes() = %v, %v after %d requests; want [api] after 2", scopes, err, count.Load())
			}
		})
	}
}

// TestDiscoveryKeepsAFailureAfterTheRetries: a document still failing after the retries is not fetched
// again, with the retries' waits, by every later caller of the command: scopes or secret checks.
func TestDiscoveryKeepsAFailureAfterTheRetries(t *testing.T) {
	srv, count := flakyDiscovery(t, 3, http.StatusServiceUnavailable) // Retries: 2, so three attempts fail
	c := newTestClient(t, srv.URL, "glpat-secret-token")
	for range 3 {
		if _, err := c.SupportedScopes(t.Context()); !errors.Is(err, ErrScopesUnknown) {
			t.Fatalf("SupportedScopes() error = %v, want ErrScopesUnknown", err)
		}
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { _ = c.tokenEndpoint(t.Context()) })
	}
	wg.Wait()
	if n := count.Load(); n != 3 {
		t.Errorf("%d requests for the document, want the 3 of one fetch", n)
	}
}

// TestDiscoveryAsksAgainAfterAnAnswerCutOff: an answer cut off mid-body says nothing of the document;
// one too large is kept as a failure.
func TestDiscoveryAsksAgainAfterAnAnswerCutOff(t *testing.T) {
	for _, tc := range []struct {
		name     string
		first    http.HandlerFunc
		requests int32 // after two callers
		works    bool
	}{
		{"cut off", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "500")
			_, _ = w.Write([]byte(`{"scopes_supported":["ap`))
			if f, ok := w.(http.Flusher); ok {
				f.Flush()
			}
			hijackAndClose(w)
		}, 2, true},
		{"too large", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"scopes_supported":["api"],"padding":"` + strings.Repeat("x", maxDiscoveryBody) + `"}`))
		}, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var count atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if count.Add(1) == 1 {
					tc.first(w, r)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"scopes_supported":["api"]}`))
			}))
			t.Cleanup(srv.Close)
			c := newTestClient(t, srv.URL, "glpat-secret-token")
			if _, err := c.SupportedScopes(t.Context()); !errors.Is(err, ErrScopesUnknown) {
				t.Fatalf("first SupportedScopes() error = %v, want ErrScopesUnknown", err)
			}
			_, err := c.SupportedScopes(t.Context())
			if (err == nil) != tc.works || count.Load() != tc.requests {
				t.Errorf("second SupportedScopes() error = %v after %d requests; want %d requests", err, count.Load(), tc.requests)
			}
		})
	}
}

func TestSupportedScopesForgetsACancelledCaller(t *testing.T) {
	srv, count := flakyDiscovery(t, 1, 0)
	c := newTestClient(t, srv.URL, "glpat-secret-token", func(cfg *Config) { cfg.Retries = 0 })
	// The caller gives up once the server holds its request, not after a fixed time: on a loaded
	// machine the request might not have arrived by then, and the next caller's would be the one held.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() {
		for count.Load() == 0 && ctx.Err() == nil {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	if _, err := c.SupportedScopes(ctx); !errors.Is(err, ErrScopesUnknown) {
		t.Fatalf("cancelled SupportedScopes() error = %v, want ErrScopesUnknown", err)
	}
	// The cancelled fetch ends on its own goroutine: given time to, what it kept (nothing, it must keep)
	// is what the next caller would get.
	time.Sleep(100 * time.Millisecond)
	scopes, err := c.SupportedScopes(t.Context())
	if err != nil || !slices.Equal(scopes, []string{"api"}) {
		t.Errorf("after a cancelled caller: SupportedScopes() = %v, %v after %d requests", scopes, err, count.Load())
	}
}
