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
	env := acctest.New(t, acctest.FakeOnly("configuration errors need only a server to point at"))
	block := applicationBlock("gitlab_user_application", "app", "https://app.example.com/cb", `["openid"]`, "")
	var steps []resource.TestStep
	for _, tc := range []struct {
		config, want string
	}{
		// a missing token
		{`provider "gitlab" {
  base_url = "` + env.BaseURL + `"
  token    = ""
}`, `Missing\s+GitLab\s+token`},
		// a client certificate without its key, and a key without its certificate
		{env.ProviderConfigWith(env.UserToken, `  client_cert = "/nonexistent/cert.pem"`+"\n"), `Attribute\s+"client_key"\s+must\s+be\s+specified\s+when\s+"client_cert"\s+is\s+specified`},
		{env.ProviderConfigWith(env.UserToken, `  client_key = "/nonexistent/key.pem"`+"\n"), `Attribute\s+"client_cert"\s+must\s+be\s+specified\s+when\s+"client_key"\s+is\s+specified`},
		// a value unknown at plan time
		{`resource "terraform_data" "later" {
  input = "x"
}
provider "gitlab" {
  base_url = "` + env.BaseURL + `"
  token    = terraform_data.later.output
}`, `Provider\s+configuration\s+not\s+known\s+at\s+plan\s+time`},
	} {
		steps = append(steps, resource.TestStep{Config: tc.config + block, ExpectError: regexp.MustCompile(`(?s)` + tc.want)})
	}
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps:                    steps,
	})
}
