package fuzzwatch

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestStartCrashesAStalledExecution runs itself in a child process that stalls past the limit: the
// child must crash and name the execution. An execution that returns in time is left alone.
func TestStartCrashesAStalledExecution(t *testing.T) {
	if os.Getenv("FUZZWATCH_STALL") == "1" {
		defer Start(20*time.Millisecond, "the stalled execution")()
		time.Sleep(5 * time.Second)
		return
	}
	stop := Start(time.Second, "a quick execution")
	stop()

	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestStartCrashesAStalledExecution$")
	cmd.Env = append(os.Environ(), "FUZZWATCH_STALL=1")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "the stalled execution did not return within 20ms") {
		t.Errorf("the stalled child ended with %v:\n%s", err, out)
	}
}
