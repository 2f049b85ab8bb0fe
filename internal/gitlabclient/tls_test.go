package gitlabclient

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testPKI is a CA with a server certificate for 127.0.0.1 and a client certificate, as PEM files.
type testPKI struct {
	caFile, clientCertFile, clientKeyFile string
	caPool                                *x509.CertPool
	server                                tls.Certificate
}

func newTestPKI(t *testing.T) *testPKI {
	t.Helper()
	dir := t.TempDir()
	caKey := newKey(t)
	caTemplate := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	pki := &testPKI{caPool: x509.NewCertPool()}
	pki.caPool.AddCert(ca)
	pki.caFile = writePEM(t, dir, "ca.pem", "CERTIFICATE", caDER)

	issue := func(serial int64, usage x509.ExtKeyUsage, ips []net.IP) ([]byte, *ecdsa.PrivateKey) {
		key := newKey(t)
		template := &x509.Certificate{
			SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "test"},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage}, IPAddresses: ips,
		}
		der, err := x509.CreateCertificate(rand.Reader, template, ca, &key.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		return der, key
	}
	serverDER, serverKey := issue(2, x509.ExtKeyUsageServerAuth, []net.IP{net.IPv4(127, 0, 0, 1)})
	pki.server = tls.Certificate{Certificate: [][]byte{serverDER}, PrivateKey: serverKey}
	clientDER, clientKey := issue(3, x509.ExtKeyUsageClientAuth, nil)
	pki.clientCertFile = writePEM(t, dir, "client.pem", "CERTIFICATE", clientDER)
	keyDER, err := x509.MarshalPKCS8PrivateKey(clientKey)
	if err != nil {
		t.Fatal(err)
	}
	pki.clientKeyFile = writePEM(t, dir, "client-key.pem", "PRIVATE KEY", keyDER)
	return pki
}

func newKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func writePEM(t *testing.T, dir, name, kind string, der []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// tlsServer serves GET /api/v4/user over TLS with the PKI's server certificate, requiring a client
// certificate when asked to, and counts the requests that got through.
func (p *testPKI) tlsServer(t *testing.T, requireClientCert bool) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var handled atomic.Int32
	server := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		handled.Add(1)
		writeJSON(w, http.StatusOK, map[string]any{"id": 1, "username": "root"})
	}))
	server.Config.ErrorLog = log.New(io.Discard, "", 0)
	server.TLS = &tls.Config{Certificates: []tls.Certificate{p.server}, MinVersion: tls.VersionTLS12}
	if requireClientCert {
		server.TLS.ClientAuth = tls.RequireAndVerifyClientCert
		server.TLS.ClientCAs = p.caPool
	}
	server.StartTLS()
	t.Cleanup(server.Close)
	return server, &handled
}

func TestTLS(t *testing.T) {
	ctx := context.Background()
	pki := newTestPKI(t)
	server, _ := pki.tlsServer(t, false)
	mutual, handled := pki.tlsServer(t, true)
	withTLS := func(ca string, insecure bool, cert, key string) func(*Config) {
		return func(c *Config) {
			c.CACertFile, c.Insecure, c.ClientCert, c.ClientKey = ca, insecure, cert, key
			c.Retries, c.RetryWaitMin, c.RetryWaitMax = 3, 200*time.Millisecond, 200*time.Millisecond
		}
	}

	if _, err := newTestClient(t, server.URL, adminToken, withTLS(pki.caFile, false, "", "")).CurrentUser(ctx); err != nil {
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

	if _, err := newTestClient(t, mutual.URL, adminToken, withTLS(pki.caFile, false, pki.clientCertFile, pki.clientKeyFile)).CurrentUser(ctx); err != nil {
		t.Errorf("with a client certificate: %v", err)
	}
	start = time.Now()
	_, err = newTestClient(t, mutual.URL, adminToken, withTLS(pki.caFile, false, "", "")).CurrentUser(ctx)
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
	pki := newTestPKI(t)
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
		{"a certificate without its key", Config{ClientCert: pki.clientCertFile}, "client_cert is set but client_key is not"},
		{"a key without its certificate", Config{ClientKey: pki.clientKeyFile}, "client_key is set but client_cert is not"},
		{"a missing client certificate", Config{ClientCert: missing, ClientKey: pki.clientKeyFile}, `cannot read client_cert "` + missing + `"`},
		{"a missing client key", Config{ClientCert: pki.clientCertFile, ClientKey: missing}, `cannot read client_key "` + missing + `"`},
		{"a key that is no key", Config{ClientCert: pki.clientCertFile, ClientKey: garbage},
			`client_cert "` + pki.clientCertFile + `" and client_key "` + garbage + `" are not a PEM certificate and its key`},
		{"a CA certificate as the client key", Config{ClientCert: pki.clientCertFile, ClientKey: pki.caFile}, "are not a PEM certificate and its key"},
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
