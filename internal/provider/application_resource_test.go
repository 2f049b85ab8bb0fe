package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
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

// testKind is what the tests need to know of one application resource type to run the same test on
// each kind that behaves alike.
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
	// read asks GitLab for one of the kind's applications, as it holds it now.
	read func(env *acctest.Env, token string, id int64) (*gitlabclient.Application, error)
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
		read: func(env *acctest.Env, token string, id int64) (*gitlabclient.Application, error) {
			return env.Client(token).InstanceApplicationFromSnapshot(context.Background(), id)
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
		read: func(env *acctest.Env, token string, id int64) (*gitlabclient.Application, error) {
			return env.Client(token).GetUserApplication(context.Background(), id)
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
		read: func(env *acctest.Env, token string, id int64) (*gitlabclient.Application, error) {
			return env.Client(token).GetGroupApplication(context.Background(), env.Group, id)
		},
	}
)

// address is the test's resource of this kind.
func (k testKind) address() string { return k.resourceType + ".test" }

// resource is one resource of this kind with the redirect URI https://app.example.com/callback, the
// scope read_user and no triggers.
func (k testKind) resource(env *acctest.Env, name string) string {
	return k.block(env, name, "https://app.example.com/callback", `["read_user"]`, "", "")
}

// block is the resource "test" of this kind; extra is more HCL inside it.
func (k testKind) block(env *acctest.Env, name, redirectURI, scopes, triggers, extra string) string {
	if k.owner != nil {
		extra = fmt.Sprintf("  group        = %q\n", k.owner(env)) + extra
	}
	return applicationBlockWith(k.resourceType, name, redirectURI, scopes, triggers, extra)
}

// expectGitLabAsInState checks that the fake GitLab holds, of every kind, exactly the applications in
// state: never one in GitLab that state lacks (orphaned by a create whose answer went astray), never a
// duplicate.
func expectGitLabAsInState(env *acctest.Env) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, k := range allKinds {
			var inGitLab, inState []string
			for _, app := range env.Fake.Applications() {
				if k.holds(app) {
					inGitLab = append(inGitLab, strconv.FormatInt(app.ID, 10))
				}
			}
			for _, rs := range s.RootModule().Resources {
				if rs.Type == k.resourceType {
					inState = append(inState, rs.Primary.ID)
				}
			}
			slices.Sort(inGitLab)
			slices.Sort(inState)
			if !slices.Equal(inGitLab, inState) {
				return fmt.Errorf("the fake GitLab has the %s applications %v, state holds %v", k.resourceType, inGitLab, inState)
			}
		}
		return nil
	}
}

