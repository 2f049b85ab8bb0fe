package gitlabclient

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// discoveryServer answers the discovery document at path (404 elsewhere) and counts the requests.
func discoveryServer(t *testing.T, path string, status int, body string) (*httptest.Server, *atomic.Int32, chan http.Header) {
	t.Helper()
	var count atomic.Int32
	headers := make(chan http.Header, 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		count.Add(1)
		headers <- r.Header.Clone()
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv, &count, headers
}

func TestSupportedScopesReadsTheRootDocumentOnce(t *testing.T) {
	for _, tc := range []struct{ name, mount, baseSuffix string }{
		{"at the root", "", ""},
		{"base_url with /api/v4", "", "/api/v4"},
		{"under a relative path", "/gitlab", "/gitlab/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, count, headers := discoveryServer(t, tc.mount+"/.well-known/openid-configuration", 200,
				`{"issuer":"x","scopes_supported":["api","read_user","brand_new"]}`)
			c := newTestClient(t, srv.URL+tc.baseSuffix, "glpat-secret-token", func(cfg *Config) {
				cfg.Headers = map[string]string{"X-Proxy-Key": "proxy-key-value"}
			})
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					scopes, err := c.SupportedScopes(t.Context())
					if err != nil || !slices.Equal(scopes, []string{"api", "read_user", "brand_new"}) {
						t.Errorf("SupportedScopes() = %v, %v", scopes, err)
					}
				})
			}
			wg.Wait()
			if n := count.Load(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
			h := <-headers
			if h.Get("PRIVATE-TOKEN") != "" || h.Get("Authorization") != "" {
				t.Errorf("the token was sent: %v", h)
			}
			if h.Get("X-Proxy-Key") != "proxy-key-value" {
				t.Errorf("the configured headers were not sent: %v", h)
			}
		})
	}
}

func TestSupportedScopesRemembersAFailure(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
	}{
		{"blocked", 404, `<html>Not Found</html>`},
		{"forbidden by a proxy", 403, `denied`},
		{"not JSON", 200, `<html>sign in</html>`},
		{"no scopes_supported", 200, `{"issuer":"x"}`},
		{"empty scopes_supported", 200, `{"scopes_supported":[]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, count, _ := discoveryServer(t, "/.well-known/openid-configuration", tc.status, tc.body)
			c := newTestClient(t, srv.URL, "glpat-secret-token")
			for range 3 {
				scopes, err := c.SupportedScopes(t.Context())
				if scopes != nil || !errors.Is(err, ErrScopesUnknown) {
					t.Errorf("SupportedScopes() = %v, %v; want ErrScopesUnknown", scopes, err)
				}
			}
			if n := count.Load(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
	t.Run("no answer", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		srv.Close()
		c := newTestClient(t, srv.URL, "glpat-secret-token")
		if _, err := c.SupportedScopes(t.Context()); !errors.Is(err, ErrScopesUnknown) {
			t.Errorf("SupportedScopes() error = %v, want ErrScopesUnknown", err)
		}
	})
}

func TestSupportedScopesIsLoggedWithoutSecrets(t *testing.T) {
	srv, _, _ := discoveryServer(t, "/.well-known/openid-configuration", 200, `{"scopes_supported":["api"]}`)
	c := newTestClient(t, srv.URL, "glpat-secret-token", func(cfg *Config) {
		cfg.Headers = map[string]string{"X-Proxy-Key": "proxy-key-value"}
	})
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &logs)
	if _, err := c.SupportedScopes(ctx); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "/.well-known/openid-configuration") {
		t.Errorf("the request was not logged:\n%s", out)
	}
	if strings.Contains(out, "glpat-secret-token") || strings.Contains(out, "proxy-key-value") {
		t.Errorf("a secret was logged:\n%s", out)
	}
}
