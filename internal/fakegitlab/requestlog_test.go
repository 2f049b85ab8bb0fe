package fakegitlab_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
)

func TestRequestLog(t *testing.T) {
	t.Parallel()
	var seen []fakegitlab.Request
	var mu sync.Mutex
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{OnRequest: func(r fakegitlab.Request) { mu.Lock(); seen = append(seen, r); mu.Unlock() }})
	send(t, s, fakegitlab.AdminToken, "POST", "/api/v4/applications", validApp).expect(t, "create", 201, "*")
	send(t, s, fakegitlab.AdminToken, "GET", "/api/v4/applications?per_page=5", "").expect(t, "list", 200, "*")
	send(t, s, fakegitlab.AdminToken, "DELETE", "/api/v4/applications/1", "").expect(t, "delete", 204, "")
	sendWith(t, s, "", "GET", "/api/v4/user?private_token="+fakegitlab.AdminToken+"&x=1", http.Header{}, "").expect(t, "token in the query", 200, "*")
	send(t, s, "", "GET", "/-/fake/stats", "").expect(t, "control routes are not recorded", 200, "*")

	reqs := s.Requests()
	want := []fakegitlab.Request{
		{Method: "POST", Path: "/api/v4/applications", Status: 201},
		{Method: "GET", Path: "/api/v4/applications", Query: "per_page=5", Status: 200},
		{Method: "DELETE", Path: "/api/v4/applications/1", Status: 204},
		{Method: "GET", Path: "/api/v4/user", Query: "private_token=%5BFILTERED%5D&x=1", Status: 200},
	}
	if len(reqs) != len(want) {
		t.Fatalf("request log %+v", reqs)
	}
	for i, r := range reqs {
		if r.Time.IsZero() {
			t.Errorf("request %d has no time", i)
		}
		r.Time = want[i].Time
		if r != want[i] {
			t.Errorf("request %d: %+v, want %+v", i, r, want[i])
		}
		if strings.Contains(fmt.Sprint(r), fakegitlab.AdminToken) {
			t.Error("the request log holds a token")
		}
	}
	mu.Lock()
	if len(seen) != 4 || seen[2].Status != 204 {
		t.Errorf("OnRequest saw %+v", seen)
	}
	mu.Unlock()

	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{"GET", "/api/v4/applications", 1},
		{"POST", "/api/v4/applications", 1},
		{"", "/api/v4/applications", 2},
		{"GET", "/api/v4/applications/1", 0},
		{"DELETE", "/api/v4/applications/1", 1},
		{"DELETE", "/api/v4/applications/:id", 1},
		{"", "/api/v4/applications/", 1},
		{"", "/api/v4/applications*", 3},
		{"", "", 4},
	} {
		if got := s.CountRequests(tc.method, tc.path); got != tc.want {
			t.Errorf("CountRequests(%q, %q) = %d, want %d", tc.method, tc.path, got, tc.want)
		}
	}
	stats := s.Stats()
	if stats["DELETE /api/v4/applications/:id"] != 1 || stats["GET /api/v4/applications"] != 1 || len(stats) != 4 {
		t.Errorf("stats %v", stats)
	}

	s.ResetRequests()
	if len(s.Requests()) != 0 || s.CountRequests("POST", "/api/v4/applications") != 0 || len(s.Stats()) != 0 {
		t.Error("ResetRequests left something")
	}
}

// TestRequestLogScales: counting is a lookup however long the log; a limited log keeps the newest
// entries and exact counts; concurrent requests are all recorded.
func TestRequestLogScales(t *testing.T) {
	t.Parallel()
	s := fakegitlab.New(fakegitlab.Options{RequestLogLimit: 100})
	h := s.Handler()
	for i := range 100_000 {
		path := "/api/v4/user"
		if i%2 == 1 {
			path = fmt.Sprintf("/api/v4/user/applications/%d", i)
		}
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	if n := s.CountRequests("GET", "/api/v4/user"); n != 50_000 {
		t.Errorf("counted %d", n)
	}
	if n := s.Stats()["GET /api/v4/user/applications/:id"]; n != 50_000 {
		t.Errorf("stats counted %d", n)
	}
	reqs := s.Requests()
	if len(reqs) < 100 || len(reqs) >= 200 || reqs[len(reqs)-1].Path != "/api/v4/user/applications/99999" {
		t.Errorf("limited log holds %d requests, last %+v", len(reqs), reqs[len(reqs)-1])
	}
	if reqs[0].Status != 401 {
		t.Errorf("status %d", reqs[0].Status)
	}

	concurrent := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 25 {
				send(t, concurrent, fakegitlab.UserToken, "POST", "/api/v4/user/applications", validApp).expect(t, "create", 201, "*")
			}
		})
	}
	wg.Wait()
	if n, apps := concurrent.CountRequests("POST", "/api/v4/user/applications"), len(concurrent.Applications()); n != 200 || apps != 200 {
		t.Errorf("%d requests and %d applications, want 200 each", n, apps)
	}
	var ids []int64
	for _, app := range concurrent.Applications() {
		ids = append(ids, app.ID)
	}
	for i, id := range ids {
		if id != int64(i+1) {
			t.Fatalf("ids are not one sequence: %v", ids)
		}
	}
}