// expectGitLabHolds checks that GitLab holds the application in state at address with this name and
// these scopes (when GitLab reports scopes).
func expectGitLabHolds(env *acctest.Env, k testKind, address, name string, scopes []string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s is not in state", address)
		}
		id, err := strconv.ParseInt(rs.Primary.ID, 10, 64)
		if err != nil {
			return fmt.Errorf("%s has id %q in state", address, rs.Primary.ID)
		}
		app, err := k.read(env, kindsToken(env), id)
		if err != nil {
			return fmt.Errorf("GitLab's %s %d: %w", k.resourceType, id, err)
		}
		got := slices.Sorted(slices.Values(app.Scopes))
		if app.Name != name || (app.Scopes != nil && !slices.Equal(got, slices.Sorted(slices.Values(scopes)))) {
			return fmt.Errorf("GitLab holds %s %d as %q with scopes %v, want %q with %v", k.resourceType, id, app.Name, app.Scopes, name, scopes)
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

// relabel is an application block with its resource named label instead of "test".
func relabel(block, label string) string {
	return strings.Replace(block, `"test"`, strconv.Quote(label), 1)
}

// forEachKind runs the test once per kind, as subtests, in parallel with the package's other tests:
// for tests that call the provider in the process. Acceptance tests of every kind share one case
// (runKinds), where the CLI runs once for all of them.
func forEachKind(t *testing.T, kinds []testKind, test func(t *testing.T, k testKind)) {
	t.Parallel()
	for _, k := range kinds {
		t.Run(k.resourceType, func(t *testing.T) { test(t, k) })
	}
}

// outcome is what an apply does to an application's identity: the id, the client id and the secret.
type outcome int

const (
	kept     outcome = iota // changed in place, or only in state: all three stay
	renewed                 // a new secret for the same application
	replaced                // a new application: all three change
)

// identityAcrossSteps compares the id, client id and secret of the resource at address from each
// step to the next, as the outcome of each step after the first says; it returns each step's state
// checks.
func identityAcrossSteps(address string, outcomes ...outcome) [][]statecheck.StateCheck {
	checks := make([][]statecheck.StateCheck, len(outcomes)+1)
	for i, o := range outcomes {
		for _, attribute := range []string{"id", "application_id", "secret"} {
			var comparer compare.ValueComparer = compare.ValuesSame()
			if o == replaced || (o == renewed && attribute == "secret") {
				comparer = compare.ValuesDiffer()
			}
			comparison := statecheck.CompareValue(comparer)
			checks[i] = append(checks[i], comparison.AddStateValue(address, tfjsonpath.New(attribute)))
			checks[i+1] = append(checks[i+1], comparison.AddStateValue(address, tfjsonpath.New(attribute)))
		}
	}
	return checks
}

// TestAccApplication_lifecycle takes an application of every kind through every change: what GitLab
// changes in place (a user or group application's name and scopes) keeps the id, the client id and the
// secret; what it cannot (anything of an instance application; any application's redirect URI or
// confidentiality) replaces the application; triggers alone are recorded in state only; a new
// trigger value renews the secret (in place for an instance application, by replacement otherwise,
// created before the old one is destroyed where the lifecycle says so). Each step checks the plan's
// action, the requests GitLab saw, that the secret in state works, and that every earlier one stopped
// working when it was replaced.
func TestAccApplication_lifecycle(t *testing.T) {
	env := acctest.New(t)
	runKinds(t, env, allKinds, kindsProvider(env, ""), func(k testKind) []resource.TestStep {
		name := acctest.Name("life")
		address := k.address()
		secrets := env.Secrets(address)
		inPlace := kept // a new name or new scopes
		if k.update == nil {
			inPlace = replaced
		}
		rotation := replaced
		if k.resourceType == testInstanceKind.resourceType {
			rotation = renewed
		}
		type change struct {
			name, redirectURI, scopes, triggers, confidential string
			outcome                                           outcome
			requests                                          resource.TestCheckFunc
		}
		noWrites := resource.ComposeTestCheckFunc( // recorded in state only
			env.ExpectRequests("PUT", k.applicationPaths(env), 0), env.ExpectRequests("POST", k.listPath(env)+"*", 0),
			env.ExpectRequests("DELETE", k.applicationPaths(env), 0))
		put := env.ExpectRequests("PUT", k.applicationPaths(env), 1)
		if inPlace == replaced { // no update: a new application
			put = resource.ComposeTestCheckFunc(env.ExpectRequests("PUT", k.applicationPaths(env), 0), env.ExpectRequests("POST", k.listPath(env), 1))
		}
		// The rotation renews the secrets of both applications (below): two new applications, or two
		// renewals in place.
		renewal := env.ExpectRequests("POST", k.listPath(env), 2)
		if rotation == renewed {
			renewal = resource.ComposeTestCheckFunc(
				env.ExpectRequests("POST", "/api/v4/applications/:id/renew-secret", 2),
				env.ExpectRequests("POST", k.listPath(env), 0), env.ExpectRequests("DELETE", k.applicationPaths(env), 0))
		}
		redirectURI := "https://app.example.com/callback http://127.0.0.1:8080/cb"
		const rotate = `{ rotation = "2" }` // a new trigger value after the first
		changes := []change{
			// A new name and new scopes: one update (either attribute replacing the application would
			// show in the plan).
			{name + "-renamed", redirectURI, `["read_user", "read_api"]`, "", "true", inPlace, put},
			{name + "-renamed", redirectURI, `["read_user", "read_api"]`, `{ rotation = "1" }`, "true", kept, noWrites},
			{name + "-renamed", redirectURI, `["read_user", "read_api"]`, rotate, "true", rotation, renewal},
			{name + "-renamed", redirectURI, `["read_user", "read_api"]`, "", "true", kept, noWrites},
			{name + "-renamed", redirectURI, `["read_user", "read_api"]`, `{ rotation = "3" }`, "true", kept, noWrites},
			{name + "-renamed", "https://app.example.com/other", `["read_user", "read_api"]`, `{ rotation = "3" }`, "true", replaced, nil},
			{name + "-renamed", "https://app.example.com/other", `["read_user", "read_api"]`, `{ rotation = "3" }`, "false", replaced, nil},
		}
		outcomes := make([]outcome, len(changes))
		for i, c := range changes {
			outcomes[i] = c.outcome
		}
		identity := identityAcrossSteps(address, outcomes...)
		// Beside it, an application with create_before_destroy and the same triggers: its renewal by
		// replacement creates the new application first.
		cbd := k.resourceType + ".cbd"
		cbdID := statecheck.CompareValue(k.idAfterRenewal())
		config := func(appName, redirectURI, scopes, triggers, confidential string) string {
			return k.block(env, appName, redirectURI, scopes, triggers, "  confidential = "+confidential+"\n") +
				relabel(k.block(env, name+"-cbd", "https://app.example.com/callback", `["read_user"]`, triggers,
					"  lifecycle {\n    create_before_destroy = true\n  }\n"), "cbd")
		}
		steps := []resource.TestStep{{
			PreConfig: env.ResetRequests,
			Config:    config(name, redirectURI, `["read_user", "openid"]`, "", "true"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
			},
			ConfigStateChecks: append(identity[0],
				statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9]+$`))),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact(name)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("redirect_uri"), knownvalue.StringExact(redirectURI)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("scopes"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("openid"), knownvalue.StringExact("read_user")})),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("confidential"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("application_id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{64}$`))),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("secret"), knownvalue.StringRegexp(regexp.MustCompile(`^gloas-`))),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("secret_rotation_triggers"), knownvalue.Null()),
				secrets.ExpectWorking(),
			),
			// One create for each application, and Reads list the applications (GitLab has no GET for
			// one instance application).
			Check: env.ExpectRequests("POST", k.listPath(env), 2),
		}}
		for i, c := range changes {
			step := resource.TestStep{
				PreConfig:         env.ResetRequests,
				Config:            config(c.name, c.redirectURI, c.scopes, c.triggers, c.confidential),
				ConfigStateChecks: append(identity[i+1], secrets.ExpectWorking()),
				Check:             c.requests,
			}
			switch c.outcome {
			case kept:
				step.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(address, tfjsonpath.New("secret"), knownvalue.NotNull()),
				}
			case renewed:
				step.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(address, tfjsonpath.New("secret")),
					plancheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.NotNull()),
					plancheck.ExpectKnownValue(address, tfjsonpath.New("application_id"), knownvalue.NotNull()),
				}
				step.ConfigStateChecks = append(step.ConfigStateChecks, secrets.ExpectEarlierRevoked())
			case replaced:
				step.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectUnknownValue(address, tfjsonpath.New("secret")),
				}
				step.ConfigStateChecks = append(step.ConfigStateChecks, secrets.ExpectEarlierRevoked())
			}
			if c.triggers == rotate { // before the rotation, and after it
				steps[i].ConfigStateChecks = append(steps[i].ConfigStateChecks, cbdID.AddStateValue(cbd, tfjsonpath.New("id")))
				step.ConfigStateChecks = append(step.ConfigStateChecks, cbdID.AddStateValue(cbd, tfjsonpath.New("id")))
				cbdAction := plancheck.ResourceActionCreateBeforeDestroy
				if rotation == renewed {
					cbdAction = plancheck.ResourceActionUpdate
				}
				step.ConfigPlanChecks.PreApply = append(step.ConfigPlanChecks.PreApply, plancheck.ExpectResourceAction(cbd, cbdAction))
			}
			steps = append(steps, step)
		}
		return steps
	})
}

