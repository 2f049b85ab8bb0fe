package gitlabclient

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// tokenEndpointAnswer is one way the token endpoint (or whatever stands in front of it) answers.
type tokenEndpointAnswer func(w http.ResponseWriter, r *http.Request)

func oauthError(status int, code string) tokenEndpointAnswer {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="Doorkeeper", error="invalid_client"`)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"error":"` + code + `","error_description":"some words"}`))
	}
}

func rawAnswer(status int, contentType, body string) tokenEndpointAnswer {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

// cutAfterHeaders promises a longer body than it sends, then closes the connection.
func cutAfterHeaders(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", "500")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte(`{"error":"inv`))
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	hijackAndClose(w)
}

func cutBeforeAnswer(w http.ResponseWriter, _ *http.Request) { hijackAndClose(w) }

func hijackAndClose(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
		}
	}
}

// tokenServer serves the discovery document (naming the token endpoint under mount) and the token
// endpoint, and records what the token endpoint was sent.
type tokenServer struct {
	*httptest.Server
	answer   tokenEndpointAnswer
	requests atomic.Int32
	mu       sync.Mutex
	last     *http.Request
	lastForm url.Values
}

func newTokenServer(t *testing.T, mount string, answer tokenEndpointAnswer) *tokenServer {
	t.Helper()
	ts := &tokenServer{answer: answer}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case mount + "/.well-known/openid-configuration":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"token_endpoint":"` + ts.URL + mount + `/oauth/token","scopes_supported":["api"]}`))
		case mount + "/oauth/token":
			ts.requests.Add(1)
			_ = r.ParseForm()
			ts.mu.Lock()
			ts.last, ts.lastForm = r.Clone(r.Context()), r.PostForm
			ts.mu.Unlock()
			ts.answer(w, r)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(ts.Close)
	return ts
}

// newCheckingClient is a test client whose waits take no real time (testClock).
func newCheckingClient(t *testing.T, baseURL string, tune ...func(*Config)) (*Client, *testClock) {
	t.Helper()
	clock := &testClock{}
	c := newTestClient(t, baseURL, "glpat-secret-token", append([]func(*Config){func(cfg *Config) { cfg.Clock = clock }}, tune...)...)
	return c, clock
}

// unauthorized is a 401 invalid_client with the WWW-Authenticate header challenge, or none.
func unauthorized(challenge string) tokenEndpointAnswer {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if challenge != "" {
			w.Header().Set("WWW-Authenticate", challenge)
		}
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"Client authentication failed"}`))
	}
}

func TestCheckSecretReadsEveryAnswer(t *testing.T) {
	for _, tc := range []struct {
		name     string
		answer   tokenEndpointAnswer
		want     SecretVerdict
		attempts int32 // with Retries: 2
	}{
		{"invalid_grant: the secret works", oauthError(400, "invalid_grant"), SecretWorks, 1},
		{"invalid_client, confirmed: the secret no longer works", oauthError(401, "invalid_client"), SecretRejected, 2},
		{"invalid_client without Doorkeeper's header", unauthorized(""), SecretUnknown, 1},
		{"invalid_client with another challenge", unauthorized(`Basic realm="gateway"`), SecretUnknown, 1},
		{"invalid_client with another error", unauthorized(`Bearer realm="Doorkeeper", error="invalid_token"`), SecretUnknown, 1},
		{"invalid_client with the error only quoted", unauthorized(`Bearer error_description="error=\"invalid_client\", see"`), SecretUnknown, 1},
		{"invalid_client with the error as a token", unauthorized(`Bearer realm="Doorkeeper", error=invalid_client`), SecretRejected, 2},
		{"invalid_request proves nothing", oauthError(400, "invalid_request"), SecretUnknown, 1},
		{"unsupported_grant_type proves nothing", oauthError(400, "unsupported_grant_type"), SecretUnknown, 1},
		{"invalid_client with 400 is not Doorkeeper's", oauthError(400, "invalid_client"), SecretUnknown, 1},
		{"invalid_grant with 401 is not Doorkeeper's", oauthError(401, "invalid_grant"), SecretUnknown, 1},
		{"a token issued", rawAnswer(200, "application/json", `{"access_token":"x"}`), SecretUnknown, 1},
		{"429 after the retries", rawAnswer(429, "application/json", `{"message":"Retry later"}`), SecretUnknown, 3},
		{"503 after the retries", rawAnswer(503, "text/html", `<html>down</html>`), SecretUnknown, 3},
		{"500 with Doorkeeper's invalid_client", oauthError(500, "invalid_client"), SecretUnknown, 3},
		{"an HTML page", rawAnswer(401, "text/html", `<html>sign in</html>`), SecretUnknown, 1},
		{"JSON without a content type", rawAnswer(401, "text/plain", `{"error":"invalid_client"}`), SecretUnknown, 1},
		{"truncated JSON", rawAnswer(401, "application/json", `{"error":"invalid_cli`), SecretUnknown, 1},
		{"an error that is not an OAuth code", rawAnswer(401, "application/json", `{"error":"Invalid <b>client</b>"}`), SecretUnknown, 1},
		{"cut after the headers", cutAfterHeaders, SecretUnknown, 1},
		{"cut before any answer", cutBeforeAnswer, SecretUnknown, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTokenServer(t, "", tc.answer)
			c, _ := newCheckingClient(t, ts.URL)
			got, err := c.CheckSecret(t.Context(), "client-id", "gloas-the-secret")
			if got != tc.want {
				t.Errorf("CheckSecret() = %v, %v; want %v", got, err, tc.want)
			}
			if (err != nil) != (tc.want == SecretUnknown) || (err != nil && !errors.Is(err, ErrSecretUnchecked)) {
				t.Errorf("CheckSecret() error = %v", err)
			}
			if err != nil && strings.Contains(err.Error(), "gloas-the-secret") {
				t.Errorf("the error quotes the secret: %v", err)
			}
			if n := ts.requests.Load(); n != tc.attempts {
				t.Errorf("%d requests to the token endpoint, want %d", n, tc.attempts)
			}
		})
	}
}

