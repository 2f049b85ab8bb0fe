package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// allKinds are the three application resource types.
var allKinds = []testKind{testInstanceKind, testUserKind, testGroupKind}

// identityCLIs are the CLIs that know resource identities: Terraform 1.12+ and OpenTofu 1.12+.
var identityCLIs = []tfversion.TerraformVersionCheck{
	acctest.SkipBelow(tfversion.Version1_12_0, "resource identity (import blocks with identity)"),
}

// identitiesInState reports whether the CLI keeps resource identities in state (identityCLIs), for a
// test that runs on every CLI and checks identities where there are some.
func identitiesInState(t *testing.T) bool {
	t.Helper()
	v, _ := acctest.CLIVersion(t)
	return !v.LessThan(tfversion.Version1_12_0)
}

// identity is the identity the kind's application with this id has: `{ id }`, or `{ group, id }`.
func (k testKind) identity(env *acctest.Env, id knownvalue.Check) map[string]knownvalue.Check {
	identity := map[string]knownvalue.Check{"id": id}
	if k.owner != nil {
		identity["group"] = knownvalue.StringExact(k.owner(env))
	}
	return identity
}

// identityHCL is the identity an import block names the application with this id by.
func (k testKind) identityHCL(env *acctest.Env, id string) string {
	if k.owner != nil {
		return fmt.Sprintf("{\n    group = %q\n    id    = %q\n  }", k.owner(env), id)
	}
	return fmt.Sprintf("{\n    id = %q\n  }", id)
}

var numericID = knownvalue.StringRegexp(regexp.MustCompile(`^[1-9][0-9]*$`))

// TestAccApplication_identityFromCreateAndImport: a created application's state carries its identity,
// and an import block with that identity brings the same application back. (An import by id gives the
// same identity: TestAccApplication_importThenRotate.)
func TestAccApplication_identityFromCreateAndImport(t *testing.T) {
	env := acctest.New(t)
	runKindsCase(t, env, allKinds, resource.TestCase{TerraformVersionChecks: identityCLIs}, everyStep(kindsProvider(env, "")), func(k testKind) []resource.TestStep {
		address := k.address()
		return []resource.TestStep{
			{
				Config: k.resource(env, acctest.Name("identity")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(address, k.identity(env, numericID)),
					statecheck.ExpectIdentityValueMatchesState(address, tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:    address,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		}
	})
}

// TestAccApplication_importBlockWithIdentity adopts an application made outside Terraform by its
// identity: nothing is created or destroyed, the state has the application's id and identity, and
// the next plan is empty.
func TestAccApplication_importBlockWithIdentity(t *testing.T) {
	env := acctest.New(t)
	runKindsCase(t, env, allKinds, resource.TestCase{TerraformVersionChecks: identityCLIs}, everyStep(kindsProvider(env, "")), func(k testKind) []resource.TestStep {
		name := acctest.Name("adopt-identity")
		address := k.address()
		app := k.create(t, env, kindsToken(env), gitlabclient.CreateOptions{
			Name: name, RedirectURI: "https://app.example.com/callback", Scopes: []string{"read_user"}, Confidential: true,
		})
		id := strconv.FormatInt(app.ID, 10)
		importBlock := fmt.Sprintf("import {\n  to       = %s\n  identity = %s\n}\n", address, k.identityHCL(env, id))
		return []resource.TestStep{{
			PreConfig: env.ResetRequests,
			Config:    k.resource(env, name) + importBlock,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue(address, tfjsonpath.New("secret"), knownvalue.Null()),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact(id)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("application_id"), knownvalue.StringExact(app.ApplicationID)),
				statecheck.ExpectIdentity(address, k.identity(env, knownvalue.StringExact(id))),
			},
			Check: env.ExpectRequests("POST", "", 0),
		}}
	})
}

// TestAccApplication_importIdentityRefusedBeforeAnyRequest: an identity whose id is not GitLab's
// numeric id is refused with the reason, and GitLab is never asked.
func TestAccApplication_importIdentityRefusedBeforeAnyRequest(t *testing.T) {
	env := acctest.New(t)
	var steps []resource.TestStep
	for _, k := range servedKinds(t, env, allKinds) {
		importBlock := fmt.Sprintf("import {\n  to       = %s\n  identity = %s\n}\n", k.address(), k.identityHCL(env, "a1b2c3"))
		steps = append(steps, resource.TestStep{
			Config:      kindsProvider(env, "") + k.resource(env, acctest.Name("bad-identity")) + importBlock,
			ExpectError: regexp.MustCompile(`"a1b2c3"\s+is\s+not\s+an\s+application\s+id`),
		})
	}
	acctest.Run(t, resource.TestCase{
		TerraformVersionChecks:   identityCLIs,
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps:                    steps,
	})
	// No request to any kind's routes: not the list, not any application ("*": every path below).
	for _, k := range allKinds {
		if err := env.ExpectRequests("", k.listPath(env)+"*", 0)(nil); err != nil {
			t.Error(err)
		}
	}
}
