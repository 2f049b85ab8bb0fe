package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// TestAccProvider_oauthAccessToken: `token` may be an OAuth access token, which GitLab reads only from
// `Authorization: Bearer` (PRIVATE-TOKEN is read as an access token only): the provider checks it at
// start and manages the user's applications with it.
func TestAccProvider_oauthAccessToken(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it issues an OAuth access token"))
	token := env.Fake.AddToken(env.Fake.UserID(fakegitlab.UserToken), "", fakegitlab.TokenOptions{OAuth: true})
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{{
			Config: env.ProviderConfig(token) +
				applicationBlock("gitlab_user_application", acctest.Name("oauth-token"), "https://app.example.com/cb", `["openid"]`, ""),
			ConfigStateChecks: []statecheck.StateCheck{env.Secrets("gitlab_user_application.test").ExpectWorking()},
			Check:             expectGitLabAsInState(env),
		}},
	})
}
