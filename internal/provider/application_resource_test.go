package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// testKind is what the acceptance tests need to know of one application resource type to run the
// same test on each kind that behaves alike.
type testKind struct {
	resourceType string
	// owner is the owner attribute's value in a test's GitLab, for kinds that have one.
	owner func(env *acctest.Env) string
	// listPath is the route of the kind's list, for counting requests.
	listPath func(env *acctest.Env) string
	// holds tells the fake GitLab's applications of the kind from the others.
	holds func(app fakegitlab.Application) bool
	// outside acts on GitLab behind Terraform's back, with a token that manages the kind's applications
	// (the kind's own, env.Token, or an administrator's, kindsToken).
	create func(t *testing.T, env *acctest.Env, token string, opts gitlabclient.CreateOptions) *gitlabclient.Application
	update func(env *acctest.Env, token string, id int64, opts gitlabclient.UpdateOptions) error
	delete func(env *acctest.Env, token string, id int64) error
}

var (
	testInstanceKind = testKind{
		resourceType: "gitlab_instance_application",
		listPath:     func(*acctest.Env) string { return "/api/v4/applications" },
		holds:        func(app fakegitlab.Application) bool { return app.OwnerID == 0 && app.GroupID == 0 },
		create: func(t *testing.T, env *acctest.Env, _ string, opts gitlabclient.CreateOptions) *gitlabclient.Application {
			return env.CreateInstanceApplication(t, opts)
		},
		delete: func(env *acctest.Env, token string, id int64) error {
			return env.Client(token).DeleteInstanceApplication(context.Background(), id)
		},
	}
	testUserKind = testKind{
		resourceType: "gitlab_user_application",
		listPath:     func(*acctest.Env) string { return "/api/v4/user/applications" },
		holds:        func(app fakegitlab.Application) bool { return app.OwnerID != 0 },
		create: func(t *testing.T, env *acctest.Env, token string, opts gitlabclient.CreateOptions) *gitlabclient.Application {
			return env.CreateUserApplication(t, token, opts)
		},
		update: func(env *acctest.Env, token string, id int64, opts gitlabclient.UpdateOptions) error {
			_, err := env.Client(token).UpdateUserApplication(context.Background(), id, opts)
			return err
		},
		delete: func(env *acctest.Env, token string, id int64) error {
			return env.Client(token).DeleteUserApplication(context.Background(), id)
		},
	}
	testGroupKind = testKind{
		resourceType: "gitlab_group_application",
		owner:        func(env *acctest.Env) string { return env.Group },
		listPath: func(env *acctest.Env) string {
			return "/api/v4/groups/" + escapeGroup(env.Group) + "/applications"
		},
		holds: func(app fakegitlab.Application) bool { return app.GroupID != 0 },
		create: func(t *testing.T, env *acctest.Env, token string, opts gitlabclient.CreateOptions) *gitlabclient.Application {
			return env.CreateGroupApplication(t, token, env.Group, opts)
		},
		update: func(env *acctest.Env, token string, id int64, opts gitlabclient.UpdateOptions) error {
			_, err := env.Client(token).UpdateGroupApplication(context.Background(), env.Group, id, opts)
			return err
		},
		delete: func(env *acctest.Env, token string, id int64) error {
			return env.Client(token).DeleteGroupApplication(context.Background(), env.Group, id)
		},
	}
	// updatableKinds change name and scopes in place and replace the application for a new secret.
	updatableKinds = []testKind{testUserKind, testGroupKind}
)

// address is the test's resource of this kind.
func (k testKind) address() string { return k.resourceType + ".test" }

// config is the provider, with the kind's token, and one resource of this kind with the redirect URI
// https://app.example.com/callback; triggers may be "".
func (k testKind) config(env *acctest.Env, name, scopes, triggers string) string {
	return env.ProviderConfig(env.Token(k.resourceType)) + k.resource(env, name, scopes, triggers)
}

// resource is one resource of this kind with the redirect URI https://app.example.com/callback;
// triggers may be "".
func (k testKind) resource(env *acctest.Env, name, scopes, triggers string) string {
	return k.block(env, name, "https://app.example.com/callback", scopes, triggers, "")
}

// block is the resource "test" of this kind; extra is more HCL inside it.
func (k testKind) block(env *acctest.Env, name, redirectURI, scopes, triggers, extra string) string {
	if k.owner != nil {
		extra = fmt.Sprintf("  group        = %q\n", k.owner(env)) + extra
	}
	return applicationBlockWith(k.resourceType, name, redirectURI, scopes, triggers, extra)
}

// expectTheOneInState checks that the fake GitLab holds exactly one application of the kind, and that
// it is the one in state at address: never one in GitLab that state lacks, never a duplicate.
func (k testKind) expectTheOneInState(env *acctest.Env, address string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s is not in state", address)
		}
		var ids []string
		for _, app := range env.Fake.Applications() {
			if k.holds(app) {
				ids = append(ids, strconv.FormatInt(app.ID, 10))
			}
		}
		if len(ids) != 1 || ids[0] != rs.Primary.ID {
			return fmt.Errorf("the fake GitLab has the %s applications %v, state holds %s", k.resourceType, ids, rs.Primary.ID)
		}
		return nil
	}
}

