package provider

import (
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

const instanceApp = "gitlab_instance_application.test"

// instanceAppConfig is a gitlab_instance_application with these attributes; triggers may be "".
func instanceAppConfig(env *acctest.Env, name, redirectURI, scopes, triggers string) string {
	return env.ProviderConfig(env.Token("gitlab_instance_application")) + applicationBlock("gitlab_instance_application", name, redirectURI, scopes, triggers)
}

func TestAccInstanceApplication_renamedOutsideTerraformIsReplaced(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("GitLab has no API to rename an instance application"))
	fake := env.Fake
	name := acctest.Name("drift")
	config := instanceAppConfig(env, name, "https://app.example.com/callback", `["api"]`, "")
	var id string
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{Config: config, Check: acctest.CaptureAttribute(instanceApp, "id", &id)},
			{
				PreConfig: func() {
					fake.ModifyApplication(mustParseID(t, id), func(app *fakegitlab.Application) { app.Name = "renamed in the UI" })
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(instanceApp, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(instanceApp, tfjsonpath.New("name"), knownvalue.StringExact(name)),
				},
			},
		},
	})
}

// TestAccInstanceApplication_importBlock adopts an application created outside Terraform, on a current
// GitLab and on one that does not report scopes: neither plans a replacement. On the current GitLab, `terraform import`
// of the application then gives the state Terraform has (GitLab never shows a secret again, and the
// triggers live only in configuration).
func TestAccInstanceApplication_importBlock(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		env  func(t *testing.T) *acctest.Env
		// then are the steps after the adoption.
		then []resource.TestStep
	}{
		{"current", func(t *testing.T) *acctest.Env { return acctest.New(t) }, []resource.TestStep{{
			ResourceName:            instanceApp,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"secret", "secret_rotation_triggers"},
		}}},
		{"without scopes in answers", func(t *testing.T) *acctest.Env {
			return acctest.New(t, acctest.Fake(fakegitlab.Options{OmitScopes: true}))
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := tc.env(t)
			name := acctest.Name("adopt")
			app := env.CreateInstanceApplication(t, gitlabclient.CreateOptions{
				Name: name, RedirectURI: "https://app.example.com/callback", Scopes: []string{"read_user", "openid"}, Confidential: true,
			})
			id := strconv.FormatInt(app.ID, 10)
			resourceBlock := applicationBlock("gitlab_instance_application", name, "https://app.example.com/callback", `["openid", "read_user"]`, "")
			importBlock := acctest.ImportBlock(instanceApp, id)
			sameID := statecheck.CompareValue(compare.ValuesSame())
			acctest.Run(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories(),
				CheckDestroy:             env.CheckDestroy(),
				Steps: append([]resource.TestStep{
					{
						Config: env.ProviderConfig(env.AdminToken) + importBlock + resourceBlock,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							acctest.ExpectNothingCreatedOrDestroyed(),
							plancheck.ExpectKnownValue(instanceApp, tfjsonpath.New("secret"), knownvalue.Null()),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(instanceApp, tfjsonpath.New("id"), knownvalue.StringExact(id)),
							statecheck.ExpectKnownValue(instanceApp, tfjsonpath.New("scopes"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("openid"), knownvalue.StringExact("read_user")})),
							sameID.AddStateValue(instanceApp, tfjsonpath.New("id")),
						},
					},
					{
						// Triggers added after the import are recorded without a rotation; a later change renews.
						Config: env.ProviderConfig(env.AdminToken) + applicationBlock("gitlab_instance_application", name, "https://app.example.com/callback", `["openid", "read_user"]`, `{ r = "1" }`),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(instanceApp, plancheck.ResourceActionUpdate),
							plancheck.ExpectKnownValue(instanceApp, tfjsonpath.New("secret"), knownvalue.Null()),
						}},
					},
					{
						Config: env.ProviderConfig(env.AdminToken) + applicationBlock("gitlab_instance_application", name, "https://app.example.com/callback", `["openid", "read_user"]`, `{ r = "2" }`),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(instanceApp, plancheck.ResourceActionUpdate),
							plancheck.ExpectUnknownValue(instanceApp, tfjsonpath.New("secret")),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							sameID.AddStateValue(instanceApp, tfjsonpath.New("id")),
							statecheck.ExpectKnownValue(instanceApp, tfjsonpath.New("secret"), knownvalue.StringRegexp(regexp.MustCompile(`^gloas-`))),
						},
					},
				}, tc.then...),
			})
		})
	}
}

func TestAccInstanceApplication_tokenErrorsNameTheCause(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	userToken := env.Token("gitlab_user_application")
	for _, tc := range []struct {
		name, token string
		want        *regexp.Regexp
	}{
		{"wrong token", "glpat-this-token-does-not-exist", regexp.MustCompile(`refused\s+the\s+token\s+\(401\)`)},
		{"not an administrator", userToken, regexp.MustCompile(`administrator's\s+token`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acctest.Run(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories(),
				CheckDestroy:             env.CheckDestroy(),
				Steps: []resource.TestStep{{
					Config:      env.ProviderConfig(tc.token) + applicationBlock("gitlab_instance_application", acctest.Name("token"), "https://app.example.com/cb", `["api"]`, ""),
					ExpectError: tc.want,
				}},
			})
		})
	}
}
