package fakegitlabtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// TLSFiles are the PEM files a client of a TLS fake needs.
type TLSFiles struct {
	CACert     string // the CA that signed the server's (and the client's) certificate
	ClientCert string // set when the server demands a client certificate
	ClientKey  string
}

// NewTLSTestServer starts a fake GitLab behind TLS on 127.0.0.1, for the provider's cacert_file,
// client_cert and client_key. Its CA and certificates are generated for this test (ECDSA P-256, valid
// for a day) and written as PEM files to t.TempDir(); with requireClientCert the server also demands
// a client certificate signed by that CA, which TLSFiles holds.
func NewTLSTestServer(t testing.TB, opts fakegitlab.Options, requireClientCert bool) (*fakegitlab.Server, TLSFiles) {
	t.Helper()
	dir := t.TempDir()
	ca := newCertificate(t, nil, pkix.Name{CommonName: "fake GitLab test CA"}, func(c *x509.Certificate) {
		c.IsCA, c.BasicConstraintsValid = true, true
		c.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
	})
	serverCert := newCertificate(t, ca, pkix.Name{CommonName: "127.0.0.1"}, func(c *x509.Certificate) {
		c.IPAddresses = []net.IP{net.ParseIP("127.0.0.1"), net.IPv6loopback}
		c.DNSNames = []string{"localhost"}
		c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	})
	files := TLSFiles{CACert: writePEM(t, dir, "ca.pem", "CERTIFICATE", ca.der)}

	s := fakegitlab.New(opts)
	ts := httptest.NewUnstartedServer(s.Handler())
	ts.TLS = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{serverCert.pair()}}
	if requireClientCert {
		client := newCertificate(t, ca, pkix.Name{CommonName: "terraform"}, func(c *x509.Certificate) {
			c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
		})
		files.ClientCert = writePEM(t, dir, "client.pem", "CERTIFICATE", client.der)
		keyDER, err := x509.MarshalECPrivateKey(client.key)
		if err != nil {
			t.Fatal(err)
		}
		files.ClientKey = writePEM(t, dir, "client-key.pem", "EC PRIVATE KEY", keyDER)
		pool := x509.NewCertPool()
		pool.AddCert(ca.cert)
		ts.TLS.ClientCAs = pool
		ts.TLS.ClientAuth = tls.RequireAndVerifyClientCert
	}
	ts.StartTLS()
	t.Cleanup(ts.Close)
	s.SetURL(ts.URL)
	return s, files
}

// TLSConfig is a client configuration that trusts the CA and, when there is one, presents the client
// certificate: what the provider builds from cacert_file, client_cert and client_key.
func (f TLSFiles) TLSConfig() (*tls.Config, error) {
	caPEM, err := os.ReadFile(f.CACert)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("%s holds no PEM certificate", f.CACert)
	}
	config := &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: pool}
	if f.ClientCert != "" {
		pair, err := tls.LoadX509KeyPair(f.ClientCert, f.ClientKey)
		if err != nil {
			return nil, err
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

// newCertificate makes a certificate signed by parent, or self-signed when parent is nil.
func newCertificate(t testing.TB, parent *certificate, subject pkix.Name, shape func(*x509.Certificate)) *certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	template := &x509.Certificate{
		SerialNumber: serial, Subject: subject,
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
