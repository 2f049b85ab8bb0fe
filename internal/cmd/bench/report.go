package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

type report struct {
	Machine     machine       `json:"machine"`
	Runs        int           `json:"runs"`
	Background  int           `json:"background_applications"`
	Plans       []row         `json:"plans"`
	Growth      []growth      `json:"memory_over_plans,omitempty"`
	CreateApply *createResult `json:"create_apply,omitempty"`
	Queries     []queryResult `json:"queries,omitempty"`
}

type machine struct {
	CPUs      int    `json:"cpus"`
	OS        string `json:"os"`
	Terraform string `json:"terraform"`
	Go        string `json:"go"`
	// LoadBefore and LoadAfter are /proc/loadavg: other work on the machine makes timings noisier.
	LoadBefore string `json:"load_before,omitempty"`
	LoadAfter  string `json:"load_after,omitempty"`
}

type row struct {
	Scenario      string    `json:"scenario"`
	N             int       `json:"n"`
	MedianSeconds float64   `json:"median_plan_seconds"`
	Seconds       []float64 `json:"plan_seconds"`
	RatioToFloor  float64   `json:"ratio_to_floor"`
	// MedianCPUSeconds is terraform's and the provider's CPU time per plan; CPURatioToFloor compares
	// it with the floor's, a figure that a loaded machine distorts far less than wall time.
	MedianCPUSeconds float64 `json:"median_plan_cpu_seconds"`
	CPURatioToFloor  float64 `json:"cpu_ratio_to_floor"`
	ListRequests     []int   `json:"list_requests_per_plan,omitempty"`
	// GoalLists and GoalRatio are the goals of an application kind's row: reported, not asserted (a
	// shared machine makes timings noisy).
	GoalLists  int     `json:"goal_list_requests_per_plan,omitempty"`
	GoalRatio  float64 `json:"goal_ratio_to_floor,omitempty"`
	PeakRSSMiB float64 `json:"provider_peak_rss_mib,omitempty"`
}

type growth struct {
	Scenario string `json:"scenario"`
	N        int    `json:"n"`
	Plans    int    `json:"plans"`
	// RSSMiB is the provider's resident size after each plan.
	RSSMiB     []float64 `json:"rss_after_each_plan_mib"`
	PeakRSSMiB float64   `json:"peak_rss_mib"`
	Growth     float64   `json:"growth_first_to_last"`
	Grew       bool      `json:"grew_more_than_10_percent"`
}

type createResult struct {
	Applications int            `json:"applications"`
	Seconds      float64        `json:"seconds"`
	Requests     map[string]int `json:"requests"`
}

func (r *report) add(s *scenario, n int, floor *scenario) {
	seconds := make([]float64, len(s.times))
	for i, t := range s.times {
		seconds[i] = roundTo(t.Seconds(), 3)
	}
	p := row{
		Scenario: s.name, N: n, MedianSeconds: roundTo(s.median().Seconds(), 3), Seconds: seconds,
		RatioToFloor:     roundTo(float64(s.median())/float64(floor.median()), 3),
		MedianCPUSeconds: roundTo(s.medianCPU().Seconds(), 3),
		CPURatioToFloor:  roundTo(float64(s.medianCPU())/float64(floor.medianCPU()), 3),
		ListRequests:     s.listRequests, PeakRSSMiB: roundTo(s.peakMiB, 1),
	}
	if s.kind != nil {
		p.GoalLists, p.GoalRatio = s.kind.goalLists(n), s.kind.goalRatio
	}
	r.Plans = append(r.Plans, p)
}

func roundTo(x float64, digits int) float64 {
	p := 1.0
	for range digits {
		p *= 10
	}
	return float64(int64(x*p+0.5)) / p
}

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "\nterraform plan, median of %d\n", r.Runs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tN\tmedian plan s\tx floor\tmedian CPU s\tCPU x floor\tlist requests/plan\tprovider peak RSS MiB\t")
	for _, p := range r.Plans {
		lists, rss := "-", "-"
		if p.ListRequests != nil {
			lists = fmt.Sprintf("%d", slices.Max(p.ListRequests))
			if slices.Min(p.ListRequests) != slices.Max(p.ListRequests) {
				lists = fmt.Sprintf("%d-%d", slices.Min(p.ListRequests), slices.Max(p.ListRequests))
			}
		}
		if p.PeakRSSMiB > 0 {
			rss = fmt.Sprintf("%.1f", p.PeakRSSMiB)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.2f\t%.3f\t%.2f\t%s\t%s\t\n", p.Scenario, p.N, p.MedianSeconds, p.RatioToFloor,
			p.MedianCPUSeconds, p.CPURatioToFloor, lists, rss)
	}
	_ = tw.Flush()

	if len(r.Growth) > 0 {
		fmt.Fprintf(w, "\nOne provider process serving many plans (goal: memory that does not grow with the number of plans)\n")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "scenario\tN\tplans\tRSS after plan 1 MiB\tafter last MiB\tgrowth\tpeak MiB\t")
		for _, g := range r.Growth {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%.1f\t%+.0f%%\t%.1f\t\n", g.Scenario, g.N, g.Plans,
				g.RSSMiB[0], g.RSSMiB[len(g.RSSMiB)-1], 100*g.Growth, g.PeakRSSMiB)
		}
		_ = tw.Flush()
		fmt.Fprint(w, frameworkRetention)
	}
	if c := r.CreateApply; c != nil {
		fmt.Fprintf(w, "\nOne apply creating %d applications: %.2f s (%d list requests)\n",
			c.Applications, c.Seconds, c.Requests[benchKinds["instance"].listRoute()])
	}
	for _, q := range r.Queries {
		fmt.Fprintf(w, "terraform query of %d %ss: %.2f s, %d list requests (one per page: %d)\n",
			q.Applications, q.ResourceType, q.Seconds, q.ListRequests, q.WantListRequests)
	}
	fmt.Fprintln(w)
	for _, line := range r.goals() {
		fmt.Fprintln(w, line)
	}
}

