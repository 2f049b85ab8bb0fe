package provider

import (
	"context"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// namedCheck is a plan and state check that only has a name, to follow it through a merge.
type namedCheck string

func (namedCheck) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
}

func (namedCheck) CheckState(context.Context, statecheck.CheckStateRequest, *statecheck.CheckStateResponse) {
}

// TestMergeKindSteps: every kind's configuration, checks and PreConfig end up in the merged step, in
// the kinds' order; import steps follow one another; what cannot be merged is refused.
func TestMergeKindSteps(t *testing.T) {
	var log []string
	kindStep := func(kind string) resource.TestStep {
		return resource.TestStep{
			PreConfig: func() { log = append(log, "pre "+kind) },
			Config:    "# " + kind + "\n",
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{namedCheck(kind + " pre-apply")},
				PostApplyPostRefresh: []plancheck.PlanCheck{namedCheck(kind + " post-refresh")},
			},
			ConfigStateChecks: []statecheck.StateCheck{namedCheck(kind + " state")},
			Check: func(*terraform.State) error {
				log = append(log, "check "+kind)
				return nil
			},
		}
	}
	importStep := func(address string) resource.TestStep {
		return resource.TestStep{ResourceName: address, ImportState: true, ImportStateVerify: true}
	}
	merged := mergeKindSteps(t, [][]resource.TestStep{
		{kindStep("a"), importStep("a.test")},
		{kindStep("b"), importStep("b.test")},
	}, func(step int) string { return "# provider\n" })

	if len(merged) != 3 {
		t.Fatalf("got %d steps, want the merged step and one import step per kind", len(merged))
	}
	step := merged[0]
	if want := "# provider\n# a\n# b\n"; step.Config != want {
		t.Errorf("config %q, want %q", step.Config, want)
	}
	if got, want := step.ConfigPlanChecks.PreApply, []plancheck.PlanCheck{namedCheck("a pre-apply"), namedCheck("b pre-apply")}; !slices.Equal(got, want) {
		t.Errorf("pre-apply plan checks %v, want %v", got, want)
	}
	if got, want := step.ConfigPlanChecks.PostApplyPostRefresh, []plancheck.PlanCheck{namedCheck("a post-refresh"), namedCheck("b post-refresh")}; !slices.Equal(got, want) {
		t.Errorf("post-refresh plan checks %v, want %v", got, want)
	}
	if got, want := step.ConfigStateChecks, []statecheck.StateCheck{namedCheck("a state"), namedCheck("b state")}; !slices.Equal(got, want) {
		t.Errorf("state checks %v, want %v", got, want)
	}
	step.PreConfig()
	if err := step.Check(&terraform.State{}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"pre a", "pre b", "check a", "check b"}; !slices.Equal(log, want) {
		t.Errorf("ran %q, want %q", log, want)
	}
	if merged[1].ResourceName != "a.test" || merged[2].ResourceName != "b.test" || merged[1].Config != "" {
		t.Errorf("import steps %q, %q (config %q), want a.test then b.test, as written", merged[1].ResourceName, merged[2].ResourceName, merged[1].Config)
	}
}

// TestMergeKindStepsRefuses what a merge would lose or get wrong.
func TestMergeKindStepsRefuses(t *testing.T) {
	for name, perKind := range map[string][][]resource.TestStep{
		"an expected error":        {{{Config: "# a\n", ExpectError: regexp.MustCompile("x")}}, {{Config: "# b\n"}}},
		"steps of different modes": {{{Config: "# a\n"}}, {{RefreshState: true}}},
		"as many steps":            {{{Config: "# a\n"}, {Config: "# a\n"}}, {{Config: "# b\n"}}},
	} {
		t.Run(name, func(t *testing.T) {
			fatal := &fatalRecorder{}
			func() {
				defer func() { _ = recover() }() // Fatalf stops the merge as it would stop a test
				mergeKindSteps(fatal, perKind, func(int) string { return "" })
			}()
			if !fatal.failed {
				t.Errorf("merged steps with %s", name)
			}
		})
	}
}

// fatalRecorder records a Fatalf and stops the caller, as a test's Fatalf would.
type fatalRecorder struct{ failed bool }

func (*fatalRecorder) Helper() {}

func (r *fatalRecorder) Fatalf(string, ...any) {
	r.failed = true
	panic(r)
}
