package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// terraformPath is the CLI every test uses, looked up once: TF_ACC_TERRAFORM_PATH, else the terraform
// on PATH, which terraform-plugin-testing is then pointed at (told of none, it would download one).
var terraformPath = sync.OnceValue(func() string {
	if path := os.Getenv("TF_ACC_TERRAFORM_PATH"); path != "" {
		return path
	}
	path, err := exec.LookPath("terraform")
	if err != nil {
		return ""
	}
	_ = os.Setenv("TF_ACC_TERRAFORM_PATH", path)
	return path
})

// Terraform returns the CLI the acceptance tests use, for a test that runs it itself (a command
// terraform-plugin-testing has no step for); without one the test is skipped. A CLI is never downloaded.
func Terraform(t *testing.T) string {
	t.Helper()
	path := terraformPath()
	if path == "" {
		t.Skip("no terraform CLI: put terraform on PATH or set TF_ACC_TERRAFORM_PATH (make test does)")
	}
	return path
}

// CLIVersion is the version of the CLI Terraform(t) returns, and whether it is OpenTofu, for a test that
// runs a command only some CLIs have; without a CLI the test is skipped.
func CLIVersion(t *testing.T) (v *version.Version, openTofu bool) {
	t.Helper()
	Terraform(t)
	id, err := identifyCLI()
	if err != nil {
		t.Fatal(err)
	}
	return id.version, id.openTofu
}

type cliIdentity struct {
	version  *version.Version
	openTofu bool
}

// identifyCLI asks the CLI once per test process: its version from `version -json`, which both CLIs
// answer alike, and its family from the first line of `version`, which names it.
var identifyCLI = sync.OnceValues(func() (cliIdentity, error) { return askCLI(terraformPath()) })

func askCLI(path string) (cliIdentity, error) {
	out, err := exec.Command(path, "version", "-json").Output()
	if err != nil {
		return cliIdentity{}, fmt.Errorf("%s version -json: %w", path, err)
	}
	var answer struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &answer); err != nil {
		return cliIdentity{}, fmt.Errorf("%s version -json: %w\n%s", path, err, out)
	}
	v, err := version.NewVersion(answer.Version)
	if err != nil {
		return cliIdentity{}, fmt.Errorf("%s version -json: %w", path, err)
	}
	out, err = exec.Command(path, "version").Output()
	if err != nil {
		return cliIdentity{}, fmt.Errorf("%s version: %w", path, err)
	}
	return cliIdentity{version: v, openTofu: strings.HasPrefix(string(out), "OpenTofu")}, nil
}

// ServeProvider serves a provider in the test process until the test ends, as terraform-plugin-testing
// does for its steps, and returns the TF_REATTACH_PROVIDERS value with which a CLI the test runs itself
// uses it without installing anything. OpenTofu looks the provider up under its own registry's name
// (TF_ACC_PROVIDER_HOST).
func ServeProvider(t *testing.T, factory func() (tfprotov6.ProviderServer, error)) string {
	t.Helper()
	reattach, stop := ServeProviderUntilStopped(t, factory)
	t.Cleanup(stop)
	return reattach
}

// ServeProviderUntilStopped is ServeProvider for a test that serves many providers one after another
// (a campaign of hundreds of schedules): the provider stops when stop is called.
func ServeProviderUntilStopped(t *testing.T, factory func() (tfprotov6.ProviderServer, error)) (reattach string, stop func()) {
	t.Helper()
	address := ProviderHost() + "/hashicorp/gitlab"
	ctx, cancel := context.WithCancel(context.Background())
	reattached := make(chan *goplugin.ReattachConfig, 1)
	closed := make(chan struct{})
	go func() {
		_ = tf6server.Serve(address, func() tfprotov6.ProviderServer {
			server, err := factory()
			if err != nil {
				panic(err)
			}
			return server
		}, tf6server.WithDebug(ctx, reattached, closed), tf6server.WithLoggingSink(t), tf6server.WithoutLogStderrOverride(),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
	}()
	config := <-reattached
	stop = func() { cancel(); <-closed }
	type addr struct{ Network, String string }
	value, err := json.Marshal(map[string]any{address: struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}{string(config.Protocol), config.ProtocolVersion, config.Pid, true, addr{config.Addr.Network(), config.Addr.String()}}})
	if err != nil {
		stop()
		t.Fatal(err)
	}
	return string(value), stop
}

// ProviderHost is the registry host the CLI resolves bare provider addresses on, as
// terraform-plugin-testing does: TF_ACC_PROVIDER_HOST (OpenTofu's registry.opentofu.org), else
// registry.terraform.io.
func ProviderHost() string {
	if host := os.Getenv("TF_ACC_PROVIDER_HOST"); host != "" {
		return strings.TrimSuffix(host, "/")
	}
	return "registry.terraform.io"
}
