package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// TestAccProvider_valuesGitLabRefusesAtApply: a value GitLab refuses at apply ends in a message that
// names it, with GitLab's own words kept, and nothing is created. (With the discovery document blocked,
// the plan cannot know the server's scopes.) TestErrorsNameTheCauseAndTheFix tests the message of
// every refusal; TestAccInstanceApplication_tokenErrorsNameTheCause shows a refused token.
func TestAccProvider_valuesGitLabRefusesAtApply(t *testing.T) {
	env := acctest.New(t, acctest.Fake(fakegitlab.Options{Scopes: []string{"api", "read_user", "openid"}, HideDiscovery: true}))
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{{
			Config:      userAppConfig(env, acctest.Name("err"), "https://app.example.com/cb", `["openid", "ai_workflows"]`, ""),
			ExpectError: regexp.MustCompile(`GitLab\s+refused\s+these\s+values:\s+-\s+scopes\s+doesn't\s+match\s+configured\s+on\s+the\s+server`),
		}},
	})
	for _, app := range env.Fake.Applications() {
		t.Errorf("application %d %q exists after a failed create", app.ID, app.Name)
	}
}

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
