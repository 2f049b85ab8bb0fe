// Package testcerts makes a certificate authority for one test: a CA, a server certificate for the
// loopback addresses and a client certificate, in memory and, when asked, as PEM files. It depends on
// neither the client nor the fake GitLab, so that both can test TLS with it without depending on each
// other.
package testcerts

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Authority is a CA made for one test with the two certificates it signed: one a server presents
// for 127.0.0.1, ::1 and localhost, and one a client presents. Every key is ECDSA P-256 and every
// certificate is valid from an hour ago for a day.
type Authority struct {
	ca, server, client *certificate
}

// New makes a CA and its server and client certificates.
func New(t testing.TB) *Authority {
	t.Helper()
	ca := newCertificate(t, nil, "test CA", func(c *x509.Certificate) {
		c.IsCA, c.BasicConstraintsValid = true, true
		c.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
	})
	server := newCertificate(t, ca, "127.0.0.1", func(c *x509.Certificate) {
		c.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
		c.DNSNames = []string{"localhost"}
		c.KeyUsage = x509.KeyUsageDigitalSignature
		c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	})
	client := newCertificate(t, ca, "terraform", func(c *x509.Certificate) {
		c.KeyUsage = x509.KeyUsageDigitalSignature
		c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	})
	return &Authority{ca: ca, server: server, client: client}
}

// StartServer serves handler over TLS on 127.0.0.1 with the server certificate until the test ends;
// with requireClientCert it refuses a client without a certificate the CA signed. The handshakes it
// refuses are not logged: TLS tests provoke them on purpose.
func (a *Authority) StartServer(t testing.TB, handler http.Handler, requireClientCert bool) *httptest.Server {
	t.Helper()
	server := httptest.NewUnstartedServer(handler)
	server.Config.ErrorLog = log.New(refusedHandshakesDropped{}, "", log.LstdFlags)
	server.TLS = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{a.server.pair()}}
	if requireClientCert {
		server.TLS.ClientCAs = x509.NewCertPool()
		server.TLS.ClientCAs.AddCert(a.ca.cert)
		server.TLS.ClientAuth = tls.RequireAndVerifyClientCert
	}
	server.StartTLS()
	t.Cleanup(server.Close)
	return server
}

// refusedHandshakesDropped passes a server's error log on to standard error, but for the TLS
// handshakes the server refused.
type refusedHandshakesDropped struct{}

func (refusedHandshakesDropped) Write(line []byte) (int, error) {
	if bytes.Contains(line, []byte("http: TLS handshake error")) {
		return len(line), nil
	}
	n, err := os.Stderr.Write(line)
	if err != nil {
		return n, fmt.Errorf("writing the server's error log: %w", err)
	}
	return n, nil
}

// Files are PEM files of an Authority, as a client's configuration names them.
type Files struct {
	CACert     string // the CA's certificate
	ClientCert string // the client certificate; empty unless it was asked for
	ClientKey  string // its key (PKCS #8); empty unless it was asked for
}

// WriteFiles writes the CA's certificate and, withClientCert, the client certificate and its key as
// PEM files to a directory of the test's own.
func (a *Authority) WriteFiles(t testing.TB, withClientCert bool) Files {
	t.Helper()
	dir := t.TempDir()
	files := Files{CACert: writePEM(t, dir, "ca.pem", "CERTIFICATE", a.ca.der)}
	if withClientCert {
		keyDER, err := x509.MarshalPKCS8PrivateKey(a.client.key)
		if err != nil {
			t.Fatal(err)
		}
		files.ClientCert = writePEM(t, dir, "client.pem", "CERTIFICATE", a.client.der)
		files.ClientKey = writePEM(t, dir, "client-key.pem", "PRIVATE KEY", keyDER)
	}
	return files
}

// TLSConfig is a client configuration read from the files: it trusts the CA and, when there is one,
// presents the client certificate. It checks the files on their own, apart from the provider's
// reading of cacert_file, client_cert and client_key.
func (f Files) TLSConfig() (*tls.Config, error) {
	caPEM, err := os.ReadFile(f.CACert)
	if err != nil {
		return nil, fmt.Errorf("reading the CA certificate: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("%s holds no PEM certificate", f.CACert)
	}
	config := &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: pool}
	if f.ClientCert != "" {
		pair, err := tls.LoadX509KeyPair(f.ClientCert, f.ClientKey)
		if err != nil {
			return nil, fmt.Errorf("reading the client certificate: %w", err)
		}
		config.Certificates = []tls.Certificate{pair}
	}
	return config, nil
}

type certificate struct {
	cert *x509.Certificate
	der  []byte
	key  *ecdsa.PrivateKey
}

func (c *certificate) pair() tls.Certificate {
	return tls.Certificate{Certificate: [][]byte{c.der}, PrivateKey: c.key, Leaf: c.cert}
}

// newCertificate makes a certificate for commonName signed by parent, or self-signed when parent is
// nil; shape sets what sets it apart (a CA's constraints, a server's names, the usages).
func newCertificate(t testing.TB, parent *certificate, commonName string, shape func(*x509.Certificate)) *certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: serial, Subject: pkix.Name{CommonName: commonName},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
	}
	shape(template)
	signer, signerKey := template, key
	if parent != nil {
		signer, signerKey = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, template, signer, &key.PublicKey, signerKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &certificate{cert: cert, der: der, key: key}
}

func writePEM(t testing.TB, dir, name, blockType string, der []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
