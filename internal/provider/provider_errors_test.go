package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
)

// TestAccProvider_configurationErrors: one of each class of configuration error through the CLI: a
// check of Configure, the schema's validators, a value known only at apply. The client's own
// configuration errors (unreadable files) are in TestErrorsNameTheCauseAndTheFix.
func TestAccProvider_configurationErrors(t *testing.T) {
	t.Parallel()
	env := acctest.New(t, acctest.FakeOnly("configuration errors need only a server to point at"))
	block := applicationBlock("gitlab_user_application", "app", "https://app.example.com/cb", `["openid"]`, "")
	for _, tc := range []struct {
		name, config, want string
	}{
		{"missing token", `provider "gitlab" {
  base_url = "` + env.BaseURL + `"
  token    = ""
}`, `Missing\s+GitLab\s+token`},
		{"client certificate without key", env.ProviderConfigWith(env.UserToken, `  client_cert = "/nonexistent/cert.pem"`+"\n"), `Attribute\s+"client_key"\s+must\s+be\s+specified\s+when\s+"client_cert"\s+is\s+specified`},
		{"client key without certificate", env.ProviderConfigWith(env.UserToken, `  client_key = "/nonexistent/key.pem"`+"\n"), `Attribute\s+"client_cert"\s+must\s+be\s+specified\s+when\s+"client_key"\s+is\s+specified`},
		{"value unknown at plan time", `resource "terraform_data" "later" {
  input = "x"
}
provider "gitlab" {
  base_url = "` + env.BaseURL + `"
  token    = terraform_data.later.output
}`, `Provider\s+configuration\s+not\s+known\s+at\s+plan\s+time`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acctest.Run(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories(),
				CheckDestroy:             env.CheckDestroy(),
				Steps: []resource.TestStep{{
					Config:      tc.config + block,
					ExpectError: regexp.MustCompile(`(?s)` + tc.want),
				}},
			})
		})
	}
}
