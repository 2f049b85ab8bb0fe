package provider

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
)

// Every HCL example users read is checked with the real CLI: each ```terraform and ```hcl block of
// README.md and templates/ (the registry pages and guides) and each file of examples/ must pass
// `terraform fmt -check`; those that use only this provider (and the time provider, built from the Go
// module proxy once) must pass `terraform validate`; and those that create applications are applied
// against the fake GitLab, must then plan no change, and are destroyed.
//
// A fenced block that is a fragment, not a whole configuration (one attribute, a lone `moved` block),
// or that only OpenTofu accepts (`encryption`), is marked in the Markdown with an HTML comment on the
// line before its fence, which renders as nothing:
//
//	<!-- fmt-only: why -->
//
// Blocks naming other providers (the official GitLab provider, Vault, Kubernetes) are checked with
// fmt only, without a mark.
func TestDocsExamples(t *testing.T) {
	terraform := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraform == "" {
		t.Skip("needs TF_ACC_TERRAFORM_PATH: the CLI that checks the examples")
	}
	blocks := docsBlocks(t, filepath.Join("..", ".."))
	if len(blocks) < 30 {
		t.Fatalf("found %d HCL blocks in README.md, templates/ and examples/; the extraction is broken", len(blocks))
	}
	t.Run("fmt", func(t *testing.T) { checkFormatted(t, terraform, blocks) })

	cliConfig := timeProviderCLIConfig(t)
	reattach := serveForTerraform(t)
	fake := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	for _, b := range blocks {
		if reason := b.fmtOnlyReason(cliConfig != ""); reason != "" {
			t.Logf("%s: fmt only (%s)", b.source, reason)
			continue
		}
		t.Run(b.source, func(t *testing.T) {
			run := cliRunner(t, terraform, writeConfig(t, t.TempDir(), b.config(fake.URL())), reattach, cliConfig)
			run("init", "-backend=false", "-input=false")
			run("validate")
			if !b.createsApplications() {
				return
			}
			token := fakegitlab.UserToken // a user's own applications, and an Owner of acme/platform
			if strings.Contains(b.text, "gitlab_instance_application") {
				token = fakegitlab.AdminToken
			}
			// The provider runs in this process (TF_REATTACH_PROVIDERS), so it reads this process's
			// environment, not the CLI's.
			t.Setenv("GITLAB_BASE_URL", fake.URL())
			t.Setenv("GITLAB_TOKEN", token)
			dir := writeConfig(t, t.TempDir(), b.config(fake.URL()))
			apply := cliRunner(t, terraform, dir, reattach, cliConfig)
			t.Cleanup(func() {
				// An example that shows prevent_destroy must still leave nothing behind.
				writeConfig(t, dir, preventDestroy.ReplaceAllString(b.config(fake.URL()), "prevent_destroy = false"))
				apply("destroy", "-auto-approve", "-input=false")
			})
			apply("init", "-input=false")
			apply("apply", "-auto-approve", "-input=false")
			apply("plan", "-detailed-exitcode", "-input=false") // exit code 2: the example does not converge
		})
	}
}

// docsBlock is one HCL example: a file of examples/, or a fenced block of a Markdown file.
type docsBlock struct {
	source string // file and line, such as README.md:42
	text   string
	mark   string // the reason of a <!-- fmt-only --> mark; "" when unmarked
	query  bool   // a .tfquery.hcl file, which only `terraform query` reads
}

var (
	fenceStart     = regexp.MustCompile("^```(terraform|hcl)\\s*$")
	fmtOnlyMark    = regexp.MustCompile(`^<!--\s*fmt-only:?\s*(.*?)\s*-->$`)
	blockTypes     = regexp.MustCompile(`(?m)^\s*(?:resource|data)\s+"([a-z0-9_]+)"`)
	ourTypes       = regexp.MustCompile(`^gitlab_(instance|user|group)_applications?$`)
	ourSource      = regexp.MustCompile(`source\s*=\s*"(?:registry\.(?:terraform|opentofu)\.org/)?gitlab-oauth/gitlab"`)
	baseURL        = regexp.MustCompile(`base_url\s*=\s*"[^"]*"`)
	preventDestroy = regexp.MustCompile(`prevent_destroy\s*=\s*true`)
	importBlock    = regexp.MustCompile(`(?ms)^import\s*\{.*?^\}`)
	// queryBlock: a list block, which only a .tfquery.hcl file may hold.
	queryBlock = regexp.MustCompile(`(?m)^list\s+"`)
	// providerNames finds provider blocks and provider arguments: a local name other than gitlab needs
	// the required_providers of another block.
	providerNames = regexp.MustCompile(`(?m)^\s*provider\s*(?:"(\w+)"|=\s*(\w+))`)
)

