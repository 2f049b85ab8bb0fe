package docsexamples

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The HCL examples of README.md, templates/ and examples/, as TestDocsExamples checks them.

// docsBlock is one HCL example: a file of examples/, or a fenced block of a Markdown file.
type docsBlock struct {
	source string // file and line, such as README.md:42
	text   string
	mark   string // the reason of a <!-- fmt-only --> mark; "" when unmarked
	query  bool   // a .tfquery.hcl file, which only `terraform query` reads
	// openTofuOnly: marked <!-- opentofu-only -->, such as an encryption block; validated by tofu only.
	openTofuOnly bool
}

var (
	fenceStart       = regexp.MustCompile("^```(terraform|hcl)\\s*$")
	fmtOnlyMark      = regexp.MustCompile(`^<!--\s*fmt-only:?\s*(.*?)\s*-->$`)
	openTofuOnlyMark = regexp.MustCompile(`^<!--\s*opentofu-only:?.*-->$`)
	blockTypes       = regexp.MustCompile(`(?m)^\s*(?:resource|data)\s+"([a-z0-9_]+)"`)
	ourTypes         = regexp.MustCompile(`^gitlab_(instance|user|group)_applications?$`)
	ourSource        = regexp.MustCompile(`source\s*=\s*"(?:registry\.(?:terraform|opentofu)\.org/)?gitlab-oauth/gitlab"`)
	baseURL          = regexp.MustCompile(`base_url\s*=\s*"[^"]*"`)
	preventDestroy   = regexp.MustCompile(`prevent_destroy\s*=\s*true`)
	importBlock      = regexp.MustCompile(`(?ms)^import\s*\{.*?^\}`)
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
	var blocks []docsBlock
	for _, fenced := range fencedBlocks(t, root, path, fenceStart) {
		b := docsBlock{source: fenced.source, text: fenced.text, openTofuOnly: openTofuOnlyMark.MatchString(fenced.mark)}
		if m := fmtOnlyMark.FindStringSubmatch(fenced.mark); m != nil {
			b.mark = m[1]
			if b.mark == "" {
				b.mark = "marked"
			}
		}
		blocks = append(blocks, b)
	}
	return blocks
}

// fmtOnlyReason says why the block is not validated, or "" when it is.
func (b docsBlock) fmtOnlyReason(haveTime, tofu bool) string {
	switch {
	case b.openTofuOnly && !tofu:
		return "OpenTofu only: validated when the tests run on OpenTofu"
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

// readsLists: the block lists applications (a data source, a list block), so what it finds depends on
// what else is in the fake GitLab at the time.
func (b docsBlock) readsLists() bool {
	return strings.Contains(b.text, `data "gitlab_`) || strings.Contains(b.text, `list "gitlab_`)
}

// config is the block as a configuration for the test: this provider's registry addresses become the
// address the test serves it under, and any base_url the fake GitLab's.
func (b docsBlock) config(fakeURL string) string {
	text := ourSource.ReplaceAllString(b.text, `source = "hashicorp/gitlab"`)
	return baseURL.ReplaceAllString(text, fmt.Sprintf("base_url = %q", fakeURL))
}
