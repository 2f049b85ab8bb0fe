package provider

import (
	"context"
	"fmt"
	"net/http"
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
)

// tokenEndpoint is where the fake (and GitLab at its root) answers secret checks.
const tokenEndpoint = "/oauth/token"

// checkedResource is the kind's resource for the secret-check tests; extra is more HCL inside it.
func (k testKind) checkedResource(env *acctest.Env, name, extra string) string {
	return k.block(env, name, "https://app.example.com/callback", `["read_user"]`, "", extra)
}

// checkingSecrets is the provider configuration of the secret-check tests: every kind's, with
// check_secrets on; extra is more provider attributes, as HCL lines.
func checkingSecrets(env *acctest.Env, extra string) string {
	return kindsProvider(env, "  check_secrets = true\n"+extra)
}

// renewalPlanned is what a plan does about a stale secret: renew in place where the kind can, else
// replace the application.
func (k testKind) renewalPlanned() plancheck.ResourceActionType {
	if k.resourceType == testInstanceKind.resourceType {
		return plancheck.ResourceActionUpdate
	}
	return plancheck.ResourceActionDestroyBeforeCreate
}

// idAfterRenewal compares the id before and after: the same for a renewal in place, a new one for a
// replacement.
func (k testKind) idAfterRenewal() compare.ValueComparer {
	if k.resourceType == testInstanceKind.resourceType {
		return compare.ValuesSame()
	}
	return compare.ValuesDiffer()
}

// expectSecretDrift checks that the refresh found the secret changed outside Terraform: what
// `plan -refresh-only` shows, the resource_drift of a plan's JSON.
func expectSecretDrift(address string) plancheck.PlanCheck { return secretDrift{address} }

type secretDrift struct{ address string }

func (c secretDrift) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceDrift {
		if rc.Address != c.address {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		if before["secret"] == nil || after["secret"] != nil {
			resp.Error = fmt.Errorf("%s drifted, but not its secret (before set: %t, after null: %t)", c.address, before["secret"] != nil, after["secret"] == nil)
		}
		return
	}
	resp.Error = fmt.Errorf("no drift of %s in the plan", c.address)
}

// TestAccSecretCheck_renewedOutsideIsRenewedAgain: a secret renewed behind Terraform's back is found
// by a refresh alone (refresh-only) and by a plan, which renews it in place or replaces the
// application; afterwards the state's secret works and the plan is empty, and a later in-place change
// renews nothing (the stale mark is gone). A non-confidential application is checked alike, and its
// stale secret is drift, but it is never replaced for it: only an instance one is renewed in place.
// Every kind, side by side.
func TestAccSecretCheck_renewedOutsideIsRenewedAgain(t *testing.T) {
	env := acctest.New(t)
	runKinds(t, env, allKinds, checkingSecrets(env, ""), func(k testKind) []resource.TestStep {
		renewOutside, why := env.SecretRenewer(t, k.resourceType)
		if renewOutside == nil {
			t.Logf("%s left out: %s", k.resourceType, why)
			return nil
		}
		address := k.address()
		// A non-confidential application, which a blank secret also authenticates, is checked with its
		// secret too: a working one changes nothing, a renewed one is found.
		public := k.resourceType + ".public"
		name := acctest.Name("drift")
		publicConfig := relabel(k.checkedResource(env, acctest.Name("public"), "  confidential = false\n"), "public")
		config := k.checkedResource(env, name, "") + publicConfig
		secrets, publicSecrets := env.Secrets(address), env.Secrets(public)
		id := statecheck.CompareValue(k.idAfterRenewal())
		var appID, publicID string
		renewed := func(extra ...statecheck.StateCheck) []statecheck.StateCheck {
			return append([]statecheck.StateCheck{
				id.AddStateValue(address, tfjsonpath.New("id")), secrets.ExpectWorking(), secrets.ExpectEarlierRevoked(),
			}, extra...)
		}
		renewStep := resource.TestStep{
			PreConfig: env.ResetRequests,
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, k.renewalPlanned()),
					plancheck.ExpectUnknownValue(address, tfjsonpath.New("secret")),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: renewed(),
			Check:             acctest.CaptureAttribute(address, "id", &appID),
		}
		if k.renewalPlanned() == plancheck.ResourceActionUpdate {
			renewStep.Check = resource.ComposeTestCheckFunc(renewStep.Check,
				func(s *terraform.State) error { // this application's renewal, in place
					return env.ExpectRequests("POST", "/api/v4/applications/"+appID+"/renew-secret", 1)(s)
				},
				env.ExpectRequests("DELETE", k.applicationPaths(env), 0))
		}
		driftStep := renewStep
		driftStep.PreConfig = func() {
			renewOutside(mustParseID(t, appID))
			renewOutside(mustParseID(t, publicID))
			env.ResetRequests()
		}
		// The public application's stale secret: renewed in place where the kind can, else drift only.
		publicChecks := []statecheck.StateCheck{statecheck.ExpectKnownValue(public, tfjsonpath.New("confidential"), knownvalue.Bool(false))}
		publicAction := plancheck.ResourceActionNoop
		if k.renewalPlanned() == plancheck.ResourceActionUpdate {
			publicChecks, publicAction = append(publicChecks, publicSecrets.ExpectWorking()), plancheck.ResourceActionUpdate
		} else {
			publicChecks = append(publicChecks, statecheck.ExpectKnownValue(public, tfjsonpath.New("secret"), knownvalue.Null()))
		}
		driftStep.ConfigStateChecks = renewed(publicChecks...) // each comparison counts its own steps
		driftStep.ConfigPlanChecks.PreApply = append([]plancheck.PlanCheck{
			expectSecretDrift(address), expectSecretDrift(public), plancheck.ExpectResourceAction(public, publicAction),
		}, renewStep.ConfigPlanChecks.PreApply...)

		// Later, an in-place change (triggers set for the first time, and a new name where the kind
		// updates in place) renews nothing: the renewal above cleared the stale mark.
		sameSecret := statecheck.CompareValue(compare.ValuesSame())
		driftStep.ConfigStateChecks = append(driftStep.ConfigStateChecks, sameSecret.AddStateValue(address, tfjsonpath.New("secret")))
		laterName := name
		if k.update != nil {
			laterName = name + "-renamed"
		}
		inPlaceStep := resource.TestStep{
			PreConfig: env.ResetRequests,
			Config:    k.block(env, laterName, "https://app.example.com/callback", `["read_user"]`, `{ first = "set" }`, "") + publicConfig,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction(public, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{sameSecret.AddStateValue(address, tfjsonpath.New("secret")), secrets.ExpectWorking()},
			Check: resource.ComposeTestCheckFunc(
				env.ExpectRequests("POST", k.applicationPaths(env), 0), env.ExpectRequests("POST", k.listPath(env), 0),
				env.ExpectRequests("DELETE", k.applicationPaths(env), 0)),
		}
		return []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{id.AddStateValue(address, tfjsonpath.New("id")), secrets.ExpectWorking(), publicSecrets.ExpectWorking()},
				Check: resource.ComposeTestCheckFunc(
					acctest.CaptureAttribute(address, "id", &appID), acctest.CaptureAttribute(public, "id", &publicID)),
			},
			{
				// `terraform refresh`, then a plan: the refresh alone records the stale secret, and
				// keeps the working one.
				PreConfig:          func() { renewOutside(mustParseID(t, appID)) },
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				RefreshPlanChecks: resource.RefreshPlanChecks{PostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, k.renewalPlanned()),
					plancheck.ExpectResourceAction(public, plancheck.ResourceActionNoop),
				}},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckNoResourceAttr(address, "secret"), resource.TestCheckResourceAttrSet(public, "secret")),
			},
			renewStep,
			driftStep,
			inPlaceStep,
		}
	})
}