func docsBlocks(t *testing.T, root string) []docsBlock {
	t.Helper()
	var blocks []docsBlock
	markdown := []string{filepath.Join(root, "README.md")}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		switch {
		case d.IsDir() && (rel == ".git" || rel == "docs" || rel == "dist" || strings.HasPrefix(d.Name(), ".terraform")):
			return filepath.SkipDir
		case d.IsDir():
			return nil
		case strings.HasPrefix(rel, "templates"+string(filepath.Separator)) && strings.HasSuffix(path, ".tmpl"):
			markdown = append(markdown, path)
		case strings.HasPrefix(rel, "examples"+string(filepath.Separator)) && (strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".hcl")):
			text, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			blocks = append(blocks, docsBlock{source: rel, text: string(text), query: strings.HasSuffix(path, ".tfquery.hcl")})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range markdown {
		blocks = append(blocks, markdownBlocks(t, root, path)...)
	}
	return blocks
}

// markdownBlocks returns the file's ```terraform and ```hcl blocks, with the fmt-only mark of the
// line before each fence.
func markdownBlocks(t *testing.T, root, path string) []docsBlock {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(root, path)
	var blocks []docsBlock
	var current *docsBlock
	previous := ""
	scanner := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; scanner.Scan(); line++ {
		text := scanner.Text()
		switch {
		case current != nil && strings.TrimSpace(text) == "```":
			blocks = append(blocks, *current)
			current = nil
		case current != nil:
			current.text += text + "\n"
		case fenceStart.MatchString(strings.TrimSpace(text)):
			current = &docsBlock{source: fmt.Sprintf("%s:%d", rel, line)}
			if m := fmtOnlyMark.FindStringSubmatch(strings.TrimSpace(previous)); m != nil {
				current.mark = m[1]
				if current.mark == "" {
					current.mark = "marked"
				}
			}
		}
		if strings.TrimSpace(text) != "" {
			previous = text
		}
	}
	if current != nil {
		t.Fatalf("%s: the block at %s has no closing fence", rel, current.source)
	}
	return blocks
}

// fmtOnlyReason says why the block is not validated, or "" when it is.
func (b docsBlock) fmtOnlyReason(haveTime bool) string {
	switch {
	case b.mark != "":
		return b.mark
	case b.query:
		return "a query file"
	case strings.Contains(b.text, "gitlabhq/gitlab"):
		return "uses the official GitLab provider"
	case strings.HasPrefix(filepath.Base(b.source), "import-by-"):
		return "the import block of the resource example beside it"
	case queryBlock.MatchString(b.text):
		return "list blocks belong in a .tfquery.hcl file"
	}
	for _, m := range providerNames.FindAllStringSubmatch(b.text, -1) {
		if name := m[1] + m[2]; name != "gitlab" && !strings.Contains(b.text, "required_providers") {
			return "uses the provider local name " + name + ", declared in another block"
		}
	}
	switch {
	}
	for _, m := range blockTypes.FindAllStringSubmatch(b.text, -1) {
		typ := m[1]
		switch {
		case ourTypes.MatchString(typ):
		case strings.HasPrefix(typ, "time_") && haveTime:
		default:
			return "uses " + typ
		}
	}
	return ""
}

// createsApplications: the block manages applications and imports nothing by a made-up id, so it can
// be applied to an empty fake GitLab.
func (b docsBlock) createsApplications() bool {
	switch {
	case !strings.Contains(b.text, `resource "gitlab_`):
		return false
	case strings.HasPrefix(b.source, "examples"+string(filepath.Separator)+"demo"):
		return false // applied by `make demo` and the install test
	case strings.Contains(b.text, `backend "`):
		return false // its state belongs to a backend the test does not have
	}
	for _, block := range importBlock.FindAllString(b.text, -1) {
		if !strings.Contains(block, "for_each") {
			return false
		}
	}
	return true
}

// config is the block as a configuration for the test: this provider's registry addresses become the
// address the test serves it under, and any base_url the fake GitLab's.
func (b docsBlock) config(fakeURL string) string {
	text := ourSource.ReplaceAllString(b.text, `source = "hashicorp/gitlab"`)
	return baseURL.ReplaceAllString(text, fmt.Sprintf("base_url = %q", fakeURL))
}

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
	host := providerHost()
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