// goals says, for each plan-cost goal, whether this run met it.
func (r *report) goals() []string {
	var lists, ratios, memory []string
	listsMet, ratiosMet, memoryMet, ownMet := true, true, true, true
	for _, p := range r.Plans {
		if p.GoalLists == 0 {
			continue
		}
		most := slices.Max(p.ListRequests)
		listsMet = listsMet && most <= p.GoalLists
		ratiosMet = ratiosMet && p.RatioToFloor <= p.GoalRatio
		lists = append(lists, fmt.Sprintf("%s N=%d: %d of at most %d", p.Scenario, p.N, most, p.GoalLists))
		ratios = append(ratios, fmt.Sprintf("%s N=%d: %.2fx of at most %.2fx", p.Scenario, p.N, p.RatioToFloor, p.GoalRatio))
	}
	for _, g := range r.Growth {
		if g.Scenario == scenarioNoop {
			continue
		}
		memoryMet = memoryMet && !g.Grew
		line := fmt.Sprintf("N=%d: %+.0f%% over %d plans", g.N, 100*g.Growth, g.Plans)
		if floor := r.growthOf(scenarioNoop, g.N); floor != nil {
			own := ownGrowth(&g, floor)
			ownMet = ownMet && own <= growthLimit
			line += fmt.Sprintf("; the do-nothing floor %+.0f%%, so the provider's own share is %+.0f%%", 100*floor.Growth, 100*own)
		} else {
			ownMet = false
		}
		memory = append(memory, line)
	}
	verdict := func(met bool) string {
		if met {
			return "met"
		}
		return "NOT met"
	}
	out := []string{
		fmt.Sprintf("Goal: one list request per plan for instance applications, one per page of 100 for a group's: %s (%s)",
			verdict(listsMet), strings.Join(lists, ", ")),
		fmt.Sprintf("Goal: plan close to the floor: %s (%s)", verdict(ratiosMet), strings.Join(ratios, ", ")),
	}
	if len(memory) > 0 {
		v := verdict(memoryMet)
		if !memoryMet && ownMet {
			v = "not met as measured, but the floor grows as much: met for the provider's own share"
		}
		out = append(out, fmt.Sprintf("Goal: provider memory does not grow over plans (at most %.0f%%): %s (%s)",
			100*growthLimit, v, strings.Join(memory, "; ")))
	}
	if len(r.Queries) > 0 {
		queriesMet, queries := true, []string{}
		for _, q := range r.Queries {
			queriesMet = queriesMet && q.ListRequests == q.WantListRequests
			queries = append(queries, fmt.Sprintf("%s: %d of %d", q.ResourceType, q.ListRequests, q.WantListRequests))
		}
		out = append(out, fmt.Sprintf("Goal: terraform query sends one list request per page: %s (%s)", verdict(queriesMet), strings.Join(queries, ", ")))
	}
	return out
}

func (r *report) growthOf(scenario string, n int) *growth {
	for i, g := range r.Growth {
		if g.Scenario == scenario && g.N == n {
			return &r.Growth[i]
		}
	}
	return nil
}

// frameworkRetention explains why the floor grows too. Found with a heap profile of the do-nothing
// provider (terraform-plugin-framework v1.19.0, internal/proto6server/serve.go): registerContext keeps
// each request's cancel function, and with it the request's context, loggers and gRPC stream, until
// StopProvider, which Terraform sends only when interrupted. Each terraform command normally starts a
// provider process of its own, so this is bounded by one command's requests there.
const frameworkRetention = `Both grow: terraform-plugin-framework keeps every request's context until StopProvider, which Terraform
sends only on interrupt, so a process serving many plans grows with each one whatever the provider does.
The provider's own share is its growth beyond the do-nothing provider's.
`

// ownGrowth is how much more g grew than the floor, in MiB, relative to g's first figure: a process
// serving many plans keeps memory inside the framework and gRPC too (the floor shows it), and only
// what the provider adds to that is its own.
func ownGrowth(g, floor *growth) float64 {
	grown := func(x *growth) float64 { return x.RSSMiB[len(x.RSSMiB)-1] - x.RSSMiB[0] }
	return (grown(g) - grown(floor)) / g.RSSMiB[0]
}

// elapsedSince is for the progress lines.
func elapsedSince(start time.Time) string { return time.Since(start).Round(time.Second).String() }
