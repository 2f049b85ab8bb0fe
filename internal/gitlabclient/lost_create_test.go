package gitlabclient

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The recovery of lost creates, as a user sees it: the application they get, what GitLab holds after,
// and what an error or a warning names.

func TestLostCreateOfTwinsEndsOnTwoApplications(t *testing.T) {
	g := newTestGitLab(t)
	g.fault(testFault{method: http.MethodPost, path: "/api/v4/applications", cut: true, afterWork: true, times: 2})
	c := g.client(t, adminToken)
	var wg sync.WaitGroup
	apps := make([]*Application, 2)
	for i := range apps {
		wg.Go(func() {
			var err error
			if apps[i], err = c.CreateInstanceApplication(context.Background(), createOpts); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if apps[0].ID == apps[1].ID {
		t.Fatalf("both twins adopted application %d", apps[0].ID)
	}
	if n := len(g.sorted(0)); n != 2 {
		t.Errorf("GitLab holds %d applications, want 2", n)
	}
	// Each adopted with a secret of its own: one renewal each, none of the other's.
	for _, app := range apps {
		if n := g.count(http.MethodPost, "/api/v4/applications/"+strconv.FormatInt(app.ID, 10)+"/renew-secret"); n != 1 || app.Secret == "" {
			t.Errorf("application %d renewed %d times, want once", app.ID, n)
		}
	}
}

func TestLostCreateWithTwoCandidatesIsAnErrorNamingThem(t *testing.T) {
	g := newTestGitLab(t)
	// While the create's answer is lost, someone else creates an application alike: nothing tells
	// which one is this create's.
	g.fault(testFault{method: http.MethodPost, path: "/api/v4/user/applications", cut: true, afterWork: true,
		also: func(g *testGitLab) { g.create(2, createOpts.Name, createOpts.RedirectURI, createOpts.Scopes, true) }})
	_, err := g.client(t, userToken).CreateUserApplication(context.Background(), createOpts)
	var left *LeftBehindError
	if !errors.As(err, &left) || !left.Ambiguous || !slices.Equal(left.IDs, []int64{1, 2}) {
		t.Fatalf("error %v, want one naming the candidates 1 and 2", err)
	}
	for _, want := range []string{"ids 1, 2", "DELETE /api/v4/user/applications/:id", "import"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q: %v", want, err)
		}
	}
	if n := g.count(http.MethodDelete, "/api/v4/user/applications/"); n != 0 {
		t.Errorf("%d deletes: a candidate that may be someone else's was deleted", n)
	}
}

func TestLostCreateWaitsForALateCreateBeforeCreatingAgain(t *testing.T) {
	g := newTestGitLab(t)
	g.fault(testFault{method: http.MethodPost, path: "/api/v4/applications", status: http.StatusGatewayTimeout, body: "<html>504</html>"})
	app, err := g.client(t, adminToken, func(cfg *Config) { cfg.LostCreateWait = 300 * time.Millisecond }).CreateInstanceApplication(context.Background(), createOpts)
	if err != nil {
		t.Fatal(err)
	}
	var posts []time.Time
	for _, r := range g.log() {
		if r.Method == http.MethodPost && r.Path == "/api/v4/applications" {
			posts = append(posts, r.Time)
		}
	}
	if len(posts) != 2 || posts[1].Sub(posts[0]) < 300*time.Millisecond {
		t.Errorf("creates at %v, want a second one 300ms after the first", posts)
	}
	if n := len(g.sorted(0)); n != 1 || app.Secret == "" {
		t.Errorf("GitLab holds %d applications, want 1", n)
	}
}

func TestLateDuplicateIsReportedByID(t *testing.T) {
	g := newTestGitLab(t)
	g.fault(testFault{method: http.MethodPost, path: "/api/v4/applications", status: http.StatusGatewayTimeout, body: "<html>504</html>"})
	// The first create lands while the second is on its way, after the wait.
	g.fault(testFault{method: http.MethodPost, path: "/api/v4/applications",
		also: func(g *testGitLab) { g.create(0, createOpts.Name, createOpts.RedirectURI, createOpts.Scopes, true) }})
	var warnings []CallWarning
	ctx := WithWarnings(context.Background(), func(w CallWarning) { warnings = append(warnings, w) })
	app, err := g.client(t, adminToken).CreateInstanceApplication(ctx, createOpts)
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 || !slices.Equal(warnings[0].ApplicationIDs, []int64{1}) || app.ID != 2 {
		t.Fatalf("application %d, warnings %+v; want application 2 and a warning naming application 1", app.ID, warnings)
	}
	if !strings.Contains(warnings[0].Detail, "application 1 ") || !strings.Contains(warnings[0].Detail, "DELETE /api/v4/applications/:id") {
		t.Errorf("the warning does not name the duplicate and how to delete it: %s", warnings[0].Detail)
	}
	if n := len(g.sorted(0)); n != 2 {
		t.Errorf("GitLab holds %d applications, want 2: the duplicate is reported, not deleted", n)
	}
}

func TestDoubleLossNamesTheApplicationLeftBehind(t *testing.T) {
	t.Run("a user application created twice", func(t *testing.T) {
		g := newTestGitLab(t)
		g.fault(testFault{method: http.MethodPost, path: "/api/v4/user/applications", cut: true, afterWork: true, times: 2})
		_, err := g.client(t, userToken).CreateUserApplication(context.Background(), createOpts)
		var left *LeftBehindError
		if !errors.As(err, &left) || !slices.Equal(left.IDs, []int64{2}) || !strings.Contains(err.Error(), "application 2 named") {
			t.Fatalf("error %v, want one naming application 2", err)
		}
		if apps := g.sorted(2); len(apps) != 1 || apps[0].id != 2 {
			t.Errorf("GitLab holds %+v, want application 2 alone (the first one deleted)", apps)
		}
		if n := g.count(http.MethodPost, "/api/v4/user/applications"); n != 2 {
			t.Errorf("%d creates, want 2", n)
		}
	})
	t.Run("an instance application whose renewal is lost too", func(t *testing.T) {
		g := newTestGitLab(t)
		g.fault(testFault{method: http.MethodPost, path: "/api/v4/applications", cut: true, afterWork: true, times: 2})
		_, err := g.client(t, adminToken).CreateInstanceApplication(context.Background(), createOpts)
		var left *LeftBehindError
		if !errors.As(err, &left) || !slices.Equal(left.IDs, []int64{1}) {
			t.Fatalf("error %v, want one naming application 1", err)
		}
	})
	t.Run("a search that fails", func(t *testing.T) {
		g := newTestGitLab(t)
		// The answer is lost, then every list of the recovery fails (the known ids were listed before).
		g.fault(testFault{method: http.MethodPost, path: "/api/v4/user/applications", cut: true, afterWork: true,
			also: func(g *testGitLab) {
				g.faults = append(g.faults, &testFault{method: http.MethodGet, path: "/api/v4/user/applications", status: http.StatusBadGateway, times: 3})
			}})
		_, err := g.client(t, userToken).CreateUserApplication(context.Background(), createOpts)
		var left *LeftBehindError
		if !errors.As(err, &left) || len(left.IDs) != 0 || !strings.Contains(err.Error(), `named "app"`) {
			t.Fatalf("error %v, want one naming the application by name", err)
		}
	})
}
