package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

const (
	scenarioNoop = "do-nothing provider (floor)"
	scenarioData = "terraform_data (built in)"
)

// scenario is one configuration whose plan is timed.
type scenario struct {
	name   string
	dir    string
	binary string       // the provider whose peak memory is watched ("": none)
	fake   *fakeProcess // the GitLab whose list requests are counted (nil: none)
	kind   *benchKind   // the application kind planned over (nil: a floor)

	times        []time.Duration
	cpuTimes     []time.Duration
	listRequests []int
	peakMiB      float64
}

func (s *scenario) median() time.Duration { return median(s.times) }

func (s *scenario) medianCPU() time.Duration { return median(s.cpuTimes) }

func median(times []time.Duration) time.Duration {
	sorted := slices.Clone(times)
	slices.Sort(sorted)
	return sorted[len(sorted)/2]
}

var planArgs = []string{"plan", "-input=false", "-lock=false", "-detailed-exitcode", "-no-color"}

// plans measures terraform plan over n managed applications of the kind (among n + background
// instance applications on the instance), over n do-nothing resources and over n terraform_data
// resources, then the provider's memory over many plans in one process.
func (b *bench) plans(ctx context.Context, kind *benchKind, n, runs, memoryPlans int, r *report) error {
	fake, err := b.startFake(ctx, background)
	if err != nil {
		return err
	}
	defer fake.stop()
	if err := fake.seed(ctx, kind, n, managedPrefix); err != nil {
		return err
	}
	apps, err := fake.managedApplications(ctx, kind, managedPrefix, n)
	if err != nil {
		return err
	}

	fmt.Printf("\nN = %d: adopting %d %s with import blocks (%d applications on the instance), creating %d do-nothing and %d terraform_data resources\n",
		n, n, kind.resourceType, n+background, n, n)
	gitlab := &scenario{name: kind.resourceType, binary: b.provider, fake: fake, kind: kind}
	noop := &scenario{name: scenarioNoop, binary: b.noop}
	data := &scenario{name: scenarioData}
	for _, set := range []struct {
		s       *scenario
		config  string
		summary string // what the set-up apply must have done
	}{
		{gitlab, gitlabConfig(fake.url, kind, apps), fmt.Sprintf("Resources: %d imported, 0 added, 0 changed, 0 destroyed.", n)},
		{noop, noopConfig(fake.url, kind, apps), fmt.Sprintf("Resources: %d added, 0 changed, 0 destroyed.", n)},
		{data, terraformDataConfig(apps), fmt.Sprintf("Resources: %d added, 0 changed, 0 destroyed.", n)},
	} {
		if set.s.dir, err = b.workdir(fmt.Sprintf("%s-%s-%d", kind.resourceType, strings.Fields(set.s.name)[0], n), set.config); err != nil {
			return err
		}
		out, err := b.terraform(ctx, set.s.dir, nil, "apply", "-auto-approve", "-input=false", "-lock=false", "-no-color")
		if err != nil {
			return err
		}
		if err := out.mustSucceed("the set-up apply of " + set.s.name); err != nil {
			return err
		}
		if !strings.Contains(out.text, set.summary) {
			return fmt.Errorf("the set-up apply of %s did not say %q:\n%s", set.s.name, set.summary, tail(out.text))
		}
	}

	// The scenarios take turns, each round starting with the next one, so that a change in what else
	// runs on the machine (it is shared) weighs on all of them alike instead of on one.
	all := []*scenario{gitlab, noop, data}
	for i := range runs {
		for j := range all {
			if err := b.planOnce(ctx, all[(i+j)%len(all)]); err != nil {
				return err
			}
		}
		fmt.Printf("  plan %d/%d: %s %.3fs (%d list requests), do-nothing %.3fs, terraform_data %.3fs\n", i+1, runs,
			kind.resourceType, gitlab.times[i].Seconds(), gitlab.listRequests[i], noop.times[i].Seconds(), data.times[i].Seconds())
	}
	for _, s := range all {
		r.add(s, n, noop)
	}

	if memoryPlans == 0 {
		return nil
	}
	for _, s := range []*scenario{gitlab, noop} {
		g, err := b.memoryOverPlans(ctx, s, memoryPlans)
		if err != nil {
			return err
		}
		g.N = n
		r.Growth = append(r.Growth, g)
	}
	return nil
}

// planOnce times one plan of s, which must find nothing to change: a benchmark of a configuration
// that plans changes would measure the wrong thing.
func (b *bench) planOnce(ctx context.Context, s *scenario) error {
	if s.fake != nil {
		if err := s.fake.resetStats(ctx); err != nil {
			return err
		}
	}
	memory := watchMemory(s.binary)
	out, err := b.terraform(ctx, s.dir, nil, planArgs...)
	peak := memory.finish()
	if err != nil {
		return err
	}
	if err := noChanges(s.name, out); err != nil {
		return err
	}
	s.times = append(s.times, out.elapsed)
	s.cpuTimes = append(s.cpuTimes, out.cpu)
	s.peakMiB = max(s.peakMiB, peak)
	if s.fake != nil {
		stats, err := s.fake.stats(ctx)
		if err != nil {
			return err
		}
		s.listRequests = append(s.listRequests, stats[s.kind.listRoute()])
	}
	return nil
}

func noChanges(name string, out result) error {
	if out.exitCode != 0 || !strings.Contains(out.text, "No changes.") {
		return fmt.Errorf("a plan of %s over an unchanged configuration must say \"No changes.\" (exit %d):\n%s",
			name, out.exitCode, tail(out.text))
	}
	return nil
}