// applicationPaths is the pattern (fakegitlab.MatchPath) of every route of one of the kind's
// applications: its update, its deletion, its secret's renewal.
func (k testKind) applicationPaths(env *acctest.Env) string { return k.listPath(env) + "/" }

// importID is the import id of the application with this numeric id.
func (k testKind) importID(env *acctest.Env, id string) string {
	if k.owner != nil {
		return k.owner(env) + ":" + id
	}
	return id
}

// applicationBlock is one application resource named "test"; scopes is an HCL list, triggers an HCL map or "".
func applicationBlock(resourceType, name, redirectURI, scopes, triggers string) string {
	return applicationBlockWith(resourceType, name, redirectURI, scopes, triggers, "")
}

func applicationBlockWith(resourceType, name, redirectURI, scopes, triggers, extra string) string {
	block := fmt.Sprintf(`
resource %q "test" {
  name         = %q
  redirect_uri = %q
  scopes       = %s
`, resourceType, name, redirectURI, scopes)
	if triggers != "" {
		block += fmt.Sprintf("  secret_rotation_triggers = %s\n", triggers)
	}
	return block + extra + "}\n"
}

// forEachKind runs the test once per kind, in parallel with the package's other tests.
func forEachKind(t *testing.T, kinds []testKind, test func(t *testing.T, k testKind)) {
	t.Parallel()
	for _, k := range kinds {
		t.Run(k.resourceType, func(t *testing.T) { test(t, k) })
	}
}

// TestAccApplication_updatableNameAndScopesChangeInPlace: a created application has what was asked,
// a working secret and an empty plan; a new name or new scopes are one PUT each, keeping the id, the
// client id and the secret; triggers alone are recorded in state only.
func TestAccApplication_updatableNameAndScopesChangeInPlace(t *testing.T) {
	env := acctest.New(t)
	runKinds(t, env, updatableKinds, kindsProvider(env, ""), func(k testKind) []resource.TestStep {
		name := acctest.Name("inplace")
		address := k.address()
		unchanged := acctest.CompareAcrossSteps(address, compare.ValuesSame(), "id", "secret", "application_id")
		updateStep := func(name, scopes, triggers string) resource.TestStep {
			return resource.TestStep{
				PreConfig: env.ResetRequests,
				Config:    k.resource(env, name, scopes, triggers),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("secret"), knownvalue.NotNull()),
					},
				},
				ConfigStateChecks: append(unchanged(), statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact(name))),
			}
		}
		create := resource.TestStep{
			Config: k.resource(env, name, `["read_user", "openid"]`, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
			},
			ConfigStateChecks: append(unchanged(),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact(name)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("scopes"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("openid"), knownvalue.StringExact("read_user")})),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("confidential"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("application_id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{64}$`))),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("secret"), knownvalue.StringRegexp(regexp.MustCompile(`^gloas-`))),
				env.Secrets(address).ExpectWorking(),
			),
			Check: env.ExpectRequests("POST", k.listPath(env), 1),
		}
		rename := updateStep(name+"-renamed", `["read_user", "openid"]`, "")
		rename.Check = env.ExpectRequests("PUT", k.applicationPaths(env), 1)
		rescope := updateStep(name+"-renamed", `["read_user", "read_api"]`, "")
		rescope.Check = env.ExpectRequests("PUT", k.applicationPaths(env), 1)
		addTriggers := updateStep(name+"-renamed", `["read_user", "read_api"]`, `{ rotation = "1" }`)
		addTriggers.Check = resource.ComposeTestCheckFunc( // recorded in state only
			env.ExpectRequests("PUT", "", 0), env.ExpectRequests("POST", "", 0), env.ExpectRequests("DELETE", "", 0))
		return []resource.TestStep{create, rename, rescope, addTriggers}
	})
}

// TestAccApplication_updatableReplacements: what GitLab cannot change in place, and a new secret, need
// a new application: new id, new client id, new secret, and the old secret gone with the old one.
func TestAccApplication_updatableReplacements(t *testing.T) {
	env := acctest.New(t)
	runKinds(t, env, updatableKinds, kindsProvider(env, ""), func(k testKind) []resource.TestStep {
		name := acctest.Name("replace")
		address := k.address()
		changed := acctest.CompareAcrossSteps(address, compare.ValuesDiffer(), "id", "secret", "application_id")
		secrets := env.Secrets(address)
		replaceStep := func(redirectURI, triggers, confidential string) resource.TestStep {
			return resource.TestStep{
				Config: k.block(env, name, redirectURI, `["read_user"]`, triggers, "  confidential = "+confidential+"\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectUnknownValue(address, tfjsonpath.New("secret")),
				}},
				ConfigStateChecks: append(changed(), secrets.ExpectWorking(), secrets.ExpectEarlierRevoked()),
			}
		}
		first := replaceStep("https://app.example.com/callback", `{ rotation = "1" }`, "true")
		first.ConfigPlanChecks = resource.ConfigPlanChecks{}
		first.ConfigStateChecks = append(changed(), secrets.ExpectWorking())
		return []resource.TestStep{
			first,
			replaceStep("https://app.example.com/other", `{ rotation = "1" }`, "true"),
			replaceStep("https://app.example.com/other", `{ rotation = "2" }`, "true"),
			replaceStep("https://app.example.com/other", `{ rotation = "2" }`, "false"),
		}
	})
}

