package fakegitlab_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
)

// rawPost sends a POST on a connection of its own (no keep-alive reuse, so Go's transport cannot
// retry it) and returns the error of a cut connection.
func rawPost(t *testing.T, s *fakegitlab.Server, token, path, body string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequest("POST", s.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("PRIVATE-TOKEN", token)
	req.Header.Set("Content-Type", "application/json")
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err == nil {
		_, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	return resp, err
}

func TestFaultStatus(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	s.InjectFault(fakegitlab.RateLimited("", "/api/v4/user", 1))
	s.InjectFault(fakegitlab.HTMLError("GET", "/api/v4/user", http.StatusBadGateway))
	s.InjectFault(fakegitlab.JSONError("GET", "/api/v4/user", http.StatusServiceUnavailable))

	a := send(t, s, fakegitlab.UserToken, "GET", "/api/v4/user", "").expect(t, "429", 429, "Retry later")
	if a.header.Get("Retry-After") != "1" {
		t.Errorf("429 headers %v", a.header)
	}
	a = send(t, s, fakegitlab.UserToken, "GET", "/api/v4/user", "").expect(t, "502", 502, "<html><body><h1>502 Bad Gateway</h1></body></html>")
	if a.header.Get("Content-Type") != "text/html" {
		t.Errorf("502 headers %v", a.header)
	}
	send(t, s, fakegitlab.UserToken, "GET", "/api/v4/user", "").expect(t, "503", 503, `{"message":"503 Service Unavailable"}`)
	send(t, s, fakegitlab.UserToken, "GET", "/api/v4/user", "").expect(t, "used up", 200, "*")
	// Before authentication and routing: even a request without a token gets the fault.
	s.InjectFault(fakegitlab.Fault{Path: "/api/v4/nope", Kind: fakegitlab.FaultStatus, Status: 418, Times: 2})
	send(t, s, "", "GET", "/api/v4/nope", "").expect(t, "fault first", 418, "")
	send(t, s, "", "DELETE", "/api/v4/nope", "").expect(t, "twice", 418, "")
	send(t, s, "", "GET", "/api/v4/nope", "").expect(t, "then GitLab", 404, bodyRouteNotFound)
}

func TestFaultCutConnection(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	s.InjectFault(fakegitlab.CutConnection("POST", "/api/v4/applications"))
	if _, err := rawPost(t, s, fakegitlab.AdminToken, "/api/v4/applications", validApp); err == nil {
		t.Fatal("an answer came through a cut connection")
	}
	if n := len(s.Applications()); n != 0 {
		t.Errorf("a request cut before the work created %d applications", n)
	}
	if r := s.Requests(); len(r) != 1 || r[0].Status != 0 {
		t.Errorf("request log %+v", r)
	}
}

func TestFaultLoseAnswer(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	s.InjectFault(fakegitlab.LoseAnswer("POST", "/api/v4/user/applications"))
	if _, err := rawPost(t, s, fakegitlab.UserToken, "/api/v4/user/applications", validApp); err == nil {
		t.Fatal("a lost answer arrived")
	}
	apps := s.Applications()
	if len(apps) != 1 || apps[0].Name != "ci" || apps[0].OwnerID != s.UserID(fakegitlab.UserToken) {
		t.Fatalf("after a lost answer: %+v, want the application created", apps)
	}
	// Renewing with a lost answer: the secret changed, but nobody knows the new one.
	id := s.SeedApplications(fakegitlab.InstanceOwner, 1, "i")[0].ID
	s.InjectFault(fakegitlab.LoseAnswer("POST", "/api/v4/applications/:id/renew-secret"))
	path := "/api/v4/applications/" + jsonString(id) + "/renew-secret"
	before := len(s.IssuedSecrets())
	if _, err := rawPost(t, s, fakegitlab.AdminToken, path, ""); err == nil {
		t.Fatal("a lost answer arrived")
	}
	if len(s.IssuedSecrets()) != before+1 {
		t.Error("the lost renew did not renew")
	}
}

func TestMatchPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"", "/api/v4/anything", true},
		{"/api/v4/applications", "/api/v4/applications", true},
		{"/api/v4/applications", "/api/v4/applications/1/renew-secret", false},
		{"/api/v4/applications/", "/api/v4/applications/1/renew-secret", true},
		{"/api/v4/applications/", "/api/v4/applications", false},
		{"/api/v4/applications*", "/api/v4/applications", true},
		{"/api/v4/applications/:id/renew-secret", "/api/v4/applications/17/renew-secret", true},
		{"/api/v4/applications/:id/renew-secret", "/api/v4/applications/17", false},
		{"/api/v4/user/applications/:id", "/api/v4/user/applications", false},
	} {
		if got := fakegitlab.MatchPath(tc.pattern, tc.path); got != tc.want {
			t.Errorf("%q matches %q: %v, want %v", tc.pattern, tc.path, got, tc.want)
		}
	}
}

