package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
)

// TestAccProvider_tls reaches a self-managed GitLab behind its own CA, and one that demands client
// certificates; a CA it was not given fails the early check. TestErrorsNameTheCauseAndTheFix tests the
// messages of the other TLS failures.
func TestAccProvider_tls(t *testing.T) {
	t.Parallel()
	if acctest.Real() {
		t.Skip("needs the fake GitLab: it serves the fake GitLab behind TLS")
	}
	block := applicationBlock("gitlab_user_application", acctest.Name("tls"), "https://app.example.com/cb", `["openid"]`, "")
	t.Run("own CA", func(t *testing.T) {
		server, files := fakegitlabtest.NewTLSTestServer(t, fakegitlab.Options{}, false)
		env := acctest.New(t, acctest.TLSServer(server, files))
		acctest.Run(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories(),
			CheckDestroy:             env.CheckDestroy(),
			Steps: []resource.TestStep{
				{
					Config:      env.ProviderConfig(env.UserToken) + block,
					ExpectError: regexp.MustCompile(`(?s)Cannot\s+authenticate\s+to\s+GitLab.*certificate\s+signed\s+by\s+unknown\s+authority`),
				},
				{Config: env.ProviderConfigWith(env.UserToken, fmt.Sprintf("  cacert_file = %q\n", files.CACert)) + block},
				// The same application, reached without checking the certificate.
				{Config: env.ProviderConfigWith(env.UserToken, "  insecure = true\n") + block},
			},
		})
	})
	t.Run("client certificate", func(t *testing.T) {
		server, files := fakegitlabtest.NewTLSTestServer(t, fakegitlab.Options{}, true)
		env := acctest.New(t, acctest.TLSServer(server, files))
		acctest.Run(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories(),
			CheckDestroy:             env.CheckDestroy(),
			Steps: []resource.TestStep{{
				Config: env.ProviderConfigWith(env.UserToken, fmt.Sprintf("  cacert_file = %q\n  client_cert = %q\n  client_key = %q\n",
					files.CACert, files.ClientCert, files.ClientKey)) + block,
			}},
		})
	})
}
