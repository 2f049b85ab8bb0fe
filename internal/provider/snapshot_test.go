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
	t.Parallel()
	for _, k := range []testKind{testInstanceKind, testUserKind, testGroupKind} {
		t.Run(k.resourceType, func(t *testing.T) {
			env := acctest.New(t, acctest.FakeOnly("it counts requests"))
			token := env.Token(k.resourceType)
			// More resources than terraform reads at once (-parallelism, 10), so that Reads come in waves.
			const count = 20
			owner := ""
			if k.owner != nil {
				owner = fmt.Sprintf("  group        = %q\n", k.owner(env))
			}
			config := env.ProviderConfig(token) + fmt.Sprintf(`
resource %q "many" {
  count        = %d
  name         = "%s-${count.index}"
  redirect_uri = "https://app${count.index}.example.com/callback"
  scopes       = ["openid"]
%s}
`, k.resourceType, count, acctest.Name("many"), owner)
			acctest.Run(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories(),
				CheckDestroy:             env.CheckDestroy(),
				Steps: []resource.TestStep{
					{Config: config},
					{
						PreConfig:    env.ResetRequests,
						RefreshState: true,
						Check: resource.ComposeTestCheckFunc(
							env.ExpectRequests("GET", k.listPath(env), 1),
							env.ExpectRequests("", "", 2), // GET /user when the provider starts, and the list
						),
					},
				},
			})
		})
	}
}
