package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
)

// TestAccApplications_refreshListsOnce: every Read of a refresh shares one download of the list
// (GitLab has no GET for one instance application; user applications come 100 to a page) instead of
// one request per resource.
func TestAccApplications_refreshListsOnce(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it counts requests"))
	runKinds(t, env, allKinds, kindsProvider(env, ""), func(k testKind) []resource.TestStep {
		// More resources than terraform reads at once (-parallelism, 10), so that Reads come in waves.
		const count = 12
		owner := ""
		if k.owner != nil {
			owner = fmt.Sprintf("  group        = %q\n", k.owner(env))
		}
		config := fmt.Sprintf(`
resource %q "many" {
  count        = %d
  name         = "%s-${count.index}"
  redirect_uri = "https://app${count.index}.example.com/callback"
  scopes       = ["openid"]
%s}
`, k.resourceType, count, acctest.Name("many"), owner)
		return []resource.TestStep{
			{Config: config},
			{
				PreConfig:    env.ResetRequests,
				RefreshState: true,
				// One list request, and nothing else of the kind's routes: no request per application.
				Check: env.ExpectRequests("", k.listPath(env)+"*", 1),
			},
		}
	})
}
