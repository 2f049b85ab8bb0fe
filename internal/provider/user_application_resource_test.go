package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

const userApp = "gitlab_user_application.test"

// userAppConfig is a gitlab_user_application owned by the ordinary user; triggers may be "".
func userAppConfig(env *acctest.Env, name, redirectURI, scopes, triggers string) string {
	return env.ProviderConfig(env.Token("gitlab_user_application")) + applicationBlock("gitlab_user_application", name, redirectURI, scopes, triggers)
}

func TestAccUserApplication_createThenEmptyPlan(t *testing.T) {
	env := acctest.New(t)
	name := acctest.Name("user")
	secrets := env.Secrets(userApp)
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{{
			Config: userAppConfig(env, name, "https://app.example.com/callback", `["read_user", "openid"]`, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(userApp, plancheck.ResourceActionCreate)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(userApp, tfjsonpath.New("name"), knownvalue.StringExact(name)),
				statecheck.ExpectKnownValue(userApp, tfjsonpath.New("scopes"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("openid"), knownvalue.StringExact("read_user")})),
				statecheck.ExpectKnownValue(userApp, tfjsonpath.New("confidential"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(userApp, tfjsonpath.New("application_id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{64}$`))),
				statecheck.ExpectKnownValue(userApp, tfjsonpath.New("secret"), knownvalue.StringRegexp(regexp.MustCompile(`^gloas-`))),
				secrets.ExpectWorking(),
			},
			Check: env.ExpectRequests("POST", "/api/v4/user/applications", 1),
		}},
	})
}

func TestAccUserApplication_nameAndScopesChangeInPlace(t *testing.T) {
	env := acctest.New(t)
	name := acctest.Name("inplace")
	unchanged := acctest.CompareAcrossSteps(userApp, compare.ValuesSame(), "id", "secret", "application_id")
	updateStep := func(name, scopes, triggers string) resource.TestStep {
		return resource.TestStep{
			PreConfig: env.ResetRequests,
			Config:    userAppConfig(env, name, "https://app.example.com/callback", scopes, triggers),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(userApp, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(userApp, tfjsonpath.New("secret"), knownvalue.NotNull()),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: append(unchanged(), statecheck.ExpectKnownValue(userApp, tfjsonpath.New("name"), knownvalue.StringExact(name))),
		}
	}
	rename := updateStep(name+"-renamed", `["read_user"]`, "")
	rename.Check = env.ExpectRequests("PUT", "", 1)
	rescope := updateStep(name+"-renamed", `["read_user", "read_api"]`, "")
	rescope.Check = env.ExpectRequests("PUT", "", 1)
	addTriggers := updateStep(name+"-renamed", `["read_user", "read_api"]`, `{ rotation = "1" }`)
	addTriggers.Check = resource.ComposeTestCheckFunc( // recorded in state only
		env.ExpectRequests("PUT", "", 0), env.ExpectRequests("POST", "", 0), env.ExpectRequests("DELETE", "", 0))
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{Config: userAppConfig(env, name, "https://app.example.com/callback", `["read_user"]`, ""), ConfigStateChecks: unchanged()},
			rename, rescope, addTriggers,
		},
	})
}

// TestAccUserApplication_replacements: what GitLab cannot change in place, and a new secret, need a new
// application: new id, new client id, new secret.
func TestAccUserApplication_replacements(t *testing.T) {
	env := acctest.New(t)
	name := acctest.Name("userreplace")
	changed := acctest.CompareAcrossSteps(userApp, compare.ValuesDiffer(), "id", "secret", "application_id")
	replaceStep := func(redirectURI, triggers string) resource.TestStep {
		return resource.TestStep{
			Config: userAppConfig(env, name, redirectURI, `["read_user"]`, triggers),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(userApp, plancheck.ResourceActionDestroyBeforeCreate),
				plancheck.ExpectUnknownValue(userApp, tfjsonpath.New("secret")),
			}},
			ConfigStateChecks: changed(),
		}
	}
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{Config: userAppConfig(env, name, "https://app.example.com/callback", `["read_user"]`, `{ rotation = "1" }`), ConfigStateChecks: changed()},
			replaceStep("https://app.example.com/other", `{ rotation = "1" }`),
			replaceStep("https://app.example.com/other", `{ rotation = "2" }`),
		},
	})
}

func TestAccUserApplication_createBeforeDestroyRotation(t *testing.T) {
	env := acctest.New(t)
	name := acctest.Name("cbd")
	config := func(rotation string) string {
		return env.ProviderConfig(env.Token("gitlab_user_application")) + fmt.Sprintf(`
resource "gitlab_user_application" "test" {
  name                     = %q
  redirect_uri             = "https://app.example.com/callback"
  scopes                   = ["read_user"]
  secret_rotation_triggers = { rotation = %q }
  lifecycle {
    create_before_destroy = true
  }
}
`, name, rotation)
	}
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{Config: config("1"), ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(userApp, tfjsonpath.New("id"))}},
			{
				Config: config("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(userApp, plancheck.ResourceActionCreateBeforeDestroy),
				}},
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(userApp, tfjsonpath.New("id"))},
			},
		},
	})
}

