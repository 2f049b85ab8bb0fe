package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// result is one CLI's run of the suite.
type result struct {
	cli     cli
	tests   []testResult
	elapsed time.Duration
	log     string
	// err is set when the suite could not run or did not finish (no CLI, build failure, timeout).
	err error
}

func (r result) label() string {
	if r.cli.name == "" {
		return r.cli.path
	}
	return r.cli.name + " " + r.cli.version
}

func (r result) count(o outcome) int {
	n := 0
	for _, t := range r.tests {
		if t.outcome == o {
			n++
		}
	}
	return n
}

func (r result) green() bool { return r.err == nil && r.count(outcomeFail) == 0 }

func printTable(w io.Writer, results []result, total time.Duration) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CLI\tVERSION\tPASSED\tFAILED\tSKIPPED\tTIME\tRESULT")
	for _, r := range results {
		status := "ok"
		if !r.green() {
			status = "FAIL"
		}
		name := r.cli.name
		if name == "" {
			name = "?"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%s\n", name, r.cli.version,
			r.count(outcomePass), r.count(outcomeFail), r.count(outcomeSkip), r.elapsed.Round(time.Second), status)
	}
	tw.Flush()
	fmt.Fprintf(w, "total wall-clock time: %s\n", total.Round(time.Second))

	for _, r := range results {
		if r.err != nil {
			fmt.Fprintf(w, "\n%s (%s) did not run to the end:\n%v\n", r.label(), r.cli.path, r.err)
		}
		if failed := r.named(outcomeFail); len(failed) > 0 {
			fmt.Fprintf(w, "\n%s: failed (see %s):\n  %s\n", r.label(), r.log, strings.Join(failed, "\n  "))
		}
		printSkips(w, r)
	}
}

func (r result) named(o outcome) []string {
	var names []string
	for _, t := range r.tests {
		if t.outcome == o {
			names = append(names, t.name)
		}
	}
	return names
}

// printSkips lists skipped tests grouped by reason, so a version check that skips many tests shows once.
func printSkips(w io.Writer, r result) {
	byReason := map[string][]string{}
	for _, t := range r.tests {
		if t.outcome == outcomeSkip {
			byReason[t.reason] = append(byReason[t.reason], t.name)
		}
	}
	if len(byReason) == 0 {
		return
	}
	reasons := make([]string, 0, len(byReason))
	for reason := range byReason {
		reasons = append(reasons, reason)
	}
	sort.Strings(reasons)
	fmt.Fprintf(w, "\n%s: skipped\n", r.label())
	for _, reason := range reasons {
		if reason == "" {
			reason = "(no reason given)"
		}
		fmt.Fprintf(w, "  %s\n", reason)
		for _, name := range byReason[reason] {
			fmt.Fprintf(w, "    - %s\n", name)
		}
	}
}
