package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// A merge-request pipeline can plan with a read_api token: every request a plan of existing
// applications makes is a GET (the refresh, the scope list of the discovery document, the early token
// check), so a token that cannot write plans each kind as well as an api one. The documentation
// (the provider page and the GitLab CI guide) tells pipelines so.
func TestAccApplication_readAPITokenPlans(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it issues read_api tokens"))
	// The same administrator's token with read_api instead of api, and admin_mode, which GitLab requires
	// of every instance route when admin mode is on.
	readOnly := env.Fake.AddToken(env.Fake.UserID(kindsToken(env)), "", fakegitlab.TokenOptions{ReadOnly: true, AdminModeScope: true})
	providers := []string{kindsProvider(env, ""), env.ProviderConfig(readOnly), kindsProvider(env, "")}
	runKindsCase(t, env, allKinds, resource.TestCase{}, func(step int) string { return providers[step] }, func(k testKind) []resource.TestStep {
		block := k.block(env, acctest.Name("readapi"), "https://app.example.com/callback", `["openid", "read_user"]`, `{ rotation = "1" }`, "")
		return []resource.TestStep{
			{Config: block},
			{
				PreConfig: env.ResetRequests,
				Config:    block,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					expectOnlyGets(env),
					// The refresh did read the application: the plan looked, it did not skip.
					func(*terraform.State) error {
						if env.CountRequests("GET", k.listPath(env)+"*") == 0 {
							return fmt.Errorf("the plan with a read_api token never read %s", k.listPath(env))
						}
						return nil
					},
				),
			},
			// Back to the api token, which the destroy at the end needs.
			{Config: block, PlanOnly: true},
		}
	})
}

// expectOnlyGets fails when the fake GitLab saw any request but a GET since its log was last reset.
func expectOnlyGets(env *acctest.Env) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if all, gets := env.CountRequests("", ""), env.CountRequests("GET", ""); all != gets {
			return fmt.Errorf("%d of %d requests were not GETs", all-gets, all)
		}
		return nil
	}
}