func TestAccUserApplication_driftIsUpdatedInPlace(t *testing.T) {
	env := acctest.New(t)
	name := acctest.Name("userdrift")
	config := userAppConfig(env, name, "https://app.example.com/callback", `["read_user"]`, "")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var id string
	renameBehindTheBack := func() {
		newName := "renamed in the UI"
		if _, err := env.Client(env.UserToken).UpdateUserApplication(context.Background(), mustParseID(t, id),
			gitlabclient.UpdateOptions{Name: &newName, Scopes: []string{"read_user", "api"}}); err != nil {
			t.Fatalf("changing the application behind Terraform's back: %v", err)
		}
	}
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(userApp, tfjsonpath.New("id"))},
				Check:             acctest.CaptureAttribute(userApp, "id", &id),
			},
			{
				PreConfig: renameBehindTheBack,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(userApp, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(userApp, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(userApp, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(userApp, tfjsonpath.New("scopes"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("read_user")})),
				},
			},
		},
	})
}

func TestAccUserApplication_deletedOutsideTerraformIsCreatedAgain(t *testing.T) {
	env := acctest.New(t)
	config := userAppConfig(env, acctest.Name("usergone"), "https://app.example.com/callback", `["read_user"]`, "")
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	var id string
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(userApp, tfjsonpath.New("id"))},
				Check:             acctest.CaptureAttribute(userApp, "id", &id),
			},
			{
				PreConfig: func() {
					if err := env.Client(env.UserToken).DeleteUserApplication(context.Background(), mustParseID(t, id)); err != nil {
						t.Fatalf("deleting behind Terraform's back: %v", err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(userApp, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(userApp, tfjsonpath.New("id"))},
			},
		},
	})
}

func TestAccUserApplication_import(t *testing.T) {
	env := acctest.New(t)
	name := acctest.Name("userimport")
	app := env.CreateUserApplication(t, env.UserToken, gitlabclient.CreateOptions{
		Name: name, RedirectURI: "https://app.example.com/callback", Scopes: []string{"read_user"}, Confidential: false,
	})
	id := strconv.FormatInt(app.ID, 10)
	resourceBlock := fmt.Sprintf(`
resource "gitlab_user_application" "test" {
  name         = %q
  redirect_uri = "https://app.example.com/callback"
  scopes       = ["read_user"]
  confidential = false
}
`, name)
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{
				Config: env.ProviderConfig(env.Token("gitlab_user_application")) + acctest.ImportBlock(userApp, id) + resourceBlock,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{acctest.ExpectNothingCreatedOrDestroyed()},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userApp, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(userApp, tfjsonpath.New("confidential"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(userApp, tfjsonpath.New("secret"), knownvalue.Null()),
				},
			},
			{
				ResourceName:            userApp,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"secret", "secret_rotation_triggers"},
			},
		},
	})
}

func TestAccUserApplication_errorsNameTheCause(t *testing.T) {
	t.Run("another user's application", func(t *testing.T) {
		env := acctest.New(t)
		if env.OtherUserToken == "" {
			t.Skip("needs a second user's token: set GITLAB_OTHER_USER_TOKEN")
		}
		other := env.CreateUserApplication(t, env.OtherUserToken, gitlabclient.CreateOptions{
			Name: acctest.Name("theirs"), RedirectURI: "https://app.example.com/callback", Scopes: []string{"read_user"}, Confidential: true,
		})
		id := strconv.FormatInt(other.ID, 10)
		acctest.Run(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories(),
			CheckDestroy:             env.CheckDestroy(),
			Steps: []resource.TestStep{{
				Config: env.ProviderConfig(env.Token("gitlab_user_application")) + acctest.ImportBlock(userApp, id) +
					applicationBlock("gitlab_user_application", "theirs", "https://app.example.com/callback", `["read_user"]`, ""),
				ExpectError: regexp.MustCompile(`application\s+` + id + `\s+\(403\):\s+it\s+belongs\s+to\s+another\s+user`),
			}},
		})
	})
	t.Run("GitLab older than 19.0", func(t *testing.T) {
		env := acctest.New(t, acctest.Fake(fakegitlab.Options{NoUserApplications: true}))
		acctest.Run(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories(),
			CheckDestroy:             env.CheckDestroy(),
			Steps: []resource.TestStep{
				{
					Config:      userAppConfig(env, acctest.Name("old"), "https://app.example.com/callback", `["read_user"]`, ""),
					ExpectError: regexp.MustCompile(`needs\s+GitLab\s+19\.0\s+or\s+newer`),
				},
				{
					// A Read on such a server is an error too, never "deleted, create it again".
					Config: env.ProviderConfig(env.Token("gitlab_user_application")) + acctest.ImportBlock(userApp, "7") +
						applicationBlock("gitlab_user_application", "old", "https://app.example.com/callback", `["read_user"]`, ""),
					ExpectError: regexp.MustCompile(`needs\s+GitLab\s+19\.0\s+or\s+newer`),
				},
			},
		})
	})
}
