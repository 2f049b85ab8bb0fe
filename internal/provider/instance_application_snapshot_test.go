package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
)

// TestAccInstanceApplication_refreshListsOnce: GitLab has no GET for one instance application, so every
// Read of a refresh shares one download of the list instead of one per resource.
func TestAccInstanceApplication_refreshListsOnce(t *testing.T) {
	env := acctest.New(t)
	env.RequireFake(t)
	const count = 50
	config := env.ProviderConfig(env.AdminToken) + fmt.Sprintf(`
resource "gitlab_instance_application" "many" {
  count        = %d
  name         = "%s-${count.index}"
  redirect_uri = "https://app${count.index}.example.com/callback"
  scopes       = ["openid"]
}
`, count, acctest.Name("many"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig:    env.ResetRequests,
				RefreshState: true,
				Check: resource.ComposeTestCheckFunc(
					env.ExpectRequests("GET", "/api/v4/applications", 1),
					env.ExpectRequests("", "/renew-secret", 0),
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
}
