// Command testmatrix runs the acceptance tests once per Terraform or OpenTofu CLI and prints one table:
// CLI, version, tests passed, failed and skipped, with every skipped test's reason.
//
//	go run ./internal/cmd/testmatrix [-jobs N] [-run REGEXP] CLI...
//
// Each CLI is a path to a terraform or tofu binary. A CLI whose path is empty or missing is reported as
// not run and fails the matrix, so that a broken toolchain set-up never looks green.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

func main() {
	jobs := flag.Int("jobs", 2, "how many CLIs run their suite at the same time")
	run := flag.String("run", "", "run only the tests matching this regexp (go test -run)")
	pkgs := flag.String("packages", "./internal/provider/...", "the packages holding the acceptance tests")
	timeout := flag.Duration("timeout", 20*time.Minute, "go test -timeout, per CLI")
	logDir := flag.String("logs", "", "keep each CLI's go test -json output in this folder (default: a temporary one)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: testmatrix [-jobs N] [-run REGEXP] CLI...")
		os.Exit(2)
	}
	if *logDir == "" {
		dir, err := os.MkdirTemp("", "testmatrix-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		*logDir = dir
	}
	suite := suite{packages: *pkgs, run: *run, timeout: *timeout, logDir: *logDir}

	clis := distinct(flag.Args())
	start := time.Now()
	results := make([]result, len(clis))
	slots := make(chan struct{}, max(*jobs, 1))
	var wg sync.WaitGroup
	for i, path := range clis {
		wg.Add(1)
		slots <- struct{}{} // taken here, so that CLIs start in the order given
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			results[i] = suite.runOn(path)
			fmt.Fprintf(os.Stderr, "testmatrix: %s done in %s\n", results[i].label(), results[i].elapsed.Round(time.Second))
		}()
	}
	wg.Wait()

	printTable(os.Stdout, results, time.Since(start))
	fmt.Printf("\ngo test -json logs: %s\n", *logDir)
	for _, r := range results {
		if !r.green() {
			os.Exit(1)
		}
	}
}

// distinct drops CLIs named twice, such as a terraform on PATH that is the 1.5.7 build itself.
func distinct(paths []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range paths {
		key := p
		if resolved, err := filepath.EvalSymlinks(p); err == nil {
			key = resolved
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	return out
}
