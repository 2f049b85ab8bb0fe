package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

func TestAccResilience_rateLimitWaitsForRetryAfter(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it injects faults"))
	env.Fake.InjectFault(fakegitlab.RateLimited(http.MethodPost, "/api/v4/applications", 1))
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{{
			Config: instanceAppConfig(env, acctest.Name("ratelimit"), ""),
			Check: resource.ComposeTestCheckFunc(
				env.ExpectRequests(http.MethodPost, "/api/v4/applications", 2), // rejected before any work: resent
				expectApplications(env, 1),
				func(*terraform.State) error {
					var posts []time.Time
					for _, r := range env.Fake.Requests() {
						if r.Method == http.MethodPost {
							posts = append(posts, r.Time)
						}
					}
					if gap := posts[1].Sub(posts[0]); gap < 900*time.Millisecond {
						t.Errorf("the create was resent %v after a 429 with Retry-After: 1", gap)
					}
					return nil
				},
			),
		}},
	})
}

func TestAccResilience_idempotentRequestsRideOutProxyErrors(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it injects faults"))
	config := userAppConfig(env, acctest.Name("flaky"), "https://app.example.com/cb", `["openid"]`, "")
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				// retries = 2: a 502 page and a cut connection are both ridden out on the Read.
				PreConfig: func() {
					env.ResetRequests()
					env.Fake.InjectFault(fakegitlab.HTMLError(http.MethodGet, "/api/v4/user/applications", http.StatusBadGateway))
					env.Fake.InjectFault(fakegitlab.CutConnection(http.MethodGet, "/api/v4/user/applications"))
				},
				RefreshState: true,
				Check:        env.ExpectRequests(http.MethodGet, "/api/v4/user/applications", 3),
			},
		},
	})
}

// TestAccResilience_lostCreateAnswer: GitLab created the application but its answer (with the only copy
// of the secret) never arrived. Nothing may be left behind, and state must hold a secret that works.
func TestAccResilience_lostCreateAnswer(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it injects faults"))
	runKinds(t, env, allKinds, kindsProvider(env, ""), func(k testKind) []resource.TestStep {
		address := k.address()
		// What GitLab sees beyond the lost create: an instance application is adopted with a renewed
		// secret; a user or group application (no renewal) is deleted and created again.
		wantRequests := []resource.TestCheckFunc{
			env.ExpectRequests("POST", k.listPath(env), 2),
			env.ExpectRequests("DELETE", k.applicationPaths(env), 1),
		}
		if k.resourceType == testInstanceKind.resourceType {
			wantRequests = []resource.TestCheckFunc{
				env.ExpectRequests("POST", k.listPath(env), 1),
				env.ExpectRequests("POST", "/api/v4/applications/:id/renew-secret", 1),
				env.ExpectRequests("DELETE", k.applicationPaths(env), 0),
			}
		}
		return []resource.TestStep{{
			PreConfig:         func() { env.Fake.InjectFault(fakegitlab.LoseAnswer(http.MethodPost, k.listPath(env))) },
			Config:            k.block(env, acctest.Name("lost"), "https://app.example.com/cb", `["openid"]`, "", ""),
			ConfigStateChecks: []statecheck.StateCheck{env.Secrets(address).ExpectWorking()},
			Check:             resource.ComposeTestCheckFunc(append(wantRequests, k.expectTheOneInState(env, address))...),
		}}
	})
}

// TestAccResilience_createRefusedByProxyIsSentOnceMore: a 503 from a proxy may or may not have reached
// GitLab; the provider looks before it sends the create again, so there is never a duplicate.
func TestAccResilience_createRefusedByProxyIsSentOnceMore(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it injects faults"))
	env.Fake.InjectFault(fakegitlab.HTMLError(http.MethodPost, "/api/v4/applications", http.StatusServiceUnavailable))
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{{
			Config: instanceAppConfig(env, acctest.Name("proxy"), ""),
			Check: resource.ComposeTestCheckFunc(
				expectApplications(env, 1),
				env.ExpectRequests(http.MethodPost, "/api/v4/applications", 2),
			),
		}},
	})
}

