package docsexamples

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fencedBlock is one fenced block of a Markdown file, with the last non-blank line before its fence,
// where the docs put the HTML comment that marks how a block is tested.
type fencedBlock struct {
	source string // file and line, such as README.md:42
	text   string
	mark   string // the line before the fence, trimmed
}

// fencedBlocks returns the blocks of the Markdown file whose opening fence matches fence.
func fencedBlocks(t *testing.T, root, path string, fence *regexp.Regexp) []fencedBlock {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(root, path)
	var blocks []fencedBlock
	var current *fencedBlock
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
		case fence.MatchString(strings.TrimSpace(text)):
			current = &fencedBlock{source: fmt.Sprintf("%s:%d", rel, line), mark: strings.TrimSpace(previous)}
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
