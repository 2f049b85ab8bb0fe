package main

import (
	"context"
	"fmt"
	"net/http"
)

// staleShare is the share of applications whose secrets the stale scenario renews behind Terraform's
// back: one in ten.
const staleShare = 10

// staleSecretChecks renews the secrets of one in ten of the instance and group applications behind
// Terraform's back, then times one plan with check_secrets on and counts its token requests: one per
// application, plus one confirmation per stale secret (the only ones that cost a second check).
func (b *bench) staleSecretChecks(ctx context.Context, fake *fakeProcess, dir string, n int) (secretCheckResult, error) {
	res := secretCheckResult{CheckSecrets: true, N: n}
	for _, kind := range []*benchKind{benchKinds["instance"], benchKinds["group"]} {
		apps, err := fake.list(ctx, kind)
		if err != nil {
			return res, err
		}
		for i := 0; i < len(apps); i += staleShare {
			if err := fake.call(ctx, http.MethodPost, fmt.Sprintf("/-/fake/renew-secret?id=%d", apps[i].ID), "", nil); err != nil {
				return res, err
			}
			res.Stale++
		}
	}
	if err := fake.resetStats(ctx); err != nil {
		return res, err
	}
	var peak struct {
		Peak int `json:"peak_in_flight"`
	}
	if err := fake.call(ctx, "GET", "/-/fake/token-peak", "", &peak); err != nil {
		return res, err
	}
	out, err := b.terraform(ctx, dir, []string{"GITLAB_CHECK_SECRETS=true"}, planArgs...)
	if err != nil {
		return res, err
	}
	if out.exitCode != 2 {
		return res, fmt.Errorf("a plan over %d stale secrets must plan their renewals (exit 2), got exit %d:\n%s", res.Stale, out.exitCode, tail(out.text))
	}
	stats, err := fake.stats(ctx)
	if err != nil {
		return res, err
	}
	if err := fake.call(ctx, "GET", "/-/fake/token-peak", "", &peak); err != nil {
		return res, err
	}
	res.MedianSeconds = roundTo(out.elapsed.Seconds(), 3)
	res.ListRequests = stats[benchKinds["instance"].listRoute()] + stats[benchKinds["group"].listRoute()]
	res.TokenRequests, res.PeakInFlight = stats[tokenRoute], peak.Peak
	fmt.Printf("  plan with %d stale secrets: %.3fs, %d token requests (at most %d at once)\n",
		res.Stale, out.elapsed.Seconds(), res.TokenRequests, res.PeakInFlight)
	return res, nil
}