// TestCheckSecretSendsCredentialsAsDoorkeeperReadsThem: Basic of the raw client id and secret (never
// form-encoded: Doorkeeper does not decode), and form fields for a client id with a colon.
func TestCheckSecretSendsCredentialsAsDoorkeeperReadsThem(t *testing.T) {
	const secret = "se cret+/=:%2B"
	for _, tc := range []struct {
		name, clientID, authorization string
		form                          url.Values
	}{
		{"raw in Basic", "client-id", "Basic " + base64.StdEncoding.EncodeToString([]byte("client-id:"+secret)), url.Values{}},
		{"a client id with a colon in form fields", "id:1", "", url.Values{"client_id": {"id:1"}, "client_secret": {secret}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTokenServer(t, "/gitlab", oauthError(400, "invalid_grant"))
			c, _ := newCheckingClient(t, ts.URL+"/gitlab/api/v4", func(cfg *Config) {
				cfg.Headers = map[string]string{"X-Proxy-Key": "proxy-key-value"}
			})
			if got, err := c.CheckSecret(t.Context(), tc.clientID, secret); got != SecretWorks {
				t.Fatalf("CheckSecret() = %v, %v", got, err)
			}
			ts.mu.Lock()
			defer ts.mu.Unlock()
			r, f := ts.last, ts.lastForm
			if got := r.Header.Get("Authorization"); got != tc.authorization {
				t.Errorf("Authorization = %q, want %q", got, tc.authorization)
			}
			if r.Header.Get("PRIVATE-TOKEN") != "" || r.Header.Get("X-Proxy-Key") != "proxy-key-value" {
				t.Errorf("headers: %v", r.Header)
			}
			if f.Get("grant_type") != "authorization_code" || len(f.Get("code")) < 32 || f.Get("redirect_uri") == "" ||
				f.Get("client_id") != tc.form.Get("client_id") || f.Get("client_secret") != tc.form.Get("client_secret") {
				t.Errorf("form %v", f)
			}
		})
	}
}

