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

// TestAccGitLabVersions_withoutScopesInAnswers: an older GitLab does not report scopes. For every kind,
// the configured ones stay in state and plans stay empty, for an application Terraform creates and for
// one it adopts with an import block, which is not replaced.
func TestAccGitLabVersions_withoutScopesInAnswers(t *testing.T) {
	env := acctest.New(t, acctest.Fake(fakegitlab.Options{OmitScopes: true}))
	runKinds(t, env, allKinds, kindsProvider(env, ""), func(k testKind) []resource.TestStep {
		name := acctest.Name("noscopes")
		adopted := k.create(t, env, kindsToken(env), gitlabclient.CreateOptions{
			Name: name + "-adopted", RedirectURI: "https://app.example.com/cb", Scopes: []string{"read_user", "openid"}, Confidential: true,
		})
		adoptedAddress := k.resourceType + ".adopted"
		adoptedBlock := relabel(k.block(env, adopted.Name, "https://app.example.com/cb", `["openid", "read_user"]`, "", ""), "adopted")
		bothScopes := knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("openid"), knownvalue.StringExact("read_user")})
		return []resource.TestStep{{
			Config: k.block(env, name, "https://app.example.com/cb", `["openid", "read_user"]`, "", "") +
				acctest.ImportBlock(adoptedAddress, k.importID(env, strconv.FormatInt(adopted.ID, 10))) + adoptedBlock,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				acctest.ExpectNothingCreatedOrDestroyed(adoptedAddress),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(k.address(), tfjsonpath.New("scopes"), bothScopes),
				statecheck.ExpectKnownValue(adoptedAddress, tfjsonpath.New("id"), knownvalue.StringExact(strconv.FormatInt(adopted.ID, 10))),
				statecheck.ExpectKnownValue(adoptedAddress, tfjsonpath.New("scopes"), bothScopes),
			},
		}}
	})
}

// TestAccGitLabVersions_withoutRenewSecret: GitLab before 16.11 cannot renew; the rotation fails with
// a message that names the version, and state keeps the old secret.
func TestAccGitLabVersions_withoutRenewSecret(t *testing.T) {
	env := acctest.New(t, acctest.Fake(fakegitlab.Options{NoRenewSecret: true}))
	name := acctest.Name("norenew")
	config := func(rotation string) string {
		return instanceAppConfig(env, name, `{ rotation = "`+rotation+`" }`)
	}
	var secret string
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{Config: config("1"), Check: acctest.CaptureAttribute(instanceApp, "secret", &secret)},
			{Config: config("2"), ExpectError: regexp.MustCompile(`needs\s+GitLab\s+16\.11\s+or\s+newer`)},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check:              resource.TestCheckResourceAttrPtr(instanceApp, "secret", &secret),
			},
			// Going back to the recorded triggers leaves nothing to do.
			{Config: config("1"), PlanOnly: true},
		},
	})
}
