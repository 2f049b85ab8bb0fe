package provider

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// TestAccSecretCheck_noSecretLostOnAGuess: something in front of GitLab that answers the token
// endpoint with 401 invalid_client changes nothing: without Doorkeeper's WWW-Authenticate header, or
// when a second check does not confirm it, state and plan stay as they were. When it plays Doorkeeper
// fully, twice, and `apply -refresh-only` records the secret as stale, the secret is kept aside: once
// the token endpoint answers truly again, a refresh finds it working and puts it back, and the plan is
// empty: nothing renewed, nothing replaced. Every kind, side by side.
func TestAccSecretCheck_noSecretLostOnAGuess(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it plays a gateway in front of the token endpoint"))
	runKinds(t, env, allKinds, checkingSecrets(env, ""), func(k testKind) []resource.TestStep {
		address := k.address()
		config := k.checkedResource(env, acctest.Name("guess"), "")
		var id, clientID, secret string
		original := statecheck.CompareValue(compare.ValuesSame())
		gateway := func(times int, withChallenge bool) func() {
			return func() {
				env.Fake.ClearTokenIntercepts(clientID)
				env.Fake.InterceptTokenRequests(clientID, gatewayRefusal(times, withChallenge))
				env.ResetRequests()
			}
		}
		unchanged := func(when string) resource.TestStep {
			return resource.TestStep{
				RefreshState:      true,
				RefreshPlanChecks: resource.RefreshPlanChecks{PostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: explained(when, resource.ComposeTestCheckFunc(
					expectAttributesKept(address, map[string]*string{"id": &id, "secret": &secret}),
					expectRequestsAtLeast(env, http.MethodPost, tokenEndpoint, len(allKinds)),
				)),
			}
		}
		withoutChallenge, notConfirmed := unchanged("after a gateway's 401 without Doorkeeper's header"), unchanged("after a 401 not confirmed")
		withoutChallenge.PreConfig, notConfirmed.PreConfig = gateway(-1, false), gateway(1, true)
		return []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{original.AddStateValue(address, tfjsonpath.New("secret"))},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureAttribute(address, "id", &id),
					acctest.CaptureAttribute(address, "application_id", &clientID), acctest.CaptureAttribute(address, "secret", &secret)),
			},
			withoutChallenge,
			notConfirmed,
			{
				// `apply -refresh-only` while the gateway plays Doorkeeper: the secret is recorded stale.
				PreConfig:          gateway(-1, true),
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				RefreshPlanChecks: resource.RefreshPlanChecks{PostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, k.renewalPlanned()),
				}},
				Check: resource.TestCheckNoResourceAttr(address, "secret"),
			},
			{
				// The token endpoint answers truly again: the kept secret works, and is back.
				PreConfig: func() { env.Fake.ClearTokenIntercepts(clientID); env.ResetRequests() },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{original.AddStateValue(address, tfjsonpath.New("secret"))},
				Check: resource.ComposeTestCheckFunc(
					expectAttributesKept(address, map[string]*string{"id": &id, "secret": &secret}),
					env.ExpectRequests("POST", k.applicationPaths(env), 0), env.ExpectRequests("POST", k.listPath(env), 0),
					env.ExpectRequests("DELETE", k.applicationPaths(env), 0)),
			},
		}
	})
}

// TestAccSecretCheck_strictFailsWhenItCannotTell: with check_secrets_strict, a plan whose secret checks
// get no clear answer (a 503 storm at the token endpoint) fails, so that `plan -detailed-exitcode`
// exits 1 instead of 0; once the token endpoint answers, the plan is empty again. Every kind's
// application in one configuration (a step that expects an error cannot be merged by runKinds).
func TestAccSecretCheck_strictFailsWhenItCannotTell(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it injects faults at the token endpoint"))
	config := checkingSecrets(env, "  check_secrets_strict = true\n")
	for _, k := range servedKinds(t, env, allKinds) {
		config += k.checkedResource(env, acctest.Name("strict"), "")
	}
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					env.Fake.InjectFault(fakegitlab.Fault{Method: http.MethodPost, Path: tokenEndpoint, Kind: fakegitlab.FaultStatus, Status: http.StatusServiceUnavailable, Times: -1})
				},
				Config:      config,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Cannot\s+check\s+the\s+secret.*503.*check_secrets_strict`),
			},
			{PreConfig: env.Fake.ClearFaults, Config: config, PlanOnly: true},
		},
	})
}
