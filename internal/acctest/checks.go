package acctest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// ExpectRequests checks how many requests with this method ("" for any) and a path matching the
// pattern (fakegitlab.MatchPath) the fake GitLab saw since its request log was last reset. A real GitLab keeps no such log: there the test's output says so.
func (e *Env) ExpectRequests(method, pattern string, want int) func(*terraform.State) error {
	return func(*terraform.State) error {
		if !e.fakeOnlyCheck(fmt.Sprintf("%d %s requests to %q", want, method, pattern)) {
			return nil
		}
		if got := e.CountRequests(method, pattern); got != want {
			return fmt.Errorf("the fake GitLab saw %d %s requests to %q, want %d; requests:\n%s",
				got, method, pattern, want, e.requestList())
		}
		return nil
	}
}

// CountRequests counts the fake GitLab's requests since its log was last reset with this method ("" for
// any) and a path matching the pattern: fakegitlab.Server.CountRequests, the same rule.
func (e *Env) CountRequests(method, pattern string) int {
	return e.Fake.CountRequests(method, pattern)
}

func (e *Env) requestList() string {
	var b strings.Builder
	for _, r := range e.Fake.Requests() {
		fmt.Fprintf(&b, "  %s %s -> %d\n", r.Method, r.Path, r.Status)
	}
	return b.String()
}

// CompareAcrossSteps compares attributes of one resource from step to step with the comparer (values
// the same, or different each time). Call the returned function in each step's ConfigStateChecks.
func CompareAcrossSteps(address string, comparer compare.ValueComparer, attributes ...string) func() []statecheck.StateCheck {
	type comparison interface {
		AddStateValue(string, tfjsonpath.Path) statecheck.StateCheck
	}
	comparisons := make([]comparison, len(attributes))
	for i := range attributes {
		comparisons[i] = statecheck.CompareValue(comparer)
	}
	return func() []statecheck.StateCheck {
		checks := make([]statecheck.StateCheck, len(attributes))
		for i, attribute := range attributes {
			checks[i] = comparisons[i].AddStateValue(address, tfjsonpath.New(attribute))
		}
		return checks
	}
}

// ExpectNothingCreatedOrDestroyed is a plan check for imports: the plan may import and update in
// place, but must not create, destroy or replace anything (of the resources at addresses, when given).
func ExpectNothingCreatedOrDestroyed(addresses ...string) plancheck.PlanCheck {
	return nothingCreatedOrDestroyed{addresses: addresses}
}

type nothingCreatedOrDestroyed struct{ addresses []string }

func (c nothingCreatedOrDestroyed) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if len(c.addresses) > 0 && !slices.Contains(c.addresses, rc.Address) {
			continue
		}
		if rc.Change.Actions.Create() || rc.Change.Actions.Delete() || rc.Change.Actions.Replace() {
			resp.Error = fmt.Errorf("%s is planned for %v, want no create or destroy", rc.Address, rc.Change.Actions)
			return
		}
	}
}

// CaptureAttribute copies a resource's attribute from state into dst, for a later step's PreConfig
// (which acts on GitLab behind Terraform's back and needs the id).
func CaptureAttribute(address, attribute string, dst *string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s is not in state", address)
		}
		*dst = rs.Primary.Attributes[attribute]
		return nil
	}
}
