package docsexamples

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/provider"
)

// Every HCL example users read is checked with the real CLI: each ```terraform and ```hcl block of
// README.md and templates/ (the registry pages and guides) and each file of examples/ must pass
// `terraform fmt -check`; those that use only this provider (and the time provider, built from the Go
// module proxy once) must pass `terraform validate`; and those that create applications are applied
// against the fake GitLab, must then plan no change, and are destroyed.
//
// A fenced block that is a fragment, not a whole configuration (one attribute, a lone `moved` block),
// is marked in the Markdown with an HTML comment on the line before its fence, which renders as nothing:
//
//	<!-- fmt-only: why -->
//
// A block that only OpenTofu accepts (`encryption`) is marked <!-- opentofu-only: why --> instead, and
// validated when the tests run on OpenTofu.
//
// Blocks naming other providers (the official GitLab provider, Vault, Kubernetes) are checked with
// fmt only, without a mark.
func TestDocsExamples(t *testing.T) {
	terraform := acctest.Terraform(t)
	blocks := docsBlocks(t, filepath.Join("..", ".."))
	if len(blocks) < 30 {
		t.Fatalf("found %d HCL blocks in README.md, templates/ and examples/; the extraction is broken", len(blocks))
	}
	t.Run("fmt", func(t *testing.T) { checkFormatted(t, terraform, blocks) })
	v, tofu := acctest.CLIVersion(t)
	if v.LessThan(importForEach) {
		t.Skipf("validating and applying the examples needs Terraform %s or newer (import blocks with for_each), this CLI is %s", importForEach, v)
	}

	cliConfig := timeProviderCLIConfig(t)
	fake := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	// The provider runs in this process (TF_REATTACH_PROVIDERS), so it reads this process's environment,
	// not the CLI's. An administrator's token manages every kind of application (the instance's, its
	// own user's, any group's), so every example runs with it, and the examples run in parallel, but
	// for those that read lists: they run first, one at a time, so that no other example's
	// applications turn up in what they list.
	t.Setenv("GITLAB_BASE_URL", fake.URL())
	t.Setenv("GITLAB_TOKEN", fakegitlab.AdminToken)
	for _, b := range blocks {
		if reason := b.fmtOnlyReason(cliConfig != "", tofu); reason != "" {
			t.Logf("%s: fmt only (%s)", b.source, reason)
			continue
		}
		t.Run(b.source, func(t *testing.T) {
			if !b.readsLists() {
				t.Parallel()
			}
			// A provider served for this example alone: every command configures the provider it talks to.
			reattach := acctest.ServeProvider(t, providerserver.NewProtocol6WithError(provider.New("test")()))
			dir := writeConfig(t, t.TempDir(), b.config(fake.URL()))
			run := cliRunner(t, terraform, dir, reattach, cliConfig)
			if !b.createsApplications() {
				run("init", "-backend=false", "-input=false")
				run("validate")
				return
			}
			t.Cleanup(func() {
				// An example that shows prevent_destroy must still leave nothing behind.
				writeConfig(t, dir, preventDestroy.ReplaceAllString(b.config(fake.URL()), "prevent_destroy = false"))
				run("destroy", "-auto-approve", "-input=false")
			})
			// The apply validates the configuration first.
			run("init", "-input=false")
			run("apply", "-auto-approve", "-input=false")
			run("plan", "-detailed-exitcode", "-input=false") // exit code 2: the example does not converge
		})
	}
}

// importForEach is the first CLI version with for_each in import blocks, which the examples use.
var importForEach = version.Must(version.NewVersion("1.7.0"))

// checkFormatted runs one `terraform fmt -check` over every block, each in a folder named after its
// source.
func checkFormatted(t *testing.T, terraform string, blocks []docsBlock) {
	root := t.TempDir()
	for i, b := range blocks {
		dir := filepath.Join(root, fmt.Sprintf("%03d-%s", i, strings.NewReplacer("/", "_", ":", "_L").Replace(b.source)))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		// .tf for all: fmt reads only .tf, .tfvars and .tftest.hcl files, and parses the same HCL.
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(b.text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(terraform, "fmt", "-check", "-recursive", "-diff", root)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("terraform fmt -check found blocks to format (folders are named after their source): %v\n%s", err, out)
	}
}

// writeConfig writes the configuration into dir, as its only file, and returns dir.
func writeConfig(t *testing.T, dir, config string) string {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// cliRunner runs the CLI in dir, with the provider served by the test.
func cliRunner(t *testing.T, terraform, dir, reattach, cliConfig string) func(args ...string) {
	t.Helper()
	return func(args ...string) {
		t.Helper()
		cmd := exec.Command(terraform, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
			"TF_CLI_CONFIG_FILE="+cliConfig)
		if out, err := cmd.CombinedOutput(); err != nil {
			config, _ := os.ReadFile(filepath.Join(dir, "main.tf"))
			t.Fatalf("terraform %s: %v\n%s\nconfiguration:\n%s", strings.Join(args, " "), err, out, config)
		}
	}
}

// timeProviderVersion is the hashicorp/time provider the examples' time_rotating runs on.
const timeProviderVersion = "v0.14.2"

// timeProviderCLIConfig builds hashicorp/time from the Go module proxy once, into a cache folder, and
// returns a CLI configuration that installs it from a filesystem mirror holding that build (or "" when
// it cannot be built: then the examples that use time_rotating are checked with fmt only, as the
// test's log says).
func timeProviderCLIConfig(t *testing.T) string {
	t.Helper()
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Logf("no cache folder for the time provider: %v", err)
		return ""
	}
	dir := filepath.Join(cache, "terraform-provider-gitlab", "time-"+timeProviderVersion)
	binary := filepath.Join(dir, "terraform-provider-time")
	if _, err := os.Stat(binary); err != nil {
		install := exec.Command("go", "install", "github.com/hashicorp/terraform-provider-time@"+timeProviderVersion)
		install.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=")
		if out, err := install.CombinedOutput(); err != nil {
			t.Logf("cannot build the time provider from the module proxy: %v\n%s", err, out)
			return ""
		}
	}
	mirror := t.TempDir()
	host := acctest.ProviderHost()
	platform := filepath.Join(mirror, host, "hashicorp", "time", strings.TrimPrefix(timeProviderVersion, "v"), runtime.GOOS+"_"+runtime.GOARCH)
	if err := os.MkdirAll(platform, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(binary, filepath.Join(platform, "terraform-provider-time_"+timeProviderVersion)); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(t.TempDir(), "cli.tfrc")
	rc := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [\"%s/hashicorp/time\"]\n  }\n}\n", mirror, host)
	if err := os.WriteFile(config, []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	return config
}
