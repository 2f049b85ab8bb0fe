package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// terraformTimeout bounds any one terraform command; a plan of 1,000 resources takes seconds.
const terraformTimeout = 10 * time.Minute

// bench owns the working directory, the built binaries and the environment of every child process.
type bench struct {
	dir      string
	keep     bool
	provider string // the provider binary under test
	noop     string // the do-nothing provider
	fake     string // the fake GitLab command
	env      []string
}

// newBench builds the three binaries into a new temporary directory and writes the CLI configuration
// that makes terraform use them.
func newBench(ctx context.Context, keep bool) (*bench, error) {
	root, err := moduleRoot(ctx)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "gitlab-provider-bench-")
	if err != nil {
		return nil, err
	}
	if dir, err = filepath.Abs(dir); err != nil { // /proc/PID/exe is absolute: the watcher compares with it
		return nil, err
	}
	bin := filepath.Join(dir, "bin")
	b := &bench{
		dir: dir, keep: keep, fake: filepath.Join(bin, "fakegitlab"),
		provider: filepath.Join(bin, "terraform-provider-gitlab"), noop: filepath.Join(bin, "terraform-provider-noop"),
	}
	fmt.Printf("Building the provider, the fake GitLab and the do-nothing provider into %s\n", bin)
	for _, build := range [][2]string{
		{b.provider, "."},
		{b.noop, "./internal/cmd/bench/noopprovider"},
		{b.fake, "./internal/cmd/fakegitlab"},
	} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", build[0], build[1])
		cmd.Dir, cmd.Stdout, cmd.Stderr = root, os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			b.close()
			return nil, fmt.Errorf("building %s: %w", build[1], err)
		}
	}
	if err := b.writeCLIConfig(); err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

// writeCLIConfig points both provider addresses at the binaries just built (dev_overrides: no
// terraform init, no registry) and sends any other provider to an empty local mirror, so that a
// mistake fails here instead of downloading something.
func (b *bench) writeCLIConfig() error {
	bin, mirror := filepath.Join(b.dir, "bin"), filepath.Join(b.dir, "empty-mirror")
	if err := os.MkdirAll(mirror, 0o700); err != nil {
		return err
	}
	rc := filepath.Join(b.dir, "terraformrc")
	config := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/gitlab-oauth/gitlab" = %q
    "registry.terraform.io/gitlab-oauth/noop"   = %q
  }
  filesystem_mirror {
    path = %q
  }
}
`, bin, bin, mirror)
	if err := os.WriteFile(rc, []byte(config), 0o600); err != nil {
		return err
	}
	b.env = append(childEnv(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	return nil
}

// childEnv is this process's environment without the variables that would change what is measured:
// TF_* (TF_LOG makes every provider format its logs, TF_CLI_ARGS_plan could add -refresh=false, the
// caller's TF_CLI_CONFIG_FILE is replaced) and GITLAB_* (the configuration sets its own URL and token).
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "GITLAB_") {
			env = append(env, kv)
		}
	}
	return env
}

func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("run the benchmark inside the provider's module (go env GOMOD is empty)")
	}
	return filepath.Dir(gomod), nil
}

// close ends whatever our binaries are still running (terraform's providers included), then removes
// the working directory unless -keep.
func (b *bench) close() {
	for _, binary := range []string{b.provider, b.noop, b.fake} {
		for _, pid := range pidsOf(binary) {
			if p, err := os.FindProcess(pid); err == nil {
				_ = p.Kill()
			}
		}
	}
	if b.keep {
		fmt.Println("kept", b.dir)
		return
	}
	_ = os.RemoveAll(b.dir)
}

func (b *bench) terraformVersion(ctx context.Context) string {
	out, err := b.terraform(ctx, b.dir, nil, "version")
	if err != nil {
		return "terraform: " + err.Error()
	}
	first, _, _ := strings.Cut(out.text, "\n")
	return first
}

// workdir makes a directory holding one configuration.
func (b *bench) workdir(name, config string) (string, error) {
	dir := filepath.Join(b.dir, name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600)
}

// result is one terraform command's combined output, exit code, wall time and CPU time. The CPU time
// (user and system) is terraform's and its providers' (children it waited for): unlike the wall time,
// it hardly changes with what else the machine runs.
type result struct {
	text     string
	exitCode int
	elapsed  time.Duration
	cpu      time.Duration
}

// terraform runs one terraform command in dir. A non-zero exit is returned in result.exitCode, not as
// an error, because -detailed-exitcode uses 2 for "changes present"; err is for everything else.
func (b *bench) terraform(ctx context.Context, dir string, extraEnv []string, args ...string) (result, error) {
	return b.terraformWith(ctx, "terraform", dir, extraEnv, args...)
}

// terraformWith is terraform with another CLI binary.
func (b *bench) terraformWith(ctx context.Context, cli, dir string, extraEnv []string, args ...string) (result, error) {
	ctx, cancel := context.WithTimeout(ctx, terraformTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, cli, append([]string{"-chdir=" + dir}, args...)...)
	cmd.Env = append(append([]string{}, b.env...), extraEnv...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	ownGroup(cmd)
	start := time.Now()
	err := cmd.Run()
	r := result{text: out.String(), elapsed: time.Since(start)}
	if cmd.ProcessState != nil {
		r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return r, fmt.Errorf("terraform %s in %s: %w", args[0], dir, ctx.Err())
	case errors.As(err, &exit):
		r.exitCode = exit.ExitCode()
	case err != nil:
		return r, fmt.Errorf("terraform %s: %w", args[0], err)
	}
	return r, nil
}

// mustSucceed turns a non-zero exit into an error that shows the end of terraform's output.
func (r result) mustSucceed(what string) error {
	if r.exitCode != 0 {
		return fmt.Errorf("%s failed (exit %d):\n%s", what, r.exitCode, tail(r.text))
	}
	return nil
}

func tail(out string) string {
	if len(out) > 4000 {
		return "…" + out[len(out)-4000:]
	}
	return out
}
