package docsexamples

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The GitLab CI files of README.md and templates/ (the ```yaml blocks), as TestCIPipelines runs them.
// templates/ is read rather than docs/, which `make docs` copies from it (docs-check keeps them equal).
// Every such block carries a mark on the line before its fence, an HTML comment that renders as nothing:
//
//	<!-- ci: pipeline tofu -->        a whole .gitlab-ci.yml whose jobs run tofu
//	<!-- ci: pipeline terraform -->   the same with terraform
//	<!-- ci: component ... -->        a .gitlab-ci.yml around GitLab's OpenTofu component, which cannot
//	                                  run here: its include is swapped for componentStandIn and the
//	                                  result checked for GitLab's schema and stage rules only
//
// An unmarked block fails the test, so no CI file of the docs goes unchecked.

type ciBlock struct {
	source string // file and line, such as templates/guides/detecting-drift.md.tmpl:57
	text   string
	kind   string // "pipeline" or "component"
	cli    string // "tofu" or "terraform" for a pipeline
}

var (
	yamlFence = regexp.MustCompile("^```ya?ml\\s*$")
	ciMark    = regexp.MustCompile(`^<!--\s*ci:\s*(pipeline\s+(tofu|terraform)|component)\b.*-->$`)
)

func ciBlocks(t *testing.T, root string) []ciBlock {
	t.Helper()
	files := []string{filepath.Join(root, "README.md")}
	templates, err := filepath.Glob(filepath.Join(root, "templates", "*.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	guides, err := filepath.Glob(filepath.Join(root, "templates", "guides", "*.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	var blocks []ciBlock
	for _, path := range append(append(files, templates...), guides...) {
		blocks = append(blocks, yamlBlocks(t, root, path)...)
	}
	return blocks
}

// yamlBlocks returns the file's ```yaml blocks with their marks; an unmarked one is an error.
func yamlBlocks(t *testing.T, root, path string) []ciBlock {
	t.Helper()
	var blocks []ciBlock
	for _, fenced := range fencedBlocks(t, root, path, yamlFence) {
		b := ciBlock{source: fenced.source, text: fenced.text}
		m := ciMark.FindStringSubmatch(fenced.mark)
		switch {
		case m == nil:
			t.Errorf("%s: a ```yaml block without a <!-- ci: pipeline tofu|terraform --> or <!-- ci: component --> mark", b.source)
		case m[2] != "":
			b.kind, b.cli = "pipeline", m[2]
		default:
			b.kind = "component"
		}
		blocks = append(blocks, b)
	}
	return blocks
}

// pipelineConfig is the configuration the guides' pipelines apply: the `# main.tf` block of the GitLab
// CI guide and, for OpenTofu, its `# encryption.tf`, so that the tofu pipeline runs with encrypted
// state and plans as the guide sets them up.
func pipelineConfig(t *testing.T, root, cli string) map[string]string {
	t.Helper()
	guide := filepath.Join(root, "templates", "guides", "gitlab-com-and-gitlab-ci.md.tmpl")
	files := map[string]string{}
	for _, b := range markdownBlocks(t, root, guide) {
		switch {
		case strings.HasPrefix(b.text, "# main.tf\n"):
			files["main.tf"] = b.text
		case strings.HasPrefix(b.text, "# encryption.tf") && cli == "tofu":
			files["encryption.tf"] = b.text
		}
	}
	if files["main.tf"] == "" {
		t.Fatalf("%s has no ```terraform block starting with `# main.tf`, the configuration its pipeline applies", guide)
	}
	return files
}

// componentStandIn stands in for GitLab's OpenTofu component, validate-plan-apply, which cannot be
// fetched here: jobs like its own in the stages it puts them in by default (fmt and validate in
// validate, plan in build, apply in deploy), so that gitlab-ci-local applies the stage rules to the
// snippet's stages. What the real component's jobs look like is checked by nobody here.
const componentStandIn = `fmt:
  stage: validate
  script: [tofu fmt -check]
validate:
  stage: validate
  script: [tofu validate]
plan:
  stage: build
  script: [tofu plan]
apply:
  stage: deploy
  when: manual
  script: [tofu apply]
`

var componentInclude = regexp.MustCompile(`(?m)^include:\n(?:[ \t-].*\n)+`)

// withComponentStandIn swaps the block's include of the component for the stand-in, a local include.
func withComponentStandIn(t *testing.T, b ciBlock) string {
	t.Helper()
	if !strings.Contains(b.text, "component: gitlab.com/components/opentofu/") {
		t.Fatalf("%s: marked as the component, but includes no gitlab.com/components/opentofu component", b.source)
	}
	return componentInclude.ReplaceAllString(b.text, "include:\n  - local: component-stand-in.yml\n")
}
