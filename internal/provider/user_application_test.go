package provider

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

const userApp = "gitlab_user_application.test"

// userAppConfig is a gitlab_user_application owned by the ordinary user; triggers may be "".
func userAppConfig(env *acctest.Env, name, redirectURI, scopes, triggers string) string {
	return env.ProviderConfig(env.Token("gitlab_user_application")) + applicationBlock("gitlab_user_application", name, redirectURI, scopes, triggers)
}

func TestAccUserApplication_errorsNameTheCause(t *testing.T) {
	t.Parallel()
	t.Run("another user's application", func(t *testing.T) {
		env := acctest.New(t)
		if env.OtherUserToken == "" {
			t.Skip("needs a second user's token: set GITLAB_OTHER_USER_TOKEN")
		}
		other := env.CreateUserApplication(t, env.OtherUserToken, gitlabclient.CreateOptions{
			Name: acctest.Name("theirs"), RedirectURI: "https://app.example.com/callback", Scopes: []string{"read_user"}, Confidential: true,
		})
		id := strconv.FormatInt(other.ID, 10)
		acctest.Run(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories(),
			CheckDestroy:             env.CheckDestroy(),
			Steps: []resource.TestStep{{
				Config: env.ProviderConfig(env.Token("gitlab_user_application")) + acctest.ImportBlock(userApp, id) +
					applicationBlock("gitlab_user_application", "theirs", "https://app.example.com/callback", `["read_user"]`, ""),
				ExpectError: regexp.MustCompile(`application\s+` + id + `\s+\(403\):\s+it\s+belongs\s+to\s+another\s+user`),
			}},
		})
	})
	t.Run("GitLab older than 19.0", func(t *testing.T) {
		env := acctest.New(t, acctest.Fake(fakegitlab.Options{NoUserApplications: true}))
		acctest.Run(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories(),
			CheckDestroy:             env.CheckDestroy(),
			Steps: []resource.TestStep{
				{
					Config:      userAppConfig(env, acctest.Name("old"), "https://app.example.com/callback", `["read_user"]`, ""),
					ExpectError: regexp.MustCompile(`needs\s+GitLab\s+19\.0\s+or\s+newer`),
				},
				{
					// A Read on such a server is an error too, never "deleted, create it again".
					Config: env.ProviderConfig(env.Token("gitlab_user_application")) + acctest.ImportBlock(userApp, "7") +
						applicationBlock("gitlab_user_application", "old", "https://app.example.com/callback", `["read_user"]`, ""),
					ExpectError: regexp.MustCompile(`needs\s+GitLab\s+19\.0\s+or\s+newer`),
				},
				{
					// And so is the data source's list.
					Config:      env.ProviderConfig(env.UserToken) + `data "gitlab_user_applications" "test" {}`,
					ExpectError: regexp.MustCompile(`needs\s+GitLab\s+19\.0\s+or\s+newer`),
				},
			},
		})
	})
}
