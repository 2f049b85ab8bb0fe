package fakegitlabtest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

func TestTLSTestServer(t *testing.T) {
	t.Parallel()
	for _, requireClientCert := range []bool{false, true} {
		s, files := NewTLSTestServer(t, fakegitlab.Options{}, requireClientCert)
		if !strings.HasPrefix(s.URL(), "https://127.0.0.1:") {
			t.Fatalf("URL %s", s.URL())
		}
		if (files.ClientCert != "") != requireClientCert || (files.ClientKey != "") != requireClientCert {
			t.Errorf("files %+v", files)
		}
		config, err := files.TLSConfig()
		if err != nil {
			t.Fatal(err)
		}
		client := &http.Client{Transport: &http.Transport{TLSClientConfig: config}}
		req, _ := http.NewRequest("GET", s.URL()+"/api/v4/user", nil)
		req.Header.Set("PRIVATE-TOKEN", fakegitlab.UserToken)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("client cert %v: %v", requireClientCert, err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("status %d", resp.StatusCode)
		}

		// Without the CA, the certificate is not trusted; without the client certificate, the handshake fails.
		if _, err := http.Get(s.URL() + "/api/v4/user"); err == nil {
			t.Error("a client without the CA trusted the server")
		}
		if requireClientCert {
			config.Certificates = nil
			client := &http.Client{Transport: &http.Transport{TLSClientConfig: config}}
			if resp, err := client.Get(s.URL() + "/api/v4/user"); err == nil {
				resp.Body.Close()
				t.Error("a client without a certificate got an answer")
			}
		}
	}
}
