package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// TestAccGitLabVersions_withoutScopesInAnswers: an older GitLab does not report scopes; the configured
// ones stay in state, and plans stay empty, for every kind.
func TestAccGitLabVersions_withoutScopesInAnswers(t *testing.T) {
	env := acctest.New(t, acctest.Fake(fakegitlab.Options{OmitScopes: true}))
	runKinds(t, env, allKinds, kindsProvider(env, ""), func(k testKind) []resource.TestStep {
		return []resource.TestStep{{
			Config: k.block(env, acctest.Name("noscopes"), "https://app.example.com/cb", `["openid", "read_user"]`, "", ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(k.address(), tfjsonpath.New("scopes"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact("openid"), knownvalue.StringExact("read_user"),
				})),
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
		return instanceAppConfig(env, name, "https://app.example.com/cb", `["openid"]`, `{ rotation = "`+rotation+`" }`)
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
