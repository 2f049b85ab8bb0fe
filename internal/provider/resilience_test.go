package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
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

// TestAccResilience_transientFailuresAreRiddenOut: a 429 with Retry-After on a create is waited out
// and the create resent (GitLab rejected it before any work); a 503 page from a proxy on a create,
// which may or may not have reached GitLab, is resent only after a look, so there is never a
// duplicate; a 502 page and a cut connection on a Read are retried (retries = 2). A create whose
// answer (with the only copy of the secret) never arrived leaves nothing behind, and state holds a
// secret that works: an instance application is adopted with a renewed secret, a user or group
// application (no renewal) is deleted and created again.
func TestAccResilience_transientFailuresAreRiddenOut(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it injects faults"))
	name := acctest.Name("transient")
	instanceApp := func(label string) string {
		return relabel(applicationBlock("gitlab_instance_application", name+"-"+label, "https://app.example.com/cb", `["openid"]`, ""), label)
	}
	userApp := applicationBlock("gitlab_user_application", name, "https://app.example.com/cb", `["openid"]`, "")
	// The administrator's token serves the user and group applications too.
	provider := kindsProvider(env, "")
	lost := ""
	var lostChecks []resource.TestCheckFunc
	var lostSecrets []statecheck.StateCheck
	for _, k := range allKinds {
		lost += relabel(k.block(env, name+"-lost", "https://app.example.com/cb", `["openid"]`, "", ""), "lost")
		lostSecrets = append(lostSecrets, env.Secrets(k.resourceType+".lost").ExpectWorking())
		if k.update == nil { // an instance application: adopted with a renewed secret
			lostChecks = append(lostChecks,
				env.ExpectRequests("POST", k.listPath(env), 1),
				env.ExpectRequests("POST", "/api/v4/applications/:id/renew-secret", 1),
				env.ExpectRequests("DELETE", k.applicationPaths(env), 0))
			continue
		}
		lostChecks = append(lostChecks, env.ExpectRequests("POST", k.listPath(env), 2), env.ExpectRequests("DELETE", k.applicationPaths(env), 1))
	}
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() { env.Fake.InjectFault(fakegitlab.RateLimited(http.MethodPost, "/api/v4/applications", 1)) },
				Config:    provider + instanceApp("ratelimited") + userApp,
				Check: resource.ComposeTestCheckFunc(
					env.ExpectRequests(http.MethodPost, "/api/v4/applications", 2), // rejected before any work: resent
					expectGitLabAsInState(env),
					func(*terraform.State) error {
						var posts []time.Time
						for _, r := range env.Fake.Requests() {
							if r.Method == http.MethodPost && r.Path == "/api/v4/applications" {
								posts = append(posts, r.Time)
							}
						}
						if gap := posts[1].Sub(posts[0]); gap < 900*time.Millisecond {
							return fmt.Errorf("the create was resent %v after a 429 with Retry-After: 1", gap)
						}
						return nil
					},
				),
			},
			{
				PreConfig: func() {
					env.ResetRequests()
					env.Fake.InjectFault(fakegitlab.HTMLError(http.MethodPost, "/api/v4/applications", http.StatusServiceUnavailable))
				},
				Config: provider + instanceApp("ratelimited") + instanceApp("refused") + userApp,
				Check:  resource.ComposeTestCheckFunc(env.ExpectRequests(http.MethodPost, "/api/v4/applications", 2), expectGitLabAsInState(env)),
			},
			{
				PreConfig: func() {
					env.ResetRequests()
					env.Fake.InjectFault(fakegitlab.HTMLError(http.MethodGet, "/api/v4/user/applications", http.StatusBadGateway))
					env.Fake.InjectFault(fakegitlab.CutConnection(http.MethodGet, "/api/v4/user/applications"))
				},
				RefreshState: true,
				Check:        env.ExpectRequests(http.MethodGet, "/api/v4/user/applications", 3),
			},
			{
				PreConfig: func() {
					env.ResetRequests()
					for _, k := range allKinds {
						env.Fake.InjectFault(fakegitlab.LoseAnswer(http.MethodPost, k.listPath(env)))
					}
				},
				Config:            provider + instanceApp("ratelimited") + instanceApp("refused") + userApp + lost,
				ConfigStateChecks: lostSecrets,
				Check:             resource.ComposeTestCheckFunc(append(lostChecks, expectGitLabAsInState(env))...),
			},
		},
	})
}

