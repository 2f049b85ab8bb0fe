package acctest

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// Run runs a test case with the real terraform CLI, in parallel with the package's other tests.
// Against the fake GitLab it is a unit test (resource.UnitTest), so plain `go test ./...` runs it;
// against a real GitLab it stays an acceptance test that needs TF_ACC. Every case must check that its
// applications are gone after the destroy.
func Run(t *testing.T, tc resource.TestCase) {
	t.Helper()
	run(t, tc, true)
}

// RunSerial is Run for a test that sets environment variables (t.Setenv), which parallel tests cannot.
func RunSerial(t *testing.T, tc resource.TestCase) {
	t.Helper()
	run(t, tc, false)
}

func run(t *testing.T, tc resource.TestCase, parallel bool) {
	t.Helper()
	if tc.CheckDestroy == nil {
		t.Fatal("the test case has no CheckDestroy: prove the destroy removed every application (Env.CheckDestroy)")
	}
	if Real() {
		if parallel {
			t.Parallel()
		}
		resource.Test(t, tc)
		return
	}
	Terraform(t) // skips the test without a CLI; one is never downloaded
	if parallel {
		t.Parallel()
	}
	resource.UnitTest(t, tc)
}