func TestCheckSecretFallsBackToTheRootsTokenEndpoint(t *testing.T) {
	for _, tc := range []struct{ name, document string }{
		{"no discovery document", ""},
		{"a token endpoint on another host", `{"token_endpoint":"https://elsewhere.example.com/oauth/token"}`},
		{"a token endpoint outside the root path", `{"token_endpoint":"%s/elsewhere/oauth/token"}`},
		{"a token endpoint with a dot segment", `{"token_endpoint":"%s/gitlab/../elsewhere/oauth/token"}`},
		{"a token endpoint with a query", `{"token_endpoint":"%s/gitlab/oauth/token?to=elsewhere"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var token, elsewhere atomic.Int32
			var srv *httptest.Server
			srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/gitlab/.well-known/openid-configuration":
					if tc.document == "" {
						http.NotFound(w, r)
						return
					}
					w.Header().Set("Content-Type", "application/json")
					_, _ = fmt.Fprintf(w, tc.document, srv.URL)
				case "/gitlab/oauth/token":
					if r.URL.RawQuery != "" {
						elsewhere.Add(1)
					}
					token.Add(1)
					oauthError(401, "invalid_client")(w, r)
				default:
					elsewhere.Add(1)
					http.NotFound(w, r)
				}
			}))
			t.Cleanup(srv.Close)
			c, _ := newCheckingClient(t, srv.URL+"/gitlab")
			if got, err := c.CheckSecret(t.Context(), "id", "secret"); got != SecretRejected || token.Load() != 2 || elsewhere.Load() != 0 {
				t.Errorf("CheckSecret() = %v, %v after %d token requests, %d elsewhere", got, err, token.Load(), elsewhere.Load())
			}
		})
	}
}

func TestCheckSecretBoundsChecksInFlight(t *testing.T) {
	var inFlight, peak atomic.Int32
	ts := newTokenServer(t, "", func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(20 * time.Millisecond)
		oauthError(400, "invalid_grant")(w, r)
	})
	c := newTestClient(t, ts.URL, "glpat-secret-token")
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if got, err := c.CheckSecret(t.Context(), "id", "secret"); got != SecretWorks {
				t.Errorf("CheckSecret() = %v, %v", got, err)
			}
		})
	}
	wg.Wait()
	if p := peak.Load(); p > maxSecretChecksInFlight || p < 2 {
		t.Errorf("%d checks in flight at once, want 2 to %d", p, maxSecretChecksInFlight)
	}
	if n := ts.requests.Load(); n != 20 {
		t.Errorf("%d requests, want 20", n)
	}
}

func TestCheckSecretSendsNothingWithoutASecret(t *testing.T) {
	ts := newTokenServer(t, "", oauthError(400, "invalid_grant"))
	c := newTestClient(t, ts.URL, "glpat-secret-token")
	if got, err := c.CheckSecret(t.Context(), "id", ""); got != SecretUnknown || err == nil || ts.requests.Load() != 0 {
		t.Errorf("CheckSecret() = %v, %v after %d requests", got, err, ts.requests.Load())
	}
}

func TestCheckSecretIsLoggedWithoutCredentials(t *testing.T) {
	ts := newTokenServer(t, "", oauthError(401, "invalid_client"))
	c, _ := newCheckingClient(t, ts.URL)
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &logs)
	const secret = "gloas-0123456789abcdef"
	if got, _ := c.CheckSecret(ctx, "client-id", secret); got != SecretRejected {
		t.Fatalf("CheckSecret() = %v", got)
	}
	out := logs.String()
	if !strings.Contains(out, "/oauth/token") {
		t.Errorf("the request was not logged:\n%s", out)
	}
	basic := base64.StdEncoding.EncodeToString([]byte("client-id:" + secret))
	ts.mu.Lock()
	code := ts.lastForm.Get("code")
	ts.mu.Unlock()
	for _, leak := range []string{secret, basic, "grant_type", code} {
		if strings.Contains(out, leak) {
			t.Errorf("the log holds %q:\n%s", leak, out)
		}
	}
}

func TestCheckSecretStopsWhenCancelled(t *testing.T) {
	ts := newTokenServer(t, "", rawAnswer(503, "text/html", "down"))
	c := newTestClient(t, ts.URL, "glpat-secret-token", func(cfg *Config) {
		cfg.Retries, cfg.RetryWaitMin, cfg.RetryWaitMax, cfg.Clock = 5, time.Hour, time.Hour, RealClock{}
	})
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	got, err := c.CheckSecret(ctx, "id", "secret")
	if got != SecretUnknown || err == nil || time.Since(start) > 10*time.Second {
		t.Errorf("CheckSecret() = %v, %v after %v", got, err, time.Since(start))
	}
}