func TestFaultPaths(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	s.InjectFault(fakegitlab.Fault{Method: "POST", Path: "/api/v4/applications", Kind: fakegitlab.FaultStatus, Status: 500, Times: -1})
	for range 3 {
		send(t, s, fakegitlab.AdminToken, "POST", "/api/v4/applications", validApp).expect(t, "every time", 500, "")
	}
	send(t, s, fakegitlab.AdminToken, "GET", "/api/v4/applications", "").expect(t, "other method", 200, "[]")
}

func TestFaultReplaceAnswerAndAddHeader(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	s.InjectFault(fakegitlab.ReplaceAnswer("POST", "/api/v4/applications", http.StatusCreated, http.Header{"Content-Type": {"text/html"}}, "<html>ok</html>"))
	a := send(t, s, fakegitlab.AdminToken, "POST", "/api/v4/applications", validApp).expect(t, "replaced", 201, "<html>ok</html>")
	if a.header.Get("Content-Type") != "text/html" {
		t.Errorf("replaced answer's headers %v", a.header)
	}
	if n := len(s.Applications()); n != 1 {
		t.Errorf("%d applications: the work must be done before the answer is replaced", n)
	}
	s.InjectFault(fakegitlab.AddHeader("POST", "/api/v4/applications", http.Header{"Link": {`<x>; rel`}}))
	a = send(t, s, fakegitlab.AdminToken, "POST", "/api/v4/applications", validApp).expect(t, "with a header", 201, "*")
	if a.header.Get("Link") != `<x>; rel` || a.header.Get("Content-Type") != "application/json" || !strings.Contains(a.body, `"secret"`) {
		t.Errorf("GitLab's answer with an added header: %v %s", a.header, a.body)
	}
}

// TestFaultLateWork: a proxy's 504 at once, the application only later, and WaitLateWork waits for it;
// FaultsApplied counts what broke a request.
func TestFaultLateWork(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	s.InjectFault(fakegitlab.LateWork("POST", "/api/v4/applications", 100*time.Millisecond))
	start := time.Now()
	send(t, s, fakegitlab.AdminToken, "POST", "/api/v4/applications", validApp).expect(t, "proxy gave up", 504, "*")
	if n := len(s.Applications()); n != 0 {
		t.Errorf("%d applications right after the 504, want 0", n)
	}
	s.WaitLateWork()
	if n := len(s.Applications()); n != 1 || time.Since(start) < 100*time.Millisecond {
		t.Errorf("%d applications after %v, want 1 after 100ms", n, time.Since(start))
	}
	s.InjectFault(fakegitlab.Slow("GET", "/api/v4/applications", 50*time.Millisecond))
	start = time.Now()
	send(t, s, fakegitlab.AdminToken, "GET", "/api/v4/applications", "").expect(t, "slow", 200, "*")
	if time.Since(start) < 50*time.Millisecond {
		t.Errorf("a slow answer came after %v", time.Since(start))
	}
	if got := s.FaultsApplied(); got[fakegitlab.FaultLateWork] != 1 || got[fakegitlab.FaultSlow] != 1 {
		t.Errorf("faults applied %v", got)
	}
}
