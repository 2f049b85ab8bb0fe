package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
)

const instanceApp = "gitlab_instance_application.test"

// instanceAppConfig is a gitlab_instance_application with this name and triggers ("" for none), the
// redirect URI https://app.example.com/cb and the scope openid.
func instanceAppConfig(env *acctest.Env, name, triggers string) string {
	return env.ProviderConfig(env.Token("gitlab_instance_application")) +
		applicationBlock("gitlab_instance_application", name, "https://app.example.com/cb", `["openid"]`, triggers)
}

func TestAccInstanceApplication_tokenErrorsNameTheCause(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	userToken := env.Token("gitlab_user_application")
	for _, tc := range []struct {
		name, token string
		want        *regexp.Regexp
	}{
		{"wrong token", "glpat-this-token-does-not-exist", regexp.MustCompile(`refused\s+the\s+token\s+\(401\)`)},
		{"not an administrator", userToken, regexp.MustCompile(`administrator's\s+token`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acctest.Run(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories(),
				CheckDestroy:             env.CheckDestroy(),
				Steps: []resource.TestStep{{
					Config:      env.ProviderConfig(tc.token) + applicationBlock("gitlab_instance_application", acctest.Name("token"), "https://app.example.com/cb", `["api"]`, ""),
					ExpectError: tc.want,
				}},
			})
		})
	}
}
