package provider

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// queryCLIs are the CLIs with `terraform query`: Terraform 1.14+ (OpenTofu 1.12 has no query command).
var queryCLIs = []tfversion.TerraformVersionCheck{
	acctest.SkipBelow(tfversion.Version1_14_0, "terraform query (list resources)"),
}

// listBlock is a list block of the kind's list resource; config is HCL inside its config block.
func (k testKind) listBlock(env *acctest.Env, name, config, extra string) string {
	if k.owner != nil {
		config = fmt.Sprintf("    group = %q\n", k.owner(env)) + config
	}
	return fmt.Sprintf("list %q %q {\n  provider = gitlab\n%s  config {\n%s  }\n}\n", k.resourceType, name, extra, config)
}

// TestAccApplicationListResource_query lists what exists next to what Terraform manages: the filters
// pick by name, every result carries the identity and the name, and the resource comes only with
// include_resource, never with a secret.
func TestAccApplicationListResource_query(t *testing.T) {
	env := acctest.New(t)
	runKindsCase(t, env, allKinds, resource.TestCase{TerraformVersionChecks: queryCLIs}, everyStep(kindsProvider(env, "")), func(k testKind) []resource.TestStep {
		prefix := acctest.Name("query")
		var alpha []*gitlabclient.Application
		for _, name := range []string{prefix + "-alpha-1", prefix + "-alpha-2", prefix + "-beta"} {
			app := k.create(t, env, kindsToken(env), gitlabclient.CreateOptions{
				Name: name, RedirectURI: "https://" + name + ".example.com/callback", Scopes: []string{"read_user"}, Confidential: true,
			})
			if name != prefix+"-beta" {
				alpha = append(alpha, app)
			}
		}
		first := alpha[0]
		firstID := strconv.FormatInt(first.ID, 10)
		all, named, byRegex := k.resourceType+".all", k.resourceType+".named", k.resourceType+".alpha"
		// The query runs beside the configuration of the first step, whose provider block it uses.
		query := k.listBlock(env, "all", fmt.Sprintf("    name_regex = %q\n", "^"+prefix), "") +
			k.listBlock(env, "named", fmt.Sprintf("    name = %q\n", first.Name), "") +
			k.listBlock(env, "alpha", fmt.Sprintf("    name_regex = %q\n", "^"+prefix+"-alpha"), "  include_resource = true\n")
		firstResult := queryfilter.ByResourceIdentity(k.identity(env, knownvalue.StringExact(firstID)))
		return []resource.TestStep{
			{Config: k.resource(env, prefix+"-managed")},
			{
				Query:  true,
				Config: query,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(all, 4), // three made outside Terraform, one managed
					querycheck.ExpectLength(named, 1),
					querycheck.ExpectIdentity(named, k.identity(env, knownvalue.StringExact(firstID))),
					querycheck.ExpectResourceDisplayName(named, firstResult, knownvalue.StringExact(first.Name)),
					querycheck.ExpectLength(byRegex, 2),
					querycheck.ExpectResourceKnownValues(byRegex, firstResult, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(firstID)},
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact(first.Name)},
						{Path: tfjsonpath.New("application_id"), KnownValue: knownvalue.StringExact(first.ApplicationID)},
						{Path: tfjsonpath.New("redirect_uri"), KnownValue: knownvalue.StringExact(first.RedirectURI)},
						{Path: tfjsonpath.New("secret"), KnownValue: knownvalue.Null()},
					}),
				},
			},
		}
	})
}