// TestAccResilience_failedOrLostRenewal: two instance applications rotate at once. One renewal GitLab
// refuses: the apply fails, the old secret and triggers stay in state and still work, and the next
// apply tries again. The other renewal's answer is lost, after it killed the old secret: the apply
// fails saying so, the state's secret is null and marked stale, and the next plan renews it again.
func TestAccResilience_failedOrLostRenewal(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it injects faults"))
	const failed, lost = "gitlab_instance_application.failed", "gitlab_instance_application.lost"
	name := acctest.Name("renewfail")
	config := func(failedRotation, lostRotation string) string {
		block := func(label, rotation string) string {
			return relabel(applicationBlock("gitlab_instance_application", name+"-"+label, "https://app.example.com/cb", `["openid"]`, `{ rotation = "`+rotation+`" }`), label)
		}
		return env.ProviderConfig(env.AdminToken) + block("failed", failedRotation) + block("lost", lostRotation)
	}
	failedSecrets, lostSecrets := env.Secrets(failed), env.Secrets(lost)
	firstSecret := statecheck.CompareValue(compare.ValuesSame())
	lostID := statecheck.CompareValue(compare.ValuesSame())
	var failedID, lostAppID string
	triggers := func(address, rotation string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(address, tfjsonpath.New("secret_rotation_triggers"), knownvalue.MapExact(map[string]knownvalue.Check{"rotation": knownvalue.StringExact(rotation)}))
	}
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{
				Config: config("1", "1"),
				ConfigStateChecks: []statecheck.StateCheck{
					firstSecret.AddStateValue(failed, tfjsonpath.New("secret")), failedSecrets.ExpectWorking(),
					lostID.AddStateValue(lost, tfjsonpath.New("id")), lostSecrets.ExpectWorking(),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureAttribute(failed, "id", &failedID), acctest.CaptureAttribute(lost, "id", &lostAppID)),
			},
			{
				PreConfig: func() {
					env.Fake.InjectFault(fakegitlab.JSONError(http.MethodPost, "/api/v4/applications/"+failedID+"/renew-secret", http.StatusInternalServerError))
					env.Fake.InjectFault(fakegitlab.LoseAnswer(http.MethodPost, "/api/v4/applications/"+lostAppID+"/renew-secret"))
				},
				Config: config("2", "2"),
				// Both errors, in either order.
				ExpectError: regexp.MustCompile(`(?s)(Cannot\s+renew\s+the\s+secret\s+of\s+the\s+instance\s+application.*renew-secret.*renewal\s+got\s+no\s+answer.*next\s+plan\s+renews\s+it\s+again|` +
					`renewal\s+got\s+no\s+answer.*next\s+plan\s+renews\s+it\s+again.*Cannot\s+renew\s+the\s+secret\s+of\s+the\s+instance\s+application.*renew-secret)`),
			},
			{
				// The refused renewal left the old secret and triggers in state, and the old secret works.
				// The lost one left a null secret marked stale: the plan renews it again.
				PreConfig: env.ResetRequests,
				Config:    config("1", "2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(lost, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(lost, tfjsonpath.New("secret")),
						plancheck.ExpectResourceAction(failed, plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					firstSecret.AddStateValue(failed, tfjsonpath.New("secret")), triggers(failed, "1"), failedSecrets.ExpectWorking(),
					lostSecrets.ExpectWorking(), lostSecrets.ExpectEarlierRevoked(), lostID.AddStateValue(lost, tfjsonpath.New("id")),
				},
				Check: func(s *terraform.State) error { // the ids are known once the first step ran
					return resource.ComposeTestCheckFunc(
						env.ExpectRequests("POST", "/api/v4/applications/"+lostAppID+"/renew-secret", 1),
						env.ExpectRequests("POST", "/api/v4/applications/"+failedID+"/renew-secret", 0))(s)
				},
			},
			{
				// The next apply tries the refused rotation again.
				Config: config("2", "2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(failed, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(failed, tfjsonpath.New("secret")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{triggers(failed, "2"), failedSecrets.ExpectWorking(), failedSecrets.ExpectEarlierRevoked()},
			},
		},
	})
}

// TestAccResilience_failedDeleteKeepsTheResource: a delete that GitLab refused leaves the resource in
// state, so it is neither forgotten nor orphaned.
func TestAccResilience_failedDeleteKeepsTheResource(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it injects faults"))
	config := userAppConfig(env, acctest.Name("delfail"), "https://app.example.com/cb", `["openid"]`, "")
	var id string
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{Config: config, Check: acctest.CaptureAttribute(userApp, "id", &id)},
			{
				PreConfig: func() {
					fault := fakegitlab.JSONError(http.MethodDelete, "/api/v4/user/applications/", http.StatusServiceUnavailable)
					fault.Times = 3 // the first try and both retries
					env.Fake.InjectFault(fault)
				},
				Config:      env.ProviderConfig(env.UserToken),
				ExpectError: regexp.MustCompile(`Cannot\s+delete\s+the\s+user\s+application`),
			},
			{
				// The plan after the refresh still shows the delete to do.
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check:              resource.TestCheckResourceAttrPtr(userApp, "id", &id),
			},
			{
				// GitLab answers again: the resource is still managed, and goes.
				Config:           env.ProviderConfig(env.UserToken),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userApp, plancheck.ResourceActionDestroy)}},
				Check:            expectApplications(env, 0),
			},
		},
	})
}

func expectApplications(env *acctest.Env, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := len(env.Fake.Applications()); got != want {
			return fmt.Errorf("the fake GitLab has %d applications, want %d", got, want)
		}
		return nil
	}
}