func TestAccApplication_updatableCreateBeforeDestroyRotation(t *testing.T) {
	env := acctest.New(t)
	runKinds(t, env, updatableKinds, kindsProvider(env, ""), func(k testKind) []resource.TestStep {
		name := acctest.Name("cbd")
		address := k.address()
		lifecycle := "  lifecycle {\n    create_before_destroy = true\n  }\n"
		config := func(rotation string) string {
			return k.block(env, name, "https://app.example.com/callback", `["read_user"]`, `{ rotation = "`+rotation+`" }`, lifecycle)
		}
		newID := statecheck.CompareValue(compare.ValuesDiffer())
		return []resource.TestStep{
			{Config: config("1"), ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(address, tfjsonpath.New("id"))}},
			{
				Config: config("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreateBeforeDestroy),
				}},
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(address, tfjsonpath.New("id"))},
			},
		}
	})
}

// TestAccApplication_changedOrDeletedOutsideTerraform: an application renamed and rescoped in GitLab's
// UI is put back in place (user and group applications; an instance application cannot be updated,
// see TestAccInstanceApplication_renamedOutsideTerraformIsReplaced); one deleted there is created
// again, with a warning (every kind).
func TestAccApplication_changedOrDeletedOutsideTerraform(t *testing.T) {
	env := acctest.New(t)
	runKinds(t, env, allKinds, kindsProvider(env, ""), func(k testKind) []resource.TestStep {
		address := k.address()
		name := acctest.Name("drift")
		config := k.resource(env, name, `["read_user"]`, "")
		sameID := statecheck.CompareValue(compare.ValuesSame())
		newID := statecheck.CompareValue(compare.ValuesDiffer())
		var id string
		created := resource.TestStep{
			Config:            config,
			ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(address, tfjsonpath.New("id")), newID.AddStateValue(address, tfjsonpath.New("id"))},
			Check:             acctest.CaptureAttribute(address, "id", &id),
		}
		// An instance application has no update: its step plans nothing and keeps its id.
		changed := resource.TestStep{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(address, tfjsonpath.New("id"))},
		}
		if k.update != nil {
			changed.PreConfig = func() {
				newName := "renamed in the UI"
				if err := k.update(env, kindsToken(env), mustParseID(t, id), gitlabclient.UpdateOptions{Name: &newName, Scopes: []string{"read_user", "api"}}); err != nil {
					t.Fatalf("changing the application behind Terraform's back: %v", err)
				}
			}
			changed.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact(name)),
			}
			changed.ConfigStateChecks = append(changed.ConfigStateChecks,
				statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact(name)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("scopes"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("read_user")})),
			)
		}
		deleted := resource.TestStep{
			PreConfig: func() {
				if err := k.delete(env, kindsToken(env), mustParseID(t, id)); err != nil {
					t.Fatalf("deleting behind Terraform's back: %v", err)
				}
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(address, tfjsonpath.New("id"))},
		}
		return []resource.TestStep{created, changed, deleted}
	})
}

// TestAccApplication_updatableImport adopts an application created outside Terraform with an import
// block, then imports it again with `terraform import` and compares.
func TestAccApplication_updatableImport(t *testing.T) {
	env := acctest.New(t)
	runKinds(t, env, updatableKinds, kindsProvider(env, ""), func(k testKind) []resource.TestStep {
		name := acctest.Name("import")
		address := k.address()
		app := k.create(t, env, kindsToken(env), gitlabclient.CreateOptions{
			Name: name, RedirectURI: "https://app.example.com/callback", Scopes: []string{"read_user"}, Confidential: false,
		})
		id := strconv.FormatInt(app.ID, 10)
		resourceBlock := k.block(env, name, "https://app.example.com/callback", `["read_user"]`, "", "  confidential = false\n")
		return []resource.TestStep{
			{
				Config: acctest.ImportBlock(address, k.importID(env, id)) + resourceBlock,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{acctest.ExpectNothingCreatedOrDestroyed()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("confidential"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("secret"), knownvalue.Null()),
				},
			},
			{
				ResourceName:            address,
				ImportState:             true,
				ImportStateIdFunc:       func(*terraform.State) (string, error) { return k.importID(env, id), nil },
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"secret", "secret_rotation_triggers"},
			},
		}
	})
}

func mustParseID(t *testing.T, id string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		t.Fatalf("application id %q: %v", id, err)
	}
	return n
}

// escapeGroup is a group's id or full path as it appears in a route.
func escapeGroup(group string) string {
	return url.PathEscape(group)
}
