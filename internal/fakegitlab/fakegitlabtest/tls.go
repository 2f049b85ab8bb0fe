package fakegitlabtest

import (
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/testcerts"
)

// NewTLSTestServer starts a fake GitLab behind TLS on 127.0.0.1, for the provider's cacert_file,
// client_cert and client_key. Its CA and certificates are made for this test (package testcerts)
// and written as PEM files; with requireClientCert the server also demands a client certificate
// signed by that CA, and the files hold one.
func NewTLSTestServer(t testing.TB, opts fakegitlab.Options, requireClientCert bool) (*fakegitlab.Server, testcerts.Files) {
	t.Helper()
	ca := testcerts.New(t)
	s := fakegitlab.New(opts)
	s.SetURL(ca.StartServer(t, s.Handler(), requireClientCert).URL)
	return s, ca.WriteFiles(t, requireClientCert)
}
