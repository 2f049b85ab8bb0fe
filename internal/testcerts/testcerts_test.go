package testcerts

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"testing"
)

func TestAuthority(t *testing.T) {
	t.Parallel()
	ca := New(t)
	ok := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	get := func(url string, config *tls.Config) error {
		client := &http.Client{Transport: &http.Transport{TLSClientConfig: config}}
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}

	server := ca.StartServer(t, ok, false)
	files := ca.WriteFiles(t, false)
	if files.CACert == "" || files.ClientCert != "" || files.ClientKey != "" {
		t.Errorf("files without the client certificate: %+v", files)
	}
	config, err := files.TLSConfig()
	if err != nil {
		t.Fatal(err)
	}
	if err := get(server.URL, config); err != nil {
		t.Errorf("a client that trusts the CA: %v", err)
	}
	var unknownCA x509.UnknownAuthorityError
	if err := get(server.URL, &tls.Config{MinVersion: tls.VersionTLS12}); !errors.As(err, &unknownCA) {
		t.Errorf("a client that does not trust the CA: %v", err)
	}
	// The certificate holds every loopback name; the server listens on 127.0.0.1 only.
	for _, name := range []string{"127.0.0.1", "::1", "localhost"} {
		if _, err := server.Certificate().Verify(x509.VerifyOptions{DNSName: name, Roots: config.RootCAs}); err != nil {
			t.Errorf("the server certificate for %s: %v", name, err)
		}
	}

	mutual := ca.StartServer(t, ok, true)
	files = ca.WriteFiles(t, true)
	config, err = files.TLSConfig()
	if err != nil {
		t.Fatal(err)
	}
	if err := get(mutual.URL, config); err != nil {
		t.Errorf("a client with the client certificate: %v", err)
	}
	config.Certificates = nil
	if err := get(mutual.URL, config); err == nil {
		t.Error("a client without a certificate got an answer")
	}
}
