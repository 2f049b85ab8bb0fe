package fakegitlab_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
)

func TestControlRoutes(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	send(t, s, "", "POST", "/-/fake/seed?count=3&owner=instance&prefix=bench", "").expect(t, "seed", 201, `{"ids":[1,2,3]}`)
	send(t, s, "", "POST", "/-/fake/seed?count=2&owner="+fakegitlab.UserUsername, "").expect(t, "seed a user's", 201, `{"ids":[4,5]}`)
	send(t, s, "", "POST", "/-/fake/seed?count=1&owner=nobody", "").expect(t, "unknown owner", 400, `{"error":"owner must be instance or a username"}`)
	send(t, s, "", "POST", "/-/fake/seed?count=x", "").expect(t, "bad count", 400, `{"error":"count must be a number from 0 to 100000"}`)
	if app, _ := lookUp(s, 4); app.Name != "seeded-00001" || app.OwnerID != s.UserID(fakegitlab.UserToken) {
		t.Errorf("seeded %+v", app)
	}

	send(t, s, fakegitlab.AdminToken, "GET", "/api/v4/applications", "").expect(t, "list", 200, "*")
	send(t, s, fakegitlab.AdminToken, "DELETE", "/api/v4/applications/2", "").expect(t, "delete", 204, "")
	send(t, s, fakegitlab.AdminToken, "POST", "/api/v4/applications/3/renew-secret", "").expect(t, "renew", 201, "*")
	send(t, s, fakegitlab.UserToken, "GET", "/api/v4/user/applications/4", "").expect(t, "get", 200, "*")
	send(t, s, fakegitlab.UserToken, "GET", "/api/v4/user/applications/5", "").expect(t, "get", 200, "*")
	var stats map[string]int
	if err := json.Unmarshal([]byte(send(t, s, "", "GET", "/-/fake/stats", "").expect(t, "stats", 200, "*").body), &stats); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		"GET /api/v4/applications": 1, "DELETE /api/v4/applications/:id": 1,
		"POST /api/v4/applications/:id/renew-secret": 1, "GET /api/v4/user/applications/:id": 2,
	}
	if fmt.Sprint(stats) != fmt.Sprint(want) {
		t.Errorf("stats %v, want %v", stats, want)
	}
	send(t, s, "", "POST", "/-/fake/reset-stats", "").expect(t, "reset", 204, "")
	send(t, s, "", "GET", "/-/fake/stats", "").expect(t, "stats after reset", 200, "{}")
	send(t, s, "", "GET", "/-/fake/nope", "").expect(t, "unknown", 404, `{"error":"unknown control route GET nope"}`)
}

// TestThousandsOfApplications: the benchmark's sizes stay fast. Listing 10,000 instance applications,
// or walking a user's 5,000 in pages of 100, takes milliseconds, not seconds.
func TestThousandsOfApplications(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	start := time.Now()
	s.SeedApplications(fakegitlab.InstanceOwner, 10_000, "instance")
	s.SeedApplications(s.UserID(fakegitlab.UserToken), 5_000, "mine")
	if l := send(t, s, fakegitlab.AdminToken, "GET", "/api/v4/applications", "").list(t); len(l) != 10_000 {
		t.Fatalf("listed %d", len(l))
	}
	seen := 0
	for page := 1; ; page++ {
		a := send(t, s, fakegitlab.UserToken, "GET", fmt.Sprintf("/api/v4/user/applications?per_page=100&page=%d", page), "")
		seen += len(a.list(t))
		if a.header.Get("X-Next-Page") == "" {
			break
		}
	}
	if seen != 5_000 {
		t.Errorf("walked %d user applications", seen)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
}
