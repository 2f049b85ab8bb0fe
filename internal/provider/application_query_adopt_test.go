package provider

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// TestAccApplicationListResource_generateConfigAdoptsEverything is the whole adoption route: 50
// applications of the three kinds made outside Terraform, `terraform query -generate-config-out`
// writes their configuration and import blocks, and the plan of what it wrote imports all 50 and
// changes nothing.
func TestAccApplicationListResource_generateConfigAdoptsEverything(t *testing.T) {
	tf := newQueryCLI(t)
	env := acctest.New(t, acctest.FakeOnly("seeds applications into the fake GitLab"))
	t.Parallel()
	// One administrator's token reaches all three kinds: the administrator's own applications, and a
	// group the administrator owns.
	admin := env.Fake.UserID(env.AdminToken)
	group, _ := env.Fake.GroupByPath(env.Group)
	env.Fake.AddGroupMember(group.ID, admin, fakegitlab.RoleOwner)
	env.Fake.SeedApplications(fakegitlab.InstanceOwner, 20, "instance")
	env.Fake.SeedApplications(admin, 15, "user")
	env.Fake.SeedGroupApplications(group.ID, 15, "group")

	tf.write("main.tf", env.ProviderConfig(env.AdminToken))
	tf.write("adopt.tfquery.hcl", `
list "gitlab_instance_application" "all" {
  provider         = gitlab
  include_resource = true
}
list "gitlab_user_application" "all" {
  provider         = gitlab
  include_resource = true
}
list "gitlab_group_application" "all" {
  provider         = gitlab
  include_resource = true
  config {
    group = "`+env.Group+`"
  }
}
`)
	tf.run("init", "-input=false")
	tf.run("query", "-generate-config-out=generated.tf")
	generated := tf.read("generated.tf")
	if n := strings.Count(generated, "import {"); n != 50 {
		t.Errorf("the generated configuration has %d import blocks, want 50:\n%s", n, generated)
	}
	if strings.Contains(generated, "secret =") {
		t.Errorf("the generated configuration holds a secret:\n%s", generated)
	}

	out := tf.run("plan", "-input=false", "-no-color", "-out=adopt.tfplan")
	if !regexp.MustCompile(`Plan:\s+50\s+to\s+import,\s+0\s+to\s+add,\s+0\s+to\s+change,\s+0\s+to\s+destroy`).MatchString(out) {
		t.Errorf("the plan of the generated configuration is not 50 imports and nothing else:\n%s", out)
	}
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions   []string        `json:"actions"`
				Importing json.RawMessage `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(tf.run("show", "-json", "adopt.tfplan")), &plan); err != nil {
		t.Fatalf("reading the plan: %v", err)
	}
	imports := 0
	for _, rc := range plan.ResourceChanges {
		if len(rc.Change.Importing) > 0 && strings.Join(rc.Change.Actions, ",") == "no-op" {
			imports++
		} else {
			t.Errorf("%s: %v, want an import with no change", rc.Address, rc.Change.Actions)
		}
	}
	if imports != 50 {
		t.Errorf("the plan imports %d applications, want 50", imports)
	}
}

// queryCLI runs a Terraform CLI with `terraform query` (1.14+) in a directory of its own, against
// this provider served from the test process.
type queryCLI struct {
	t    *testing.T
	path string
	dir  string
	env  []string
}

// newQueryCLI finds the CLI the acceptance tests use, skips the test with the reason when it has no
// `query` command, and serves the provider for it to attach to.
func newQueryCLI(t *testing.T) *queryCLI {
	t.Helper()
	path := acctest.Terraform(t)
	cliVersion, openTofu := acctest.CLIVersion(t)
	if openTofu || cliVersion.LessThan(version.Must(version.NewVersion("1.14.0"))) {
		t.Skipf("`terraform query` needs Terraform 1.14 or newer (OpenTofu has no query command); %s is version %s", path, cliVersion)
	}
	dir := t.TempDir()
	cliConfig := filepath.Join(dir, "cli.tfrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return &queryCLI{t: t, path: path, dir: dir, env: append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"TF_REATTACH_PROVIDERS="+acctest.ServeProvider(t, protoV6ProviderFactories()["gitlab"]))}
}

func (c *queryCLI) write(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

func (c *queryCLI) read(name string) string {
	c.t.Helper()
	content, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(content)
}

// run runs one command and returns its standard output; a failure ends the test with both outputs.
func (c *queryCLI) run(args ...string) string {
	c.t.Helper()
	cmd := exec.Command(c.path, args...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		c.t.Fatalf("terraform %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}
