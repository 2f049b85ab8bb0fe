package provider

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// TestAccGitLabVersions_olderGitLab plays a GitLab that does not report scopes and, older than 16.11,
// cannot renew a secret. For every kind the configured scopes stay in state and plans stay empty, for
// an application Terraform creates and for one it adopts with an import block, which is not replaced.
// A rotation fails with a message that names the version, and state keeps the old secret.
func TestAccGitLabVersions_olderGitLab(t *testing.T) {
	env := acctest.New(t, acctest.Fake(fakegitlab.Options{OmitScopes: true, NoRenewSecret: true}))
	const norenew = "gitlab_instance_application.norenew"
	name := acctest.Name("older")
	bothScopes := knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("openid"), knownvalue.StringExact("read_user")})
	var kinds string
	var adopted []string
	var scopesKept []statecheck.StateCheck
	for _, k := range allKinds {
		app := k.create(t, env, kindsToken(env), gitlabclient.CreateOptions{
			Name: name + "-adopted", RedirectURI: "https://app.example.com/cb", Scopes: []string{"read_user", "openid"}, Confidential: true,
		})
		address := k.resourceType + ".adopted"
		kinds += k.block(env, name, "https://app.example.com/cb", `["openid", "read_user"]`, "", "") +
			acctest.ImportBlock(address, k.importID(env, strconv.FormatInt(app.ID, 10))) +
			relabel(k.block(env, app.Name, "https://app.example.com/cb", `["openid", "read_user"]`, "", ""), "adopted")
		adopted = append(adopted, address)
		scopesKept = append(scopesKept,
			statecheck.ExpectKnownValue(k.address(), tfjsonpath.New("scopes"), bothScopes),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact(strconv.FormatInt(app.ID, 10))),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("scopes"), bothScopes),
		)
	}
	config := func(rotation string) string {
		return kindsProvider(env, "") + kinds +
			relabel(applicationBlock("gitlab_instance_application", name+"-norenew", "https://app.example.com/cb", `["openid"]`, `{ rotation = "`+rotation+`" }`), "norenew")
	}
	var secret string
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{
				Config: config("1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.ExpectNothingCreatedOrDestroyed(adopted...),
				}},
				ConfigStateChecks: scopesKept,
				Check:             acctest.CaptureAttribute(norenew, "secret", &secret),
			},
			{Config: config("2"), ExpectError: regexp.MustCompile(`needs\s+GitLab\s+16\.11\s+or\s+newer`)},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check:              resource.TestCheckResourceAttrPtr(norenew, "secret", &secret),
			},
			// Going back to the recorded triggers leaves nothing to do.
			{Config: config("1"), PlanOnly: true},
		},
	})
}
