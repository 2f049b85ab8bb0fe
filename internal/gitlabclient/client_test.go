package gitlabclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

func newTestClient(t *testing.T, baseURL, token string) *Client {
	t.Helper()
	c, err := New(Config{BaseURL: baseURL, Token: token, Retries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var createOpts = CreateOptions{Name: "app", RedirectURI: "https://app.example.com/cb", Scopes: []string{"openid", "read_user"}, Confidential: true}

func TestAPIURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                                   "https://gitlab.com/api/v4/",
		"https://gitlab.example.com":         "https://gitlab.example.com/api/v4/",
		"https://gitlab.example.com/":        "https://gitlab.example.com/api/v4/",
		"https://gitlab.example.com/api/v4":  "https://gitlab.example.com/api/v4/",
		"https://gitlab.example.com/api/v4/": "https://gitlab.example.com/api/v4/",
		"https://example.com/gitlab/api/v4/": "https://example.com/gitlab/api/v4/",
		"http://127.0.0.1:8080":              "http://127.0.0.1:8080/api/v4/",
	} {
		if got, err := apiURL(in); err != nil || got != want {
			t.Errorf("apiURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"gitlab.example.com", "ftp://gitlab.example.com", "https://"} {
		if _, err := apiURL(bad); err == nil {
			t.Errorf("apiURL(%q) accepted", bad)
		}
	}
}

func TestApplicationsRoundTrip(t *testing.T) {
	fake := fakegitlab.NewTestServer(t, fakegitlab.Options{})
	ctx := context.Background()
	admin := newTestClient(t, fake.URL(), fakegitlab.AdminToken)

	app, err := admin.CreateInstanceApplication(ctx, createOpts)
	if err != nil {
		t.Fatal(err)
	}
	if app.Secret == "" || app.ApplicationID == "" || app.Name != "app" || len(app.Scopes) != 2 || !app.Confidential {
		t.Errorf("created %+v", app)
	}
	renewed, err := admin.RenewInstanceApplicationSecret(ctx, app.ID)
	if err != nil || renewed.Secret == app.Secret || renewed.ID != app.ID {
		t.Errorf("renewed %+v, %v", renewed, err)
	}
	if !fake.IsValidSecret(app.ID, renewed.Secret) || fake.IsValidSecret(app.ID, app.Secret) {
		t.Error("the renewed secret is not the only valid one")
	}
	if err := admin.DeleteInstanceApplication(ctx, app.ID); err != nil {
		t.Fatal(err)
	}
	if err := admin.DeleteInstanceApplication(ctx, app.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting twice: %v, want ErrNotFound", err)
	}

	user := newTestClient(t, fake.URL(), fakegitlab.UserToken)
	mine, err := user.CreateUserApplication(ctx, createOpts)
	if err != nil {
		t.Fatal(err)
	}
	name := "renamed"
	updated, err := user.UpdateUserApplication(ctx, mine.ID, UpdateOptions{Name: &name})
	if err != nil || updated.Name != "renamed" || len(updated.Scopes) != 2 || updated.Secret != "" {
		t.Errorf("updated %+v, %v", updated, err)
	}
	got, err := user.GetUserApplication(ctx, mine.ID)
	if err != nil || got.Name != "renamed" {
		t.Errorf("got %+v, %v", got, err)
	}
}

func TestListUserApplicationsReadsEveryPage(t *testing.T) {
	fake := fakegitlab.NewTestServer(t, fakegitlab.Options{})
	fake.SeedApplications(fake.UserID(fakegitlab.UserToken), 250, "mine")
	fake.SeedApplications(fake.UserID(fakegitlab.OtherUserToken), 5, "theirs")
	apps, err := newTestClient(t, fake.URL(), fakegitlab.UserToken).ListUserApplications(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(apps) != 250 || apps[0].Name != "mine-00001" || apps[249].Name != "mine-00250" {
		t.Errorf("listed %d applications", len(apps))
	}
	if n := fake.CountRequests(http.MethodGet, "/api/v4/user/applications"); n != 3 {
		t.Errorf("%d list requests, want 3 pages of 100", n)
	}
}

func TestScopesNilWhenGitLabDoesNotReportThem(t *testing.T) {
	for _, omit := range []bool{false, true} {
		fake := fakegitlab.NewTestServer(t, fakegitlab.Options{OmitScopes: omit})
		app, err := newTestClient(t, fake.URL(), fakegitlab.AdminToken).CreateInstanceApplication(context.Background(), createOpts)
		if err != nil {
			t.Fatal(err)
		}
		if (app.Scopes == nil) != omit {
			t.Errorf("OmitScopes=%v: scopes %#v", omit, app.Scopes)
		}
	}
}

func TestErrorsTellWhatHappened(t *testing.T) {
	ctx := context.Background()
	fake := fakegitlab.NewTestServer(t, fakegitlab.Options{Scopes: []string{"api", "openid"}})
	old := fakegitlab.NewTestServer(t, fakegitlab.Options{NoUserApplications: true, NoRenewSecret: true})
	fake.AddToken(fake.UserID(fakegitlab.UserToken), "read-only", fakegitlab.TokenOptions{ReadOnly: true})
	theirs := fake.SeedApplications(fake.UserID(fakegitlab.OtherUserToken), 1, "theirs")[0]
	instance := fake.SeedApplications(0, 1, "instance")[0]
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html><body>502 Bad Gateway</body></html>"))
	}))
	t.Cleanup(html.Close)

	user := newTestClient(t, fake.URL(), fakegitlab.UserToken)
	for _, tc := range []struct {
		name    string
		call    func() error
		want    error
		message string
	}{
		{"deleted application", func() error { _, err := user.GetUserApplication(ctx, 999); return err }, ErrNotFound, "404 Application Not Found"},
		{"someone else's application", func() error { _, err := user.GetUserApplication(ctx, theirs.ID); return err }, ErrForbidden, "403 Forbidden"},
		{"an instance application on the user route", func() error { _, err := user.GetUserApplication(ctx, instance.ID); return err }, ErrForbidden, ""},
		{"GitLab older than 19.0", func() error {
			_, err := newTestClient(t, old.URL(), fakegitlab.UserToken).GetUserApplication(ctx, 1)
			return err
		}, ErrUserApplicationsUnsupported, "404 Not Found"},
		{"GitLab older than 16.11", func() error {
			_, err := newTestClient(t, old.URL(), fakegitlab.AdminToken).RenewInstanceApplicationSecret(ctx, 1)
			return err
		}, ErrRenewUnsupported, ""},
		{"unknown token", func() error { _, err := newTestClient(t, fake.URL(), "nope").CurrentUser(ctx); return err }, ErrUnauthorized, "401 Unauthorized"},
		{"not an administrator", func() error { _, err := user.ListInstanceApplications(ctx); return err }, ErrForbidden, ""},
		{"read-only token", func() error {
			_, err := newTestClient(t, fake.URL(), "read-only").CreateUserApplication(ctx, createOpts)
			return err
		}, ErrInsufficientScope, "insufficient_scope"},
		{"validation", func() error {
			_, err := user.CreateUserApplication(ctx, CreateOptions{Name: "x", RedirectURI: "https://x.example.com/cb", Scopes: []string{"read_user"}})
			return err
		}, nil, "scopes doesn't match configured on the server."},
		{"a proxy's page", func() error { _, err := newTestClient(t, html.URL, "t").CurrentUser(ctx); return err }, ErrNotGitLab, "does not look like a GitLab API"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if err == nil {
				t.Fatal("no error")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("%v is not %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.message) {
				t.Errorf("%q does not say %q", err, tc.message)
			}
			if !errors.Is(tc.want, ErrNotFound) && errors.Is(err, ErrNotFound) {
				t.Errorf("%v is mistaken for a deleted application", err)
			}
		})
	}

	_, err := user.CreateUserApplication(ctx, CreateOptions{Name: " ", RedirectURI: "https://x.example.com/cb#f", Scopes: []string{"api"}})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || len(apiErr.Fields["name"]) != 1 || apiErr.Fields["redirect_uri"][0] != "cannot contain a fragment." {
		t.Errorf("validation error %#v", err)
	}
}

func TestRetries(t *testing.T) {
	ctx := context.Background()
	t.Run("429 waits for Retry-After, also for a POST", func(t *testing.T) {
		fake := fakegitlab.NewTestServer(t, fakegitlab.Options{})
		fake.InjectFault(fakegitlab.RateLimited(http.MethodPost, "/api/v4/applications", 1))
		if _, err := newTestClient(t, fake.URL(), fakegitlab.AdminToken).CreateInstanceApplication(ctx, createOpts); err != nil {
			t.Fatal(err)
		}
		reqs := fake.Requests()
		posts := []time.Time{}
		for _, r := range reqs {
			if r.Method == http.MethodPost {
				posts = append(posts, r.Time)
			}
		}
		if len(posts) != 2 || posts[1].Sub(posts[0]) < 900*time.Millisecond {
			t.Errorf("posts at %v, want two, a second apart", posts)
		}
	})
	t.Run("5xx and cut connections retried for GET", func(t *testing.T) {
		fake := fakegitlab.NewTestServer(t, fakegitlab.Options{})
		fake.InjectFault(fakegitlab.HTMLError(http.MethodGet, "/api/v4/applications", http.StatusServiceUnavailable))
		fake.InjectFault(fakegitlab.Fault{Method: http.MethodGet, Path: "/api/v4/applications", Kind: fakegitlab.FaultCutConnection})
		if _, err := newTestClient(t, fake.URL(), fakegitlab.AdminToken).ListInstanceApplications(ctx); err != nil {
			t.Fatal(err)
		}
		if n := fake.CountRequests(http.MethodGet, "/api/v4/applications"); n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
	})
	t.Run("a POST that may have reached GitLab is not resent", func(t *testing.T) {
		for _, kind := range []fakegitlab.FaultKind{fakegitlab.FaultStatus, fakegitlab.FaultCutConnection} {
			fake := fakegitlab.NewTestServer(t, fakegitlab.Options{})
			app := fake.SeedApplications(0, 1, "app")[0]
			fake.InjectFault(fakegitlab.Fault{Method: http.MethodPost, Path: "/api/v4/applications/", Kind: kind, Status: http.StatusBadGateway})
			if _, err := newTestClient(t, fake.URL(), fakegitlab.AdminToken).RenewInstanceApplicationSecret(ctx, app.ID); err == nil {
				t.Error("no error")
			}
			if n := len(fake.Requests()); n != 1 {
				t.Errorf("fault %v: %d requests, want 1", kind, n)
			}
		}
	})
	t.Run("retries are bounded", func(t *testing.T) {
		fake := fakegitlab.NewTestServer(t, fakegitlab.Options{})
		fake.InjectFault(fakegitlab.Fault{Method: http.MethodGet, Kind: fakegitlab.FaultStatus, Status: http.StatusBadGateway, Times: 10})
		if _, err := newTestClient(t, fake.URL(), fakegitlab.AdminToken).CurrentUser(ctx); err == nil {
			t.Error("no error")
		}
		if n := len(fake.Requests()); n != 3 {
			t.Errorf("%d requests, want 1 + 2 retries", n)
		}
	})
	t.Run("cancelling stops a wait at once", func(t *testing.T) {
		fake := fakegitlab.NewTestServer(t, fakegitlab.Options{})
		fake.InjectFault(fakegitlab.RateLimited("", "", 60))
		ctx, cancel := context.WithCancel(ctx)
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		_, err := newTestClient(t, fake.URL(), fakegitlab.AdminToken).CurrentUser(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
		if waited := time.Since(start); waited > 5*time.Second {
			t.Errorf("returned after %v", waited)
		}
	})
}

func TestRateLimitWait(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		header http.Header
		want   time.Duration
		ok     bool
	}{
		{http.Header{"Retry-After": {"3"}}, 3 * time.Second, true},
		{http.Header{"Retry-After": {now.Add(5 * time.Second).Format(http.TimeFormat)}}, 5 * time.Second, true},
		{http.Header{"Ratelimit-Reset": {strconv.FormatInt(now.Add(7*time.Second).Unix(), 10)}}, 7 * time.Second, true},
		{http.Header{"Retry-After": {"86400"}}, maxRateLimitWait, true},
		{http.Header{"Retry-After": {"soon"}}, 0, false},
		{http.Header{}, 0, false},
	} {
		got, ok := rateLimitWait(tc.header, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%v: %v %v, want %v %v", tc.header, got, ok, tc.want, tc.ok)
		}
	}
}

func TestInstanceSnapshot(t *testing.T) {
	ctx := context.Background()
	fake := fakegitlab.NewTestServer(t, fakegitlab.Options{})
	apps := fake.SeedApplications(0, 30, "app")
	fake.InjectFault(fakegitlab.Fault{Method: http.MethodGet, Path: "/api/v4/applications", Kind: fakegitlab.FaultDelay, Delay: 50 * time.Millisecond})
	c := newTestClient(t, fake.URL(), fakegitlab.AdminToken)

	var wg sync.WaitGroup
	for _, app := range apps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got, err := c.InstanceApplication(ctx, app.ID); err != nil || got.Name != app.Name {
				t.Errorf("application %d: %+v, %v", app.ID, got, err)
			}
		}()
	}
	wg.Wait()
	if n := fake.CountRequests(http.MethodGet, "/api/v4/applications"); n != 1 {
		t.Errorf("30 concurrent reads listed %d times, want once", n)
	}

	// A write of this client drops the snapshot: the next read sees GitLab as it is now.
	if err := c.DeleteInstanceApplication(ctx, apps[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.InstanceApplication(ctx, apps[0].ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("read after delete: %v, want ErrNotFound", err)
	}
	if n := fake.CountRequests(http.MethodGet, "/api/v4/applications"); n != 2 {
		t.Errorf("%d lists, want 2", n)
	}
}

func TestUserSnapshotAsksGitLabForWhatItMisses(t *testing.T) {
	ctx := context.Background()
	fake := fakegitlab.NewTestServer(t, fakegitlab.Options{})
	mine := fake.SeedApplications(fake.UserID(fakegitlab.UserToken), 150, "mine")
	theirs := fake.SeedApplications(fake.UserID(fakegitlab.OtherUserToken), 1, "theirs")[0]
	c := newTestClient(t, fake.URL(), fakegitlab.UserToken)
	for _, app := range mine {
		if got, err := c.UserApplication(ctx, app.ID); err != nil || got.Name != app.Name {
			t.Fatalf("application %d: %+v, %v", app.ID, got, err)
		}
	}
	if lists, gets := fake.CountRequests(http.MethodGet, "/api/v4/user/applications"), len(fake.Requests())-2; lists != 2 || gets != 0 {
		t.Errorf("150 reads cost %d list pages and %d other requests, want 2 and 0", lists, gets)
	}
	if _, err := c.UserApplication(ctx, theirs.ID); !errors.Is(err, ErrForbidden) {
		t.Errorf("someone else's application: %v, want ErrForbidden", err)
	}
	if _, err := c.UserApplication(ctx, 99999); !errors.Is(err, ErrNotFound) {
		t.Errorf("a deleted application: %v, want ErrNotFound", err)
	}
}
