package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// suite is how the acceptance tests are run, the same for every CLI.
type suite struct {
	packages string
	run      string
	timeout  time.Duration
	logDir   string
}

// cli is one Terraform or OpenTofu binary.
type cli struct {
	path    string
	name    string // "Terraform" or "OpenTofu"
	version string
}

func (c cli) openTofu() bool { return c.name == "OpenTofu" }

// identify asks the binary what it is: `version` prints "Terraform v1.11.4" or "OpenTofu v1.10.10" first.
func identify(path string) (cli, error) {
	c := cli{path: path}
	if path == "" {
		return c, fmt.Errorf("no CLI path given")
	}
	out, err := exec.Command(path, "version").Output()
	if err != nil {
		return c, fmt.Errorf("%s version: %w", path, err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	name, version, ok := strings.Cut(strings.TrimSpace(first), " v")
	if !ok || (name != "Terraform" && name != "OpenTofu") {
		return c, fmt.Errorf("%s is neither Terraform nor OpenTofu: it says %q", path, first)
	}
	c.name, c.version = name, version
	return c, nil
}

// environment is this process's environment for a run on c: acceptance tests on, c as the CLI, and no
// CLI configuration of the user's (it could redirect providers or add credentials).
func (c cli) environment() []string {
	var env []string
	for _, kv := range os.Environ() {
		switch name, _, _ := strings.Cut(kv, "="); name {
		case "TF_CLI_CONFIG_FILE", "TF_ACC", "TF_ACC_TERRAFORM_PATH", "TF_ACC_PROVIDER_HOST":
		default:
			env = append(env, kv)
		}
	}
	env = append(env, "TF_ACC=1", "TF_ACC_TERRAFORM_PATH="+c.path)
	if c.openTofu() {
		// OpenTofu resolves the test provider's bare source address on its own registry's host.
		env = append(env, "TF_ACC_PROVIDER_HOST=registry.opentofu.org")
	}
	return env
}

// runOn runs the suite with one CLI and counts what happened.
func (s suite) runOn(path string) result {
	start := time.Now()
	c, err := identify(path)
	r := result{cli: c}
	if err != nil {
		r.err = err
		return r
	}
	args := []string{"test", "-json", "-count=1", "-timeout", s.timeout.String()}
	if s.run != "" {
		args = append(args, "-run", s.run)
	}
	args = append(args, s.packages)
	cmd := exec.Command("go", args...)
	cmd.Env = c.environment()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	r.elapsed = time.Since(start)

	r.log = filepath.Join(s.logDir, strings.ToLower(c.name)+"-"+c.version+".json")
	if err := os.WriteFile(r.log, stdout.Bytes(), 0o644); err != nil {
		r.log = ""
	}
	r.tests = parseEvents(stdout.Bytes())
	switch {
	case runErr != nil && r.count(outcomeFail) == 0:
		// A build failure, a panic or a timeout: no test says failed, but the run did.
		r.err = fmt.Errorf("go test: %v\n%s", runErr, lastLines(stderr.String()+stdout.String(), 20))
	case len(r.tests) == 0:
		r.err = fmt.Errorf("no tests ran")
	}
	return r
}

// event is one line of `go test -json`.
type event struct {
	Action string
	Test   string
	Output string
}

type outcome string

const (
	outcomePass outcome = "pass"
	outcomeFail outcome = "fail"
	outcomeSkip outcome = "skip"
)

// testResult is one test that has no subtests (a parent's outcome only sums up its subtests').
type testResult struct {
	name    string
	outcome outcome
	// reason is the last message a skipped test logged: t.Skip's argument, or terraform-plugin-testing's
	// explanation of a version check.
	reason string
}

func parseEvents(out []byte) []testResult {
	outcomes := map[string]outcome{}
	var order []string
	logs := map[string][]string{}
	parents := map[string]bool{}
	for _, line := range bytes.Split(out, []byte("\n")) {
		var e event
		if json.Unmarshal(line, &e) != nil || e.Test == "" {
			continue
		}
		switch e.Action {
		case "run":
			order = append(order, e.Test)
			for name := e.Test; strings.Contains(name, "/"); {
				name = name[:strings.LastIndex(name, "/")]
				parents[name] = true
			}
		case "output":
			logs[e.Test] = append(logs[e.Test], e.Output)
		case "pass", "fail", "skip":
			outcomes[e.Test] = outcome(e.Action)
		}
	}
	var tests []testResult
	for _, name := range order {
		if parents[name] {
			continue
		}
		t := testResult{name: name, outcome: outcomes[name]}
		if t.outcome == "" { // still running when the binary died
			t.outcome = outcomeFail
		}
		if t.outcome == outcomeSkip {
			t.reason = skipReason(logs[name])
		}
		tests = append(tests, t)
	}
	return tests
}

// skipReason is the last line a test logged before "--- SKIP", without its file:line prefix.
func skipReason(lines []string) string {
	reason := ""
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- ") {
			continue
		}
		if _, rest, ok := strings.Cut(l, ".go:"); ok {
			if _, msg, ok := strings.Cut(rest, ": "); ok {
				l = msg
			}
		}
		reason = l
	}
	return reason
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
