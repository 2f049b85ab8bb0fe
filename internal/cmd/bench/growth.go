package main

import (
	"bufio"
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"time"
)

// growthLimit is how much the resident size may grow from the first plan to the last before the
// report says it grew: a Go heap settles within a few collections, a leak keeps growing.
const growthLimit = 0.10

var reattach = regexp.MustCompile(`TF_REATTACH_PROVIDERS='([^']*)'`)

// memoryOverPlans serves s's provider from one long-lived process (-debug, which prints the
// TF_REATTACH_PROVIDERS value that makes terraform use it instead of starting its own) and runs plans
// against it, to show whether its memory grows with the number of plans it has served.
func (b *bench) memoryOverPlans(ctx context.Context, s *scenario, plans int) (growth, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.binary, "-debug")
	// Outside -debug the provider turns off the framework's unread trace logs by itself; here it
	// leaves them on for a developer, so turn them off as terraform's own launch would.
	cmd.Env = append(append([]string{}, b.env...), "TF_LOG_SDK=OFF")
	ownGroup(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return growth{}, err
	}
	if err := cmd.Start(); err != nil {
		return growth{}, err
	}
	defer func() { cancel(); _ = cmd.Wait() }()

	// A provider that never prints the line is ended after 30s, which ends the scan below.
	timer := time.AfterFunc(30*time.Second, cancel)
	lines := bufio.NewScanner(stdout)
	lines.Buffer(make([]byte, 64*1024), 1024*1024)
	var env string
	for env == "" && lines.Scan() {
		if m := reattach.FindStringSubmatch(lines.Text()); m != nil {
			env = m[1]
		}
	}
	timer.Stop()
	if env == "" {
		return growth{}, fmt.Errorf("%s -debug did not print TF_REATTACH_PROVIDERS within 30s", s.binary)
	}
	go func() { // keep draining, so the provider never blocks on a full pipe; ends when it exits
		for lines.Scan() {
		}
	}()

	fmt.Printf("  %s: %d plans served by one process\n", s.name, plans)
	g := growth{Scenario: s.name, Plans: plans}
	for i := 1; i <= plans; i++ {
		out, err := b.terraform(ctx, s.dir, []string{"TF_REATTACH_PROVIDERS=" + env}, planArgs...)
		if err != nil {
			return g, err
		}
		if err := noChanges(s.name, out); err != nil {
			return g, err
		}
		rss := statusKB(cmd.Process.Pid, "VmRSS:")
		if rss == 0 {
			return g, fmt.Errorf("the %s process ended during plan %d", s.name, i)
		}
		g.RSSMiB = append(g.RSSMiB, mib(rss))
	}
	g.PeakRSSMiB = mib(statusKB(cmd.Process.Pid, "VmHWM:"))
	first, last := g.RSSMiB[0], g.RSSMiB[len(g.RSSMiB)-1]
	g.Growth = (last - first) / first
	g.Grew = g.Growth > growthLimit
	return g, nil
}
