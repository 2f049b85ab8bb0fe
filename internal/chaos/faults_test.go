package chaos

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// injected is one fault of a schedule: what it is called in the campaign's figures, and the fake's fault.
type injected struct {
	label string
	fault fakegitlab.Fault
}

func (f injected) String() string {
	return fmt.Sprintf("%s on %s %s, %d time(s)", f.label, f.fault.Method, f.fault.Path, f.fault.Times)
}

// The requests faults hit: every kind's create, list, renewal, update and delete. Creates come up more
// often: they are what a lost answer can duplicate.
var faultRoutes = []struct{ method, path string }{
	{http.MethodPost, "/api/v4/applications"},
	{http.MethodPost, "/api/v4/user/applications"},
	{http.MethodPost, "/api/v4/groups/acme%2Fplatform/applications"},
	{http.MethodPost, "/api/v4/applications"},
	{http.MethodPost, "/api/v4/user/applications"},
	{http.MethodPost, "/api/v4/groups/acme%2Fplatform/applications"},
	{http.MethodGet, "/api/v4/applications"},
	{http.MethodGet, "/api/v4/user/applications"},
	{http.MethodGet, "/api/v4/groups/acme%2Fplatform/applications"},
	{http.MethodPost, "/api/v4/applications/:id/renew-secret"},
	{http.MethodDelete, "/api/v4/applications/:id"},
	{http.MethodDelete, "/api/v4/user/applications/:id"},
	{http.MethodDelete, "/api/v4/groups/acme%2Fplatform/applications/:id"},
	{http.MethodPut, "/api/v4/user/applications/:id"},
	{http.MethodPut, "/api/v4/groups/acme%2Fplatform/applications/:id"},
}

// Fault kinds, as the campaign's figures name them.
const (
	lostBeforeWork = "answer lost before work"
	lostAfterWork  = "answer lost after work"
	rateLimited    = "429"
	pageBeforeWork = "5xx before work"
	pageAfterWork  = "proxy 5xx after work"
	lateWork       = "504, work done later"
)

// randomFaults draws n faults. A fault breaks one request, or the next two or three that match (a
// second loss, such as the recovery's own requests). lateMax bounds how late a 504's work lands: well within
// the client's wait for a lost create, as GitLab's own request timeout bounds it.
func randomFaults(rng *rand.Rand, n int, lateMax int64) []injected {
	var faults []injected
	for range n {
		route := faultRoutes[rng.IntN(len(faultRoutes))]
		status := pick(rng, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout)
		var f injected
		switch rng.IntN(6) {
		case 0:
			f = injected{lostBeforeWork, fakegitlab.CutConnection(route.method, route.path)}
		case 1:
			f = injected{lostAfterWork, fakegitlab.LoseAnswer(route.method, route.path)}
		case 2:
			f = injected{rateLimited, fakegitlab.RateLimited(route.method, route.path, 0)}
		case 3:
			page := fakegitlab.HTMLError(route.method, route.path, status)
			if rng.IntN(4) == 0 { // GitLab itself failing
				page = fakegitlab.JSONError(route.method, route.path, http.StatusInternalServerError)
			}
			f = injected{pageBeforeWork, page}
		case 4:
			f = injected{pageAfterWork, fakegitlab.ProxyPageAfterWork(route.method, route.path, status)}
		default:
			if route.method == http.MethodGet {
				f = injected{lostAfterWork, fakegitlab.LoseAnswer(route.method, route.path)}
				break
			}
			f = injected{lateWork, fakegitlab.LateWork(route.method, route.path, time.Duration(1+rng.Int64N(lateMax)))}
		}
		f.fault.Times = pick(rng, 1, 1, 1, 1, 2, 3)
		faults = append(faults, f)
	}
	return faults
}

// secondLoss counts the faults that break more than one request: a second loss, such as of a
// recovery's own requests.
const secondLoss = "of which break 2-3 requests"

// inject puts the round's faults on the fake and counts them.
func (r round) inject(fake *fakegitlab.Server, count func(string)) {
	for _, f := range r.faults {
		fake.InjectFault(f.fault)
		count(f.label)
		if f.fault.Times > 1 {
			count(secondLoss)
		}
	}
}
