package main

import (
	"bufio"
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// plans measures terraform plan over n managed applications (among n + background on the instance),
// over n do-nothing resources and over n terraform_data resources.
func (b *bench) plans(ctx context.Context, n, runs int, r *report) error {
	fake, err := b.startFake(ctx, background)
	if err != nil {
		return err
	}
	defer fake.stop()
	ids, err := fake.seed(ctx, n, "managed")
	if err != nil {
		return err
	}
	apps := make(map[string]int64, n)
	for i, id := range ids {
		apps[fmt.Sprintf("managed-%05d", i+1)] = id // the fake's seed names
	}

	fmt.Printf("\nN = %d: adopting %d applications with import blocks (%d on the instance)\n", n, n, n+background)
	gitlabDir, err := b.workdir(fmt.Sprintf("gitlab-%d", n), gitlabConfig(fake.url, apps))
	if err != nil {
		return err
	}
	if _, err := b.terraform(ctx, gitlabDir, nil, "apply", "-auto-approve", "-input=false", "-lock=false"); err != nil {
		return err
	}
	gitlab, err := b.measurePlans(ctx, gitlabDir, runs, nil, fake)
	if err != nil {
		return err
	}

	noopDir, err := b.workdir(fmt.Sprintf("noop-%d", n), noopConfig(apps))
	if err != nil {
		return err
	}
	dataDir, err := b.workdir(fmt.Sprintf("terraform-data-%d", n), terraformDataConfig(apps))
	if err != nil {
		return err
	}
	for _, dir := range []string{noopDir, dataDir} {
		if _, err := b.terraform(ctx, dir, nil, "apply", "-auto-approve", "-input=false", "-lock=false"); err != nil {
			return err
		}
	}
	noop, err := b.measurePlans(ctx, noopDir, runs, nil, nil)
	if err != nil {
		return err
	}
	data, err := b.measurePlans(ctx, dataDir, runs, nil, nil)
	if err != nil {
		return err
	}
	r.add("gitlab_instance_application", n, gitlab, noop)
	r.add("do-nothing provider (floor)", n, noop, noop)
	r.add("terraform_data (built in)", n, data, noop)

	if b.memoryPlans == 0 {
		return nil
	}
	for _, served := range []struct{ scenario, binary, dir string }{
		{"gitlab_instance_application", b.provider, gitlabDir},
		{"do-nothing provider (floor)", b.noop, noopDir},
	} {
		g, err := b.memoryOverPlans(ctx, served.binary, served.dir, b.memoryPlans)
		if err != nil {
			return err
		}
		g.Scenario, g.N = served.scenario, n
		r.Growth = append(r.Growth, g)
	}
	return nil
}

// measured is one scenario's plans.
type measured struct {
	times        []time.Duration
	listRequests []int
	peakMiB      float64
}

func (m measured) median() time.Duration {
	sorted := append([]time.Duration(nil), m.times...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	return sorted[len(sorted)/2]
}

// measurePlans runs terraform plan `runs` times; each must find nothing to change.
func (b *bench) measurePlans(ctx context.Context, dir string, runs int, env []string, fake *fakeProcess) (measured, error) {
	var m measured
	for i := 0; i < runs; i++ {
		if fake != nil {
			if err := fake.resetStats(ctx); err != nil {
				return m, err
			}
		}
		memory := watchMemory(b.provider)
		elapsed, err := b.terraform(ctx, dir, env, "plan", "-input=false", "-lock=false", "-detailed-exitcode", "-no-color")
		peak := memory.finish()
		if err != nil {
			return m, fmt.Errorf("a plan over an unchanged configuration must find nothing to do: %w", err)
		}
		m.times = append(m.times, elapsed)
		m.peakMiB = max(m.peakMiB, peak)
		if fake != nil {
			lists, err := fake.listRequests(ctx)
			if err != nil {
				return m, err
			}
			m.listRequests = append(m.listRequests, lists)
		}
	}
	return m, nil
}

var reattach = regexp.MustCompile(`TF_REATTACH_PROVIDERS='([^']*)'`)

// memoryOverPlans serves the provider from one long-lived process (-debug) and runs plans against it,
// to show whether its memory grows with the number of plans it has served.
func (b *bench) memoryOverPlans(ctx context.Context, binary, dir string, plans int) (growth, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "-debug")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return growth{}, err
	}
	if err := cmd.Start(); err != nil {
		return growth{}, err
	}
	defer func() { cancel(); _ = cmd.Wait() }()
	lines := bufio.NewScanner(stdout)
	var env string
	for env == "" && lines.Scan() {
		if m := reattach.FindStringSubmatch(lines.Text()); m != nil {
			env = m[1]
		}
	}
	if env == "" {
		return growth{}, fmt.Errorf("the provider did not print TF_REATTACH_PROVIDERS in -debug mode")
	}
	go func() { // keep draining, so the provider never blocks on a full pipe
		for lines.Scan() {
		}
	}()
	pid := strconv.Itoa(cmd.Process.Pid)
	var g growth
	for i := 1; i <= plans; i++ {
		if _, err := b.terraform(ctx, dir, []string{"TF_REATTACH_PROVIDERS=" + env}, "plan", "-input=false", "-lock=false", "-detailed-exitcode", "-no-color"); err != nil {
			return g, err
		}
		g.RSSMiB = append(g.RSSMiB, float64(statusKB(pid, "VmRSS:"))/1024)
	}
	g.Plans = plans
	return g, nil
}

