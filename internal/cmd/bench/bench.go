package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"
)

// bench owns the working directory, the built binaries and the CLI configuration.
type bench struct {
	dir      string
	keep     bool
	provider string // the provider binary under test
	noop     string // the do-nothing provider
	fake     string // the fake GitLab command
	env      []string
	// memoryPlans is how many plans one long-lived provider process serves (0: not measured).
	memoryPlans int
}

func newBench(ctx context.Context, keep bool, memoryPlans int) (*bench, error) {
	dir, err := os.MkdirTemp("", "gitlab-provider-bench-")
	if err != nil {
		return nil, err
	}
	b := &bench{
		dir: dir, keep: keep, fake: filepath.Join(dir, "fakegitlab"), memoryPlans: memoryPlans,
		provider: filepath.Join(dir, "bin", "terraform-provider-gitlab"), noop: filepath.Join(dir, "bin", "terraform-provider-noop"),
	}
	fmt.Printf("Building the provider, the fake GitLab and the do-nothing provider into %s\n", dir)
	for _, build := range [][2]string{
		{b.provider, "."},
		{b.noop, "./internal/cmd/bench/noopprovider"},
		{b.fake, "./internal/cmd/fakegitlab"},
	} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", build[0], build[1])
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			b.close()
			return nil, fmt.Errorf("building %s: %w", build[1], err)
		}
	}
	// dev_overrides: terraform uses the binaries just built, with no init and no registry.
	rc := filepath.Join(dir, "terraformrc")
	config := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/gitlab-oauth/gitlab" = %q
    "registry.terraform.io/gitlab-oauth/noop"   = %q
  }
  direct {}
}
`, filepath.Join(dir, "bin"), filepath.Join(dir, "bin"))
	if err := os.WriteFile(rc, []byte(config), 0o600); err != nil {
		b.close()
		return nil, err
	}
	b.env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_LOG=")
	fmt.Printf("Machine: %d CPUs, %s; %s\n", runtime.NumCPU(), runtime.GOOS+"/"+runtime.GOARCH, terraformVersion(ctx))
	return b, nil
}

func (b *bench) close() {
	if b.keep {
		fmt.Println("kept", b.dir)
		return
	}
	_ = os.RemoveAll(b.dir)
}

func terraformVersion(ctx context.Context) string {
	out, err := exec.CommandContext(ctx, "terraform", "version").Output()
	if err != nil {
		return "terraform: " + err.Error()
	}
	for i, c := range out {
		if c == '\n' {
			return string(out[:i])
		}
	}
	return string(out)
}

// workdir makes a directory holding one configuration.
func (b *bench) workdir(name, config string) (string, error) {
	dir := filepath.Join(b.dir, name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600)
}

// terraform runs one terraform command in dir and returns its wall time.
func (b *bench) terraform(ctx context.Context, dir string, extraEnv []string, args ...string) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "terraform", append([]string{"-chdir=" + dir}, args...)...)
	cmd.Env = append(append([]string{}, b.env...), extraEnv...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(start)
	if err != nil {
		return elapsed, fmt.Errorf("terraform %v in %s: %w\n%s", args, dir, err, tail(out))
	}
	return elapsed, nil
}

func tail(out []byte) string {
	if len(out) > 3000 {
		return "…" + string(out[len(out)-3000:])
	}
	return string(out)
}