// TestAccApplication_changedOrDeletedOutsideTerraform: an application renamed and rescoped in GitLab's
// UI is put back in place (user and group applications); an instance application, which GitLab cannot
// update, renamed there is replaced (on the fake: a real GitLab has no API to rename one, and there
// the step only renews the secret). A secret renewed there goes unnoticed without check_secrets (the
// token endpoint is never asked, and the plan keeps the secret). An application deleted there is
// created again, with a warning.
func TestAccApplication_changedOrDeletedOutsideTerraform(t *testing.T) {
	env := acctest.New(t)
	runKinds(t, env, allKinds, kindsProvider(env, ""), func(k testKind) []resource.TestStep {
		address := k.address()
		name := acctest.Name("drift")
		config := k.resource(env, name)
		same := acctest.CompareAcrossSteps(address, compare.ValuesSame(), "id", "secret")
		newID := statecheck.CompareValue(compare.ValuesDiffer())
		renewOutside, _ := env.SecretRenewer(t, k.resourceType)
		var id string
		created := resource.TestStep{
			Config:            config,
			ConfigStateChecks: append(same(), newID.AddStateValue(address, tfjsonpath.New("id"))),
			Check:             acctest.CaptureAttribute(address, "id", &id),
		}
		var renameOutside func()
		changed := resource.TestStep{
			PreConfig: func() {
				if renewOutside != nil {
					renewOutside(mustParseID(t, id))
				}
				if renameOutside != nil {
					renameOutside()
				}
				env.ResetRequests()
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: same(),
			Check:             resource.ComposeTestCheckFunc(env.ExpectRequests("", tokenEndpoint, 0), acctest.CaptureAttribute(address, "id", &id)),
		}
		backToName := statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact(name))
		// What GitLab holds after the apply proves the change, not state, which holds the configuration
		// whether or not Read saw the rename.
		changed.Check = resource.ComposeTestCheckFunc(changed.Check, expectGitLabHolds(env, k, address, name, []string{"read_user"}))
		switch {
		case k.update != nil:
			renameOutside = func() {
				newName := "renamed in the UI"
				if err := k.update(env, kindsToken(env), mustParseID(t, id), gitlabclient.UpdateOptions{Name: &newName, Scopes: []string{"read_user", "api"}}); err != nil {
					t.Fatalf("changing the application behind Terraform's back: %v", err)
				}
			}
			changed.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact(name)),
				plancheck.ExpectKnownValue(address, tfjsonpath.New("secret"), knownvalue.NotNull()),
			}
			changed.ConfigStateChecks = append(changed.ConfigStateChecks, backToName,
				statecheck.ExpectKnownValue(address, tfjsonpath.New("scopes"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("read_user")})),
			)
		case env.Fake != nil:
			renameOutside = func() {
				env.Fake.ModifyApplication(mustParseID(t, id), func(app *fakegitlab.Application) { app.Name = "renamed in the UI" })
			}
			changed.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate),
			}
			changed.ConfigStateChecks = []statecheck.StateCheck{backToName, newID.AddStateValue(address, tfjsonpath.New("id"))}
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

