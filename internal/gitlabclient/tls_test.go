package gitlabclient

import (
	"context"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/testcerts"
)

// tlsServer serves GET /api/v4/user over TLS with the CA's server certificate, requiring a client
// certificate when asked to, and counts the requests that got through.
func tlsServer(t *testing.T, ca *testcerts.Authority, requireClientCert bool) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var handled atomic.Int32
	server := ca.StartServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		handled.Add(1)
		writeJSON(w, http.StatusOK, map[string]any{"id": 1, "username": "root"})
	}), requireClientCert)
	return server, &handled
}

func TestTLS(t *testing.T) {
	ctx := context.Background()
	authority := testcerts.New(t)
	files := authority.WriteFiles(t, true)
	server, _ := tlsServer(t, authority, false)
	mutual, handled := tlsServer(t, authority, true)
	withTLS := func(ca string, insecure bool, cert, key string) func(*Config) {
		return func(c *Config) {
			c.CACertFile, c.Insecure, c.ClientCert, c.ClientKey = ca, insecure, cert, key
			c.Retries, c.RetryWaitMin, c.RetryWaitMax = 3, 200*time.Millisecond, 200*time.Millisecond
		}
	}

	if _, err := newTestClient(t, server.URL, adminToken, withTLS(files.CACert, false, "", "")).CurrentUser(ctx); err != nil {
		t.Errorf("with cacert_file: %v", err)
	}
	if _, err := newTestClient(t, server.URL, adminToken, withTLS("", true, "", "")).CurrentUser(ctx); err != nil {
		t.Errorf("insecure: %v", err)
	}
	start := time.Now()
	_, err := newTestClient(t, server.URL, adminToken, withTLS("", false, "", "")).CurrentUser(ctx)
	var unknownCA x509.UnknownAuthorityError
	if !errors.As(err, &unknownCA) || !errors.Is(err, ErrNoAnswer) || !strings.Contains(err.Error(), "TLS with GitLab failed") {
		t.Errorf("an unknown CA: %v", err)
	}
	if took := time.Since(start); took > 150*time.Millisecond {
		t.Errorf("an unknown CA took %v: a certificate error must not be retried", took)
	}

	if _, err := newTestClient(t, mutual.URL, adminToken, withTLS(files.CACert, false, files.ClientCert, files.ClientKey)).CurrentUser(ctx); err != nil {
		t.Errorf("with a client certificate: %v", err)
	}
	start = time.Now()
	_, err = newTestClient(t, mutual.URL, adminToken, withTLS(files.CACert, false, "", "")).CurrentUser(ctx)
	if !errors.Is(err, ErrNoAnswer) || !strings.Contains(err.Error(), "TLS with GitLab failed") {
		t.Errorf("without the required client certificate: %v", err)
	}
	if took := time.Since(start); took > 150*time.Millisecond {
		t.Errorf("a refused client certificate took %v: it must not be retried", took)
	}
	if n := handled.Load(); n != 1 {
		t.Errorf("the server handled %d requests, want 1", n)
	}

	// A plain HTTP server behind an https base URL.
	plain := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(plain.Close)
	_, err = newTestClient(t, strings.Replace(plain.URL, "http://", "https://", 1), adminToken, withTLS("", false, "", "")).CurrentUser(ctx)
	if !strings.Contains(err.Error(), "does not speak TLS") {
		t.Errorf("https to an HTTP server: %v", err)
	}
}

func TestTLSConfigErrors(t *testing.T) {
	files := testcerts.New(t).WriteFiles(t, true)
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.pem")
	garbage := filepath.Join(dir, "garbage.pem")
	if err := os.WriteFile(garbage, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"a missing CA file", Config{CACertFile: missing}, `cannot read cacert_file "` + missing + `": no such file or directory`},
		{"a CA file without certificates", Config{CACertFile: garbage}, `cacert_file "` + garbage + `" holds no PEM certificate`},
		{"a CA directory", Config{CACertFile: dir}, `cannot read cacert_file "` + dir + `"`},
		{"a certificate without its key", Config{ClientCert: files.ClientCert}, "client_cert is set but client_key is not"},
		{"a key without its certificate", Config{ClientKey: files.ClientKey}, "client_key is set but client_cert is not"},
		{"a missing client certificate", Config{ClientCert: missing, ClientKey: files.ClientKey}, `cannot read client_cert "` + missing + `"`},
		{"a missing client key", Config{ClientCert: files.ClientCert, ClientKey: missing}, `cannot read client_key "` + missing + `"`},
		{"a key that is no key", Config{ClientCert: files.ClientCert, ClientKey: garbage},
			`client_cert "` + files.ClientCert + `" and client_key "` + garbage + `" are not a PEM certificate and its key`},
		{"a CA certificate as the client key", Config{ClientCert: files.ClientCert, ClientKey: files.CACert}, "are not a PEM certificate and its key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Token = adminToken
			_, err := New(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}
