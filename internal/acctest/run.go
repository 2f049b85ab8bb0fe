package acctest

import (
	"os"
	"os/exec"
	"sync"
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
	requireTerraform(t)
	if parallel {
		t.Parallel()
	}
	resource.UnitTest(t, tc)
}

var terraformPath = sync.OnceValue(func() string {
	if path := os.Getenv("TF_ACC_TERRAFORM_PATH"); path != "" {
		return path
	}
	path, err := exec.LookPath("terraform")
	if err != nil {
		return ""
	}
	// terraform-plugin-testing downloads a CLI when it is told of none: point it at this one.
	_ = os.Setenv("TF_ACC_TERRAFORM_PATH", path)
	return path
})

// requireTerraform skips the test when no terraform CLI can be found; one is never downloaded.
func requireTerraform(t *testing.T) {
	t.Helper()
	if terraformPath() == "" {
		t.Skip("no terraform CLI: put terraform on PATH or set TF_ACC_TERRAFORM_PATH (make test does)")
	}
}