// TestAccResilience_failedRenewalsAndDelete: three applications change at once, and GitLab fails each
// change. A renewal GitLab refuses fails the apply; the old secret and triggers stay in state and still
// work, and the next apply tries again. A renewal whose answer is lost, after it killed the old secret,
// fails the apply saying so; the state's secret is null and marked stale, and the next plan renews it
// again. A delete GitLab refuses leaves the resource in state, neither forgotten nor orphaned: the next
// plan deletes it again.
func TestAccResilience_failedRenewalsAndDelete(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it injects faults"))
	const failed, lost, deleted = "gitlab_instance_application.failed", "gitlab_instance_application.lost", "gitlab_user_application.deleted"
	name := acctest.Name("fail")
	instanceApp := func(label, rotation string) string {
		return relabel(applicationBlock("gitlab_instance_application", name+"-"+label, "https://app.example.com/cb", `["openid"]`, `{ rotation = "`+rotation+`" }`), label)
	}
	// The administrator's token serves the user application too: its own.
	config := func(failedRotation, lostRotation string, withUserApp bool) string {
		config := kindsProvider(env, "") + instanceApp("failed", failedRotation) + instanceApp("lost", lostRotation)
		if withUserApp {
			config += relabel(applicationBlock("gitlab_user_application", name, "https://app.example.com/cb", `["openid"]`, ""), "deleted")
		}
		return config
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
				Config: config("1", "1", true),
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
					refusedDelete := fakegitlab.JSONError(http.MethodDelete, "/api/v4/user/applications/", http.StatusServiceUnavailable)
					refusedDelete.Times = 3 // the first try and both retries
					env.Fake.InjectFault(refusedDelete)
				},
				Config: config("2", "2", false),
				ExpectError: everyPattern(
					`Cannot\s+renew\s+the\s+secret\s+of\s+the\s+instance\s+application.*renew-secret`,
					`renewal\s+got\s+no\s+answer.*next\s+plan\s+renews\s+it\s+again`,
					`Cannot\s+delete\s+the\s+user\s+application`,
				),
			},
			{
				// The refused renewal left the old secret and triggers in state, and the old secret works.
				// The lost one left a null secret marked stale: the plan renews it again. The refused
				// delete is still to do.
				PreConfig: env.ResetRequests,
				Config:    config("1", "2", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(lost, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(lost, tfjsonpath.New("secret")),
						plancheck.ExpectResourceAction(failed, plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(deleted, plancheck.ResourceActionDestroy),
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
						env.ExpectRequests("POST", "/api/v4/applications/"+failedID+"/renew-secret", 0),
						env.ExpectRequests("DELETE", "/api/v4/user/applications/", 1),
						expectNoApplication(env, testUserKind),
					)(s)
				},
			},
			{
				// The next apply tries the refused rotation again.
				Config: config("2", "2", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(failed, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(failed, tfjsonpath.New("secret")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{triggers(failed, "2"), failedSecrets.ExpectWorking(), failedSecrets.ExpectEarlierRevoked()},
			},
		},
	})
}

// everyPattern matches a text that holds every one of the patterns, in any order (the CLI prints the
// errors of resources changed at once in the order they came).
func everyPattern(patterns ...string) *regexp.Regexp {
	var orders []string
	var permute func(done []string, rest []string)
	permute = func(done, rest []string) {
		if len(rest) == 0 {
			orders = append(orders, strings.Join(done, ".*"))
			return
		}
		for i := range rest {
			others := append(append([]string{}, rest[:i]...), rest[i+1:]...)
			permute(append(append([]string{}, done...), "(?:"+rest[i]+")"), others)
		}
	}
	permute(nil, patterns)
	return regexp.MustCompile(`(?s)(?:` + strings.Join(orders, "|") + `)`)
}

// expectNoApplication fails when the fake GitLab holds any application of the kind.
func expectNoApplication(env *acctest.Env, k testKind) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, app := range env.Fake.Applications() {
			if k.holds(app) {
				return fmt.Errorf("the fake GitLab still has the %s %d", k.resourceType, app.ID)
			}
		}
		return nil
	}
}