// createApply times one apply that creates n new applications.
func (b *bench) createApply(ctx context.Context, n int, r *report) error {
	fake, err := b.startFake(ctx, background)
	if err != nil {
		return err
	}
	defer fake.stop()
	dir, err := b.workdir("create", providerBlock(fake.url)+fmt.Sprintf(`
resource "gitlab_instance_application" "new" {
  count        = %d
  name         = "new-${count.index}"
  redirect_uri = "https://new-${count.index}.example.com/callback"
  scopes       = ["openid"]
}
`, n))
	if err != nil {
		return err
	}
	fmt.Printf("\nApplying a configuration that creates %d applications\n", n)
	elapsed, err := b.terraform(ctx, dir, nil, "apply", "-auto-approve", "-input=false", "-lock=false")
	if err != nil {
		return err
	}
	r.CreateApply = &createResult{Applications: n, Seconds: elapsed.Seconds()}
	return nil
}

func providerBlock(url string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    gitlab = { source = "gitlab-oauth/gitlab" }
  }
}

provider "gitlab" {
  base_url = %q
  token    = %q
}
`, url, adminToken)
}

// appsLocal is the map of managed names to GitLab ids, in a stable order.
func appsLocal(apps map[string]int64) string {
	names := make([]string, 0, len(apps))
	for name := range apps {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("locals {\n  apps = {\n")
	for _, name := range names {
		fmt.Fprintf(&b, "    %q = %q\n", name, strconv.FormatInt(apps[name], 10))
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// managed is one resource of the type for each managed application, with the attributes the fake seeded.
func managed(resourceType string) string {
	return fmt.Sprintf(`
resource %q "app" {
  for_each     = local.apps
  name         = each.key
  redirect_uri = "https://${each.key}.example.com/callback"
  scopes       = ["api"]
}
`, resourceType)
}

// gitlabConfig adopts the seeded applications.
func gitlabConfig(url string, apps map[string]int64) string {
	return providerBlock(url) + appsLocal(apps) + `
import {
  for_each = local.apps
  to       = gitlab_instance_application.app[each.key]
  id       = each.value
}
` + managed("gitlab_instance_application")
}

func noopConfig(apps map[string]int64) string {
	return `terraform {
  required_providers {
    noop = { source = "gitlab-oauth/noop" }
  }
}
` + appsLocal(apps) + managed("noop_item")
}

func terraformDataConfig(apps map[string]int64) string {
	return appsLocal(apps) + `
resource "terraform_data" "app" {
  for_each = local.apps
  input    = each.key
}
`
}