// TestAccApplication_importThenRotate adopts an application of every kind created outside Terraform
// with an import block: nothing is created or destroyed, the state has no secret (GitLab never shows
// one again), and with check_secrets on nothing is asked of the token endpoint. Triggers added after
// the import are recorded without a rotation; a later change renews the secret (in place for an
// instance application, by replacement otherwise). `terraform import` then gives the state Terraform
// has, but for the secret and the triggers, which live only in state and configuration.
func TestAccApplication_importThenRotate(t *testing.T) {
	env := acctest.New(t)
	runKinds(t, env, allKinds, checkingSecrets(env, ""), func(k testKind) []resource.TestStep {
		name := acctest.Name("import")
		address := k.address()
		app := k.create(t, env, kindsToken(env), gitlabclient.CreateOptions{
			Name: name, RedirectURI: "https://app.example.com/callback", Scopes: []string{"read_user", "openid"}, Confidential: false,
		})
		id := strconv.FormatInt(app.ID, 10)
		config := func(triggers string) string {
			return k.block(env, name, "https://app.example.com/callback", `["openid", "read_user"]`, triggers, "  confidential = false\n")
		}
		// An import by id gives the application its identity, on CLIs that keep identities.
		var importedIdentity []statecheck.StateCheck
		if identitiesInState(t) {
			importedIdentity = append(importedIdentity, statecheck.ExpectIdentity(address, k.identity(env, knownvalue.StringExact(id))))
		}
		sameID := statecheck.CompareValue(compare.ValuesSame())
		// The renewal's id comes after the import's and the triggers' (the same), compared with the
		// last of them.
		renewedID := statecheck.CompareValue(k.idAfterRenewal())
		return []resource.TestStep{
			{
				PreConfig: env.ResetRequests,
				Config:    acctest.ImportBlock(address, k.importID(env, id)) + config(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						acctest.ExpectNothingCreatedOrDestroyed(),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("secret"), knownvalue.Null()),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: append([]statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("confidential"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("scopes"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("openid"), knownvalue.StringExact("read_user")})),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("secret"), knownvalue.Null()),
					sameID.AddStateValue(address, tfjsonpath.New("id")),
				}, importedIdentity...),
				Check: env.ExpectRequests("", tokenEndpoint, 0),
			},
			{
				Config: config(`{ r = "1" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(address, tfjsonpath.New("secret"), knownvalue.Null()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")), renewedID.AddStateValue(address, tfjsonpath.New("id")),
				},
			},
			{
				Config: config(`{ r = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, k.renewalPlanned()),
					plancheck.ExpectUnknownValue(address, tfjsonpath.New("secret")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					renewedID.AddStateValue(address, tfjsonpath.New("id")),
					env.Secrets(address).ExpectWorking(),
				},
			},
			{
				ResourceName: address,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return k.importID(env, s.RootModule().Resources[address].Primary.ID), nil
				},
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
