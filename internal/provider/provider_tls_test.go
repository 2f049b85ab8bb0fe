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
	plain, plainFiles := fakegitlabtest.NewTLSTestServer(t, fakegitlab.Options{}, false)
	mutual, mutualFiles := fakegitlabtest.NewTLSTestServer(t, fakegitlab.Options{}, true)
	cases := []struct {
		name   string
		server *fakegitlab.Server
		files  fakegitlabtest.TLSFiles
		extra  string
		want   string // "" for success
	}{
		{"CA file", plain, plainFiles, fmt.Sprintf("  cacert_file = %q\n", plainFiles.CACert), ""},
		{"no CA file", plain, plainFiles, "", `certificate\s+signed\s+by\s+unknown\s+authority`},
		{"insecure", plain, plainFiles, "  insecure = true\n", ""},
		{"client certificate", mutual, mutualFiles, fmt.Sprintf("  cacert_file = %q\n  client_cert = %q\n  client_key = %q\n",
			mutualFiles.CACert, mutualFiles.ClientCert, mutualFiles.ClientKey), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := acctest.New(t, acctest.TLSServer(tc.server, tc.files))
			step := resource.TestStep{
				Config: env.ProviderConfigWith(env.UserToken, tc.extra) +
					applicationBlock("gitlab_user_application", acctest.Name("tls"), "https://app.example.com/cb", `["openid"]`, ""),
			}
			if tc.want != "" {
				step.ExpectError = regexp.MustCompile(`(?s)Cannot\s+authenticate\s+to\s+GitLab.*` + tc.want)
			}
			acctest.Run(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories(), CheckDestroy: env.CheckDestroy(), Steps: []resource.TestStep{step}})
		})
	}
}
