package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// tokenRoute is GitLab's token endpoint as the fake's statistics name it.
const tokenRoute = "POST /oauth/token"

// maxTokenChecksInFlight is the provider's bound on secret checks at once (gitlabclient).
const maxTokenChecksInFlight = 4

// secretCheckResult is one way of planning (check_secrets on or off) over n instance and n group
// applications created by Terraform, so that every one has a secret in state, of which Stale were
// renewed behind Terraform's back.
type secretCheckResult struct {
	CheckSecrets  bool    `json:"check_secrets"`
	N             int     `json:"n_per_kind"`
	Stale         int     `json:"stale_secrets"`
	MedianSeconds float64 `json:"median_seconds"`
	ListRequests  int     `json:"list_requests_per_plan"`
	TokenRequests int     `json:"token_requests_per_plan"`
	PeakInFlight  int     `json:"token_requests_peak_in_flight"`
}

// secretCheckConfig creates n instance and n group applications.
func secretCheckConfig(url string, n int) string {
	return providerBlock(url) + fmt.Sprintf(`
locals {
  names = toset([for i in range(%d) : format("checked-%%05d", i + 1)])
}

resource "gitlab_instance_application" "checked" {
  for_each     = local.names
  name         = each.key
  redirect_uri = "https://${each.key}.example.com/callback"
  scopes       = ["openid"]
}

resource "gitlab_group_application" "checked" {
  for_each     = local.names
  group        = %q
  name         = each.key
  redirect_uri = "https://${each.key}.example.com/callback"
  scopes       = ["openid"]
}
`, n, benchGroup)
}

// secretChecks times plans over n instance and n group applications with secrets in state, with
// check_secrets off and on, taking turns, and counts the list and token requests of each plan.
func (b *bench) secretChecks(ctx context.Context, n, runs int) ([]secretCheckResult, error) {
	fake, err := b.startFake(ctx, 0)
	if err != nil {
		return nil, err
	}
	defer fake.stop()
	dir, err := b.workdir(fmt.Sprintf("secret-checks-%d", n), secretCheckConfig(fake.url, n))
	if err != nil {
		return nil, err
	}
	fmt.Printf("\nSecret checks: creating %d instance and %d group applications, then planning with check_secrets off and on\n", n, n)
	out, err := b.terraform(ctx, dir, nil, "apply", "-auto-approve", "-input=false", "-lock=false", "-no-color")
	if err != nil {
		return nil, err
	}
	if err := out.mustSucceed("the set-up apply of the secret checks"); err != nil {
		return nil, err
	}
	lists := []string{benchKinds["instance"].listRoute(), benchKinds["group"].listRoute()}
	results := []*secretCheckResult{{CheckSecrets: false, N: n}, {CheckSecrets: true, N: n}}
	times := make([][]time.Duration, len(results))
	for i := range runs {
		for j := range results {
			res := results[(i+j)%len(results)]
			if err := fake.resetStats(ctx); err != nil {
				return nil, err
			}
			var peak struct {
				Peak int `json:"peak_in_flight"`
			}
			if err := fake.call(ctx, "GET", "/-/fake/token-peak", "", &peak); err != nil {
				return nil, err
			}
			out, err := b.terraform(ctx, dir, []string{fmt.Sprintf("GITLAB_CHECK_SECRETS=%t", res.CheckSecrets)}, planArgs...)
			if err != nil {
				return nil, err
			}
			name := fmt.Sprintf("check_secrets=%t", res.CheckSecrets)
			if err := noChanges(name, out); err != nil {
				return nil, err
			}
			stats, err := fake.stats(ctx)
			if err != nil {
				return nil, err
			}
			if err := fake.call(ctx, "GET", "/-/fake/token-peak", "", &peak); err != nil {
				return nil, err
			}
			listed := 0
			for _, route := range lists {
				listed += stats[route]
			}
			res.ListRequests, res.TokenRequests = listed, stats[tokenRoute]
			res.PeakInFlight = max(res.PeakInFlight, peak.Peak)
			k := slices.Index(results, res)
			times[k] = append(times[k], out.elapsed)
			fmt.Printf("  plan %d/%d, %s: %.3fs, %d list requests, %d token requests (at most %d at once)\n",
				i+1, runs, name, out.elapsed.Seconds(), listed, stats[tokenRoute], peak.Peak)
		}
	}
	final := make([]secretCheckResult, len(results))
	for i, res := range results {
		sorted := slices.Clone(times[i])
		slices.Sort(sorted)
		res.MedianSeconds = roundTo(sorted[len(sorted)/2].Seconds(), 3)
		final[i] = *res
	}
	stale, err := b.staleSecretChecks(ctx, fake, dir, n)
	if err != nil {
		return nil, err
	}
	return append(final, stale), nil
}

// printSecretChecks prints the secret-check plans and whether they met their goals: one token
// request per application with a secret, plus one confirmation per stale secret, no more than the
// provider's bound at once, and the same list requests as without the check.
func printSecretChecks(w io.Writer, results []secretCheckResult) {
	if len(results) == 0 {
		return
	}
	fmt.Fprintf(w, "\nPlans over N instance and N group applications with secrets in state (median):\n")
	fmt.Fprintf(w, "%-16s %6s %6s %9s %14s %15s %13s\n", "check_secrets", "N", "stale", "plan", "list requests", "token requests", "peak at once")
	for _, r := range results {
		fmt.Fprintf(w, "%-16t %6d %6d %8.3fs %14d %15d %13d\n", r.CheckSecrets, r.N, r.Stale, r.MedianSeconds, r.ListRequests, r.TokenRequests, r.PeakInFlight)
	}
	var goals []string
	off, on, stale := results[0], results[1], results[2]
	if on.TokenRequests != 2*on.N {
		goals = append(goals, fmt.Sprintf("token requests with the check: %d, want one per application (%d)", on.TokenRequests, 2*on.N))
	}
	if want := 2*stale.N + stale.Stale; stale.TokenRequests != want {
		goals = append(goals, fmt.Sprintf("token requests with %d stale secrets: %d, want one per application and one confirmation per stale secret (%d)",
			stale.Stale, stale.TokenRequests, want))
	}
	if off.TokenRequests != 0 {
		goals = append(goals, fmt.Sprintf("token requests without the check: %d, want 0", off.TokenRequests))
	}
	if max(on.PeakInFlight, stale.PeakInFlight) > maxTokenChecksInFlight {
		goals = append(goals, fmt.Sprintf("token requests at once: %d, want at most %d", max(on.PeakInFlight, stale.PeakInFlight), maxTokenChecksInFlight))
	}
	if on.ListRequests != off.ListRequests {
		goals = append(goals, fmt.Sprintf("list requests: %d with the check, %d without, want the same", on.ListRequests, off.ListRequests))
	}
	if len(goals) == 0 {
		fmt.Fprintln(w, "Secret-check goals met: one token request per application and one confirmation per stale secret, at most "+
			fmt.Sprint(maxTokenChecksInFlight)+" at once, list requests unchanged.")
		return
	}
	fmt.Fprintln(w, "Secret-check goals missed:\n  "+strings.Join(goals, "\n  "))
}
