package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
)

// runKinds runs one test case in which every kind has its own applications, side by side: the
// configuration of each step is the provider's and every kind's resources of that step together, and
// the step's checks are all of theirs. What a kind's steps check is written for its own resources and
// holds whatever the other kinds do; the CLI runs once for all of them, and a CLI command costs about
// the same whatever the number of resources.
//
// The kinds' steps hold resources only; every step's provider configuration is provider. It uses an
// administrator's token (kindsProvider), which manages every kind: an instance's applications, its own
// user applications and any group's. One configuration is the only way to put the kinds side by side:
// a CLI reaches the provider served in the test process as one server, so aliases of the provider,
// each with a token of its own, would share one configuration.
//
// A kind the GitLab cannot serve (no group on a real GitLab) is left out, and so is one whose steps
// are nil (the steps' function logs why); with no kind left the test is skipped.
func runKinds(t *testing.T, env *acctest.Env, kinds []testKind, provider string, steps func(k testKind) []resource.TestStep) {
	t.Helper()
	runKindsCase(t, env, kinds, resource.TestCase{}, everyStep(provider), steps)
}

// everyStep is the same provider configuration for every step of a runKindsCase.
func everyStep(provider string) func(step int) string {
	return func(int) string { return provider }
}

// runKindsCase is runKinds with more of the test case (the CLIs it needs: TerraformVersionChecks),
// and a provider configuration for each step (by its index among the kinds' steps).
func runKindsCase(t *testing.T, env *acctest.Env, kinds []testKind, tc resource.TestCase, provider func(step int) string, steps func(k testKind) []resource.TestStep) {
	t.Helper()
	var perKind [][]resource.TestStep
	for _, k := range servedKinds(t, env, kinds) {
		if kindSteps := steps(k); kindSteps != nil {
			perKind = append(perKind, kindSteps)
		}
	}
	if len(perKind) == 0 {
		t.Skip("no application kind can be tested here (see the log)")
	}
	tc.ProtoV6ProviderFactories = protoV6ProviderFactories()
	tc.CheckDestroy = env.CheckDestroy()
	tc.Steps = mergeKindSteps(t, perKind, provider)
	acctest.Run(t, tc)
}

// servedKinds are the kinds the test's GitLab can serve: all of them but on a real GitLab without a
// group (GITLAB_GROUP), where the group kind is left out, as the test's log says.
func servedKinds(t *testing.T, env *acctest.Env, kinds []testKind) []testKind {
	t.Helper()
	var served []testKind
	for _, k := range kinds {
		if k.owner != nil && k.owner(env) == "" {
			t.Logf("%s left out: needs a group: set GITLAB_GROUP", k.resourceType)
			continue
		}
		served = append(served, k)
	}
	return served
}

// kindsProvider is the provider configuration with kindsToken, which manages every kind's
// applications: a runKinds case's, and any other test's that has several kinds; extra is more provider
// attributes, as HCL lines.
func kindsProvider(env *acctest.Env, extra string) string {
	return env.ProviderConfigWith(kindsToken(env), extra)
}

// kindsToken manages every kind's applications in a runKinds case, and acts behind Terraform's back on
// them: an administrator's.
func kindsToken(env *acctest.Env) string { return env.AdminToken }

// mergeKindSteps puts the kinds' steps together, step by step. Import steps, which name one resource,
// follow one another instead. Every kind must have as many steps, of the same mode (apply, refresh,
// query, plan only, import); a step that expects an error cannot be merged (the error would be one kind's).
func mergeKindSteps(t fataler, perKind [][]resource.TestStep, provider func(step int) string) []resource.TestStep {
	t.Helper()
	var merged []resource.TestStep
	for i, first := range perKind[0] {
		var same []resource.TestStep
		for _, kindSteps := range perKind {
			if len(kindSteps) != len(perKind[0]) {
				t.Fatalf("the kinds have %d and %d steps: runKinds needs as many of each", len(perKind[0]), len(kindSteps))
			}
			step := kindSteps[i]
			if step.ImportState != first.ImportState || step.RefreshState != first.RefreshState || step.Query != first.Query ||
				step.PlanOnly != first.PlanOnly || step.ExpectNonEmptyPlan != first.ExpectNonEmptyPlan {
				t.Fatalf("step %d is not of the same mode for every kind", i+1)
			}
			same = append(same, step)
		}
		if first.ImportState {
			merged = append(merged, same...)
			continue
		}
		step := mergeStep(t, i, same)
		// A refresh keeps the configuration of the step before it, and a query runs beside it.
		if !step.RefreshState && !step.Query {
			step.Config = provider(i) + step.Config
		}
		merged = append(merged, step)
	}
	return merged
}

// mergeStep is one step made of every kind's step i.
func mergeStep(t fataler, i int, steps []resource.TestStep) resource.TestStep {
	t.Helper()
	merged := resource.TestStep{
		RefreshState:       steps[0].RefreshState,
		Query:              steps[0].Query,
		PlanOnly:           steps[0].PlanOnly,
		ExpectNonEmptyPlan: steps[0].ExpectNonEmptyPlan,
	}
	var preConfigs []func()
	var checks []resource.TestCheckFunc
	for _, step := range steps {
		merged.Config += step.Config
		if step.PreConfig != nil {
			preConfigs = append(preConfigs, step.PreConfig)
		}
		if step.Check != nil {
			checks = append(checks, step.Check)
		}
		merged.ConfigPlanChecks.PreApply = append(merged.ConfigPlanChecks.PreApply, step.ConfigPlanChecks.PreApply...)
		merged.ConfigPlanChecks.PostApplyPreRefresh = append(merged.ConfigPlanChecks.PostApplyPreRefresh, step.ConfigPlanChecks.PostApplyPreRefresh...)
		merged.ConfigPlanChecks.PostApplyPostRefresh = append(merged.ConfigPlanChecks.PostApplyPostRefresh, step.ConfigPlanChecks.PostApplyPostRefresh...)
		merged.RefreshPlanChecks.PostRefresh = append(merged.RefreshPlanChecks.PostRefresh, step.RefreshPlanChecks.PostRefresh...)
		merged.ConfigStateChecks = append(merged.ConfigStateChecks, step.ConfigStateChecks...)
		merged.QueryResultChecks = append(merged.QueryResultChecks, step.QueryResultChecks...)

		// Whatever else a step sets would be lost in the merge: refuse it.
		rest := step
		rest.Config, rest.PreConfig, rest.Check = "", nil, nil
		rest.ConfigPlanChecks, rest.RefreshPlanChecks, rest.ConfigStateChecks = resource.ConfigPlanChecks{}, resource.RefreshPlanChecks{}, nil
		rest.QueryResultChecks = nil
		rest.RefreshState, rest.Query, rest.PlanOnly, rest.ExpectNonEmptyPlan = false, false, false, false
		if !reflect.ValueOf(rest).IsZero() {
			t.Fatalf("step %d sets a field that runKinds does not merge (an expected error, an import, a skip): %+v", i+1, rest)
		}
	}
	if len(preConfigs) > 0 {
		merged.PreConfig = func() {
			for _, preConfig := range preConfigs {
				preConfig()
			}
		}
	}
	if len(checks) > 0 {
		merged.Check = resource.ComposeAggregateTestCheckFunc(checks...)
	}
	return merged
}

// fataler is what merging needs of a test: to stop it when the steps cannot be merged.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}
