package gitlabclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
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

func TestSupportedScopesForgetsATransientFailure(t *testing.T) {
	srv, count := flakyDiscovery(t, 3, http.StatusServiceUnavailable) // Retries: 2, so three attempts fail
	c := newTestClient(t, srv.URL, "glpat-secret-token")
	if _, err := c.SupportedScopes(t.Context()); !errors.Is(err, ErrScopesUnknown) {
		t.Fatalf("SupportedScopes() error = %v, want ErrScopesUnknown", err)
	}
	scopes, err := c.SupportedScopes(t.Context())
	if err != nil || !slices.Equal(scopes, []string{"api"}) || count.Load() != 4 {
		t.Errorf("after a 503 storm: SupportedScopes() = %v, %v after %d requests; want [api] after 4", scopes, err, count.Load())
	}
	if _, err := c.SupportedScopes(t.Context()); err != nil || count.Load() != 4 {
		t.Errorf("the document was not kept: %v, %d requests", err, count.Load())
	}
}

func TestSupportedScopesForgetsACancelledCaller(t *testing.T) {
	srv, count := flakyDiscovery(t, 1, 0)
	c := newTestClient(t, srv.URL, "glpat-secret-token", func(cfg *Config) { cfg.Retries = 0 })
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.SupportedScopes(ctx); !errors.Is(err, ErrScopesUnknown) {
		t.Fatalf("cancelled SupportedScopes() error = %v, want ErrScopesUnknown", err)
	}
	scopes, err := c.SupportedScopes(t.Context())
	if err != nil || !slices.Equal(scopes, []string{"api"}) {
		t.Errorf("after a cancelled caller: SupportedScopes() = %v, %v after %d requests", scopes, err, count.Load())
	}
}
