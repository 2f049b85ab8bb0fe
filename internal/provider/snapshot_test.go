package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
)

// TestAccApplications_refreshListsOnce: every Read of a refresh shares one download of the list
// (GitLab has no GET for one instance application; user applications come 100 to a page) instead of
// one request per resource.
func TestAccApplications_refreshListsOnce(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ resourceType, listPath string }{
		{"gitlab_instance_application", "/api/v4/applications"},
		{"gitlab_user_application", "/api/v4/user/applications"},
	} {
		t.Run(tc.resourceType, func(t *testing.T) {
			env := acctest.New(t, acctest.FakeOnly("it counts requests"))
			token := env.Token(tc.resourceType)
			const count = 50
			config := env.ProviderConfig(token) + fmt.Sprintf(`
resource %q "many" {
  count        = %d
  name         = "%s-${count.index}"
  redirect_uri = "https://app${count.index}.example.com/callback"
  scopes       = ["openid"]
}
`, tc.resourceType, count, acctest.Name("many"))
			acctest.Run(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories(),
				CheckDestroy:             env.CheckDestroy(),
				Steps: []resource.TestStep{
					{Config: config},
					{
						PreConfig:    env.ResetRequests,
						RefreshState: true,
						Check: resource.ComposeTestCheckFunc(
							env.ExpectRequests("GET", tc.listPath, 1),
							env.ExpectRequests("", "", 2), // GET /user when the provider starts, and the list
						),
					},
					{
						PreConfig: env.ResetRequests,
						Config:    config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
				},
			})
		})
	}
}
