package main

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
)

type report struct {
	Plans       []row         `json:"plans"`
	Growth      []growth      `json:"memory_over_plans"`
	CreateApply *createResult `json:"create_apply,omitempty"`
}

type row struct {
	Scenario      string  `json:"scenario"`
	N             int     `json:"n"`
	MedianSeconds float64 `json:"median_plan_seconds"`
	RatioToFloor  float64 `json:"ratio_to_floor"`
	ListRequests  []int   `json:"list_requests_per_plan,omitempty"`
	PeakRSSMiB    float64 `json:"provider_peak_rss_mib,omitempty"`
}

type growth struct {
	Scenario string `json:"scenario"`
	N        int    `json:"n"`
	Plans    int    `json:"plans"`
	// RSSMiB is the provider's resident size after each plan.
	RSSMiB []float64 `json:"rss_after_each_plan_mib"`
}

type createResult struct {
	Applications int     `json:"applications"`
	Seconds      float64 `json:"seconds"`
}

func (r *report) add(scenario string, n int, m, floor measured) {
	r.Plans = append(r.Plans, row{
		Scenario: scenario, N: n, MedianSeconds: m.median().Seconds(),
		RatioToFloor: m.median().Seconds() / floor.median().Seconds(),
		ListRequests: m.listRequests, PeakRSSMiB: m.peakMiB,
	})
}

func (r *report) print(w io.Writer) {
	fmt.Fprintln(w, "\nterraform plan, median wall time (goals: at most 1 list request per plan; within 1.15x of the floor)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tN\tmedian plan s\tx floor\tlist requests/plan\tprovider peak RSS MiB\t")
	for _, p := range r.Plans {
		lists, rss := "-", "-"
		if p.ListRequests != nil {
			lists = fmt.Sprintf("%d (max)", slices.Max(p.ListRequests))
		}
		if p.PeakRSSMiB > 0 {
			rss = fmt.Sprintf("%.1f", p.PeakRSSMiB)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.2f\t%s\t%s\t\n", p.Scenario, p.N, p.MedianSeconds, p.RatioToFloor, lists, rss)
	}
	_ = tw.Flush()
	if len(r.Growth) > 0 {
		fmt.Fprintln(w, "\nMemory over many plans (goal: no growth with the number of plans)")
	}
	for _, g := range r.Growth {
		n := len(g.RSSMiB)
		fmt.Fprintf(w, "One process of %s serving %d plans of N = %d: RSS after plan 1, %d, %d: %.1f, %.1f, %.1f MiB\n",
			g.Scenario, g.Plans, g.N, n/2, n, g.RSSMiB[0], g.RSSMiB[n/2-1], g.RSSMiB[n-1])
	}
	if r.CreateApply != nil {
		fmt.Fprintf(w, "\nOne apply creating %d applications: %.2f s\n", r.CreateApply.Applications, r.CreateApply.Seconds)
	}
}