// TestAccSecretCheck_noClearAnswerChangesNothing: a 503 storm, 429s or a cut connection at the token
// endpoint, even over a secret that was renewed outside, leave the state and the plan as they were:
// never a renewal on a guess. One application of each kind, side by side, goes through every failure,
// one refresh each.
func TestAccSecretCheck_noClearAnswerChangesNothing(t *testing.T) {
	failures := []struct {
		name  string
		fault fakegitlab.Fault
	}{
		{"a 503 storm", fakegitlab.HTMLError(http.MethodPost, tokenEndpoint, http.StatusServiceUnavailable)},
		{"429s", fakegitlab.RateLimited(http.MethodPost, tokenEndpoint, 0)},
		{"a cut connection", fakegitlab.CutConnection(http.MethodPost, tokenEndpoint)},
	}
	env := acctest.New(t, acctest.FakeOnly("it injects faults at the token endpoint"))
	runKinds(t, env, allKinds, checkingSecrets(env, ""), func(k testKind) []resource.TestStep {
		address := k.address()
		var appID, secret string
		steps := []resource.TestStep{{
			Config: k.checkedResource(env, acctest.Name("unsure"), ""),
			Check: resource.ComposeTestCheckFunc(
				acctest.CaptureAttribute(address, "id", &appID), acctest.CaptureAttribute(address, "secret", &secret),
			),
		}}
		for _, failure := range failures {
			fault := failure.fault
			fault.Times = -1
			steps = append(steps, resource.TestStep{
				// `terraform refresh`, then a plan, both with every secret check failing this way.
				PreConfig: func() {
					env.Fake.ClearFaults()
					env.Fake.RenewSecretOutside(mustParseID(t, appID))
					env.Fake.InjectFault(fault)
					env.ResetRequests()
				},
				RefreshState: true,
				RefreshPlanChecks: resource.RefreshPlanChecks{
					PostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				// A refresh step's failed check does not say which step it was: the message names the failure.
				Check: explained("after a refresh with "+failure.name+" at the token endpoint", resource.ComposeTestCheckFunc(
					expectAttributesKept(address, map[string]*string{"id": &appID, "secret": &secret}),
					// The refresh did ask, at least once for each kind's application, so that a check
					// skipped altogether fails here.
					expectRequestsAtLeast(env, http.MethodPost, tokenEndpoint, len(allKinds)),
					env.ExpectRequests("POST", k.applicationPaths(env), 0),
					env.ExpectRequests("DELETE", k.applicationPaths(env), 0), env.ExpectRequests("POST", k.listPath(env), 0),
				)),
			})
		}
		return steps
	})
}

// expectAttributesKept checks that the resource's attributes in state still have the values captured
// earlier. A message names the attribute, never its value: one of them is a secret.
func expectAttributesKept(address string, kept map[string]*string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s is not in state", address)
		}
		for attribute, want := range kept {
			if got, ok := rs.Primary.Attributes[attribute]; !ok || got != *want {
				return fmt.Errorf("the %s of %s changed in state (now set: %t)", attribute, address, ok && got != "")
			}
		}
		return nil
	}
}

// explained prefixes the check's error with when it was made.
func explained(when string, check resource.TestCheckFunc) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if err := check(s); err != nil {
			return fmt.Errorf("%s: %w", when, err)
		}
		return nil
	}
}

// expectRequestsAtLeast fails when the fake GitLab saw fewer than want requests with this method and
// path since its log was last reset.
func expectRequestsAtLeast(env *acctest.Env, method, pattern string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := env.CountRequests(method, pattern); got < want {
			return fmt.Errorf("the fake GitLab saw %d %s requests to %s, want at least %d", got, method, pattern, want)
		}
		return nil
	}
}
