package gitlabclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var createOpts = CreateOptions{Name: "app", RedirectURI: "https://app.example.com/cb", Scopes: []string{"openid", "read_user"}, Confidential: true}

func TestAPIURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                                      "https://gitlab.com/api/v4/",
		"https://gitlab.example.com":            "https://gitlab.example.com/api/v4/",
		"https://gitlab.example.com/":           "https://gitlab.example.com/api/v4/",
		"https://gitlab.example.com/api/v4":     "https://gitlab.example.com/api/v4/",
		"https://gitlab.example.com/api/v4/":    "https://gitlab.example.com/api/v4/",
		" https://gitlab.example.com/api/v4/ ":  "https://gitlab.example.com/api/v4/",
		"https://example.com/gitlab/api/v4/":    "https://example.com/gitlab/api/v4/",
		"https://example.com/gitlab":            "https://example.com/gitlab/api/v4/",
		"http://127.0.0.1:8080":                 "http://127.0.0.1:8080/api/v4/",
		"HTTPS://gitlab.example.com?x=1#anchor": "https://gitlab.example.com/api/v4/",
	} {
		if got, err := apiURL(in); err != nil || got != want {
			t.Errorf("apiURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"gitlab.example.com", "ftp://gitlab.example.com", "https://", "https://user:pass@gitlab.example.com"} {
		if _, err := apiURL(bad); err == nil {
			t.Errorf("apiURL(%q) accepted", bad)
		}
	}
}

// TestBaseURLForms sends a request through every accepted form of base_url, also for a GitLab installed
// under a relative path.
func TestBaseURLForms(t *testing.T) {
	var paths []string
	var mu sync.Mutex
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"id": 1, "username": "root", "is_admin": true})
	}))
	t.Cleanup(server.Close)
	forms := []string{"", "/", "/api/v4", "/api/v4/", "/gitlab", "/gitlab/api/v4/"}
	for _, form := range forms {
		if _, err := newTestClient(t, server.URL+form, adminToken).CurrentUser(context.Background()); err != nil {
			t.Errorf("base URL %q: %v", form, err)
		}
	}
	want := []string{"/api/v4/user", "/api/v4/user", "/api/v4/user", "/api/v4/user", "/gitlab/api/v4/user", "/gitlab/api/v4/user"}
	if fmt.Sprint(paths) != fmt.Sprint(want) {
		t.Errorf("requested %v, want %v", paths, want)
	}
}

func TestNewSendsNoRequest(t *testing.T) {
	var requests atomic.Int32
	server := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { requests.Add(1) }))
	t.Cleanup(server.Close)
	newTestClient(t, server.URL, adminToken, func(c *Config) { c.Headers = map[string]string{"X-A": "b"} })
	// Nothing listens on an unroutable address either: construction must not care.
	if _, err := New(Config{BaseURL: "https://gitlab.invalid", Token: "t"}); err != nil {
		t.Errorf("New: %v", err)
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("New sent %d requests", n)
	}
}

func TestApplicationsRoundTrip(t *testing.T) {
	g := newTestGitLab(t)
	ctx := context.Background()
	headers := map[string]string{"X-Proxy-Auth": "proxy-credential", "X-Team": "platform"}
	admin := g.client(t, adminToken, func(c *Config) { c.Headers = headers; c.UserAgent = "test-agent/1" })

	app, err := admin.CreateInstanceApplication(ctx, createOpts)
	if err != nil {
		t.Fatal(err)
	}
	if app.Secret == "" || app.ApplicationID == "" || app.Name != "app" || app.RedirectURI != createOpts.RedirectURI ||
		fmt.Sprint(app.Scopes) != "[openid read_user]" || !app.Confidential {
		t.Errorf("created %+v", app)
	}
	post := g.log()[len(g.log())-1]
	if post.Method != http.MethodPost || post.Path != "/api/v4/applications" || post.Body["scopes"] != "openid read_user" ||
		post.Body["confidential"] != true || post.Body["name"] != "app" || post.Body["redirect_uri"] != createOpts.RedirectURI {
		t.Errorf("create sent %s %s %v", post.Method, post.Path, post.Body)
	}
	list, err := admin.ListInstanceApplications(ctx)
	if err != nil || len(list) != 1 || list[0].ID != app.ID || list[0].Secret != "" {
		t.Errorf("listed %+v, %v", list, err)
	}
	renewed, err := admin.RenewInstanceApplicationSecret(ctx, app.ID)
	if err != nil || renewed.Secret == "" || renewed.Secret == app.Secret || renewed.ID != app.ID {
		t.Errorf("renewed %+v, %v", renewed, err)
	}
	if err := admin.DeleteInstanceApplication(ctx, app.ID); err != nil {
		t.Fatal(err)
	}
	if err := admin.DeleteInstanceApplication(ctx, app.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting twice: %v, want ErrNotFound", err)
	}
	// Extra headers, the token (as a Bearer token, which GitLab reads for access and OAuth tokens alike)
	// and the user agent go with every request.
	for _, r := range g.log() {
		if r.Header.Get("X-Proxy-Auth") != "proxy-credential" || r.Header.Get("X-Team") != "platform" ||
			r.Header.Get("Authorization") != "Bearer "+adminToken || r.Header.Get("Private-Token") != "" ||
			r.Header.Get("User-Agent") != "test-agent/1" {
			t.Errorf("%s %s sent headers %v", r.Method, r.Path, r.Header)
		}
	}

	user := g.client(t, userToken)
	public := CreateOptions{Name: "public", RedirectURI: "myapp://cb", Scopes: []string{"read_user"}, Confidential: false}
	mine, err := user.CreateUserApplication(ctx, public)
	if err != nil {
		t.Fatal(err)
	}
	if mine.Confidential || mine.Secret == "" {
		t.Errorf("created %+v", mine)
	}
	if got := g.log()[len(g.log())-1]; got.Path != "/api/v4/user/applications" || got.Body["confidential"] != false {
		t.Errorf("create sent %s %v: confidential=false must be sent, not left to GitLab's default", got.Path, got.Body)
	}
	name := "renamed"
	updated, err := user.UpdateUserApplication(ctx, mine.ID, UpdateOptions{Name: &name})
	if err != nil || updated.Name != "renamed" || fmt.Sprint(updated.Scopes) != "[read_user]" || updated.Secret != "" {
		t.Errorf("updated %+v, %v", updated, err)
	}
	if got := g.log()[len(g.log())-1]; got.Method != http.MethodPut || len(got.Body) != 1 {
		t.Errorf("update sent %s %v, want the name only", got.Method, got.Body)
	}
	if _, err := user.UpdateUserApplication(ctx, mine.ID, UpdateOptions{Scopes: []string{"api", "read_user"}}); err != nil {
		t.Fatal(err)
	}
	if got := g.log()[len(g.log())-1]; got.Body["scopes"] != "api read_user" || got.Body["name"] != nil {
		t.Errorf("update sent %v, want the scopes only, space-separated", got.Body)
	}
	got, err := user.GetUserApplication(ctx, mine.ID)
	if err != nil || got.Name != "renamed" || fmt.Sprint(got.Scopes) != "[api read_user]" {
		t.Errorf("got %+v, %v", got, err)
	}
	if err := user.DeleteUserApplication(ctx, mine.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := user.GetUserApplication(ctx, mine.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: %v, want ErrNotFound", err)
	}
	me, err := user.CurrentUser(ctx)
	if err != nil || me.ID != 2 || me.IsAdmin || me.Username != "user2" {
		t.Errorf("current user %+v, %v", me, err)
	}
}

func TestListUserApplicationsReadsEveryPage(t *testing.T) {
	g := newTestGitLab(t)
	g.seed(2, 250, "mine")
	g.seed(3, 5, "theirs")
	apps, err := g.client(t, userToken).ListUserApplications(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(apps) != 250 || apps[0].Name != "mine-00001" || apps[249].Name != "mine-00250" {
		t.Errorf("listed %d applications", len(apps))
	}
	var queries []string
	for _, r := range g.log() {
		queries = append(queries, r.Query)
	}
	if want := "[page=1&per_page=100 page=2&per_page=100 page=3&per_page=100]"; fmt.Sprint(queries) != want {
		t.Errorf("requests %v, want %s", queries, want)
	}

	empty, err := g.client(t, adminToken).ListUserApplications(context.Background())
	if err != nil || len(empty) != 0 {
		t.Errorf("no applications: %v, %v", empty, err)
	}
}

func TestScopesNilOnlyWhenGitLabOmitsThem(t *testing.T) {
	for body, want := range map[string]string{
		`{"id":1,"application_name":"a"}`:                              "[] nil=true",
		`{"id":1,"application_name":"a","scopes":[]}`:                  "[] nil=false",
		`{"id":1,"application_name":"a","scopes":["api","read_user"]}`: "[api read_user] nil=false",
	} {
		server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, body)
		}))
		app, err := newTestClient(t, server.URL, userToken).GetUserApplication(context.Background(), 1)
		server.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%v nil=%v", app.Scopes, app.Scopes == nil); got != want {
			t.Errorf("%s: scopes %s, want %s", body, got, want)
		}
	}

	// Also through the list, the create and an older GitLab.
	g := newTestGitLab(t)
	g.omitScopes = true
	c := g.client(t, adminToken)
	app, err := c.CreateInstanceApplication(context.Background(), createOpts)
	if err != nil || app.Scopes != nil {
		t.Errorf("create on an older GitLab: %#v, %v", app, err)
	}
	list, err := c.ListInstanceApplications(context.Background())
	if err != nil || len(list) != 1 || list[0].Scopes != nil {
		t.Errorf("list on an older GitLab: %#v, %v", list, err)
	}
}

func TestErrorsTellWhatHappened(t *testing.T) {
	ctx := context.Background()
	g := newTestGitLab(t)
	old := newTestGitLab(t)
	old.noUserApps, old.noRenew = true, true
	theirs := g.seed(3, 1, "theirs")[0]
	instance := g.seed(0, 1, "instance")[0]
	oldInstance := old.seed(0, 1, "instance")[0]
	user, admin := g.client(t, userToken), g.client(t, adminToken)

	for _, tc := range []struct {
		name    string
		call    func() error
		want    []error
		message string
	}{
		{"a deleted user application", func() error { _, err := user.GetUserApplication(ctx, 999); return err },
			[]error{ErrNotFound}, "GitLab answered 404 Not Found to GET /api/v4/user/applications/999: 404 Application Not Found"},
		{"a deleted instance application", func() error { return admin.DeleteInstanceApplication(ctx, 999) },
			[]error{ErrNotFound}, "404 Application Not Found"},
		{"renewing a deleted application", func() error { _, err := admin.RenewInstanceApplicationSecret(ctx, 999); return err },
			[]error{ErrNotFound}, "404 Application Not Found"},
		{"someone else's application", func() error { _, err := user.GetUserApplication(ctx, theirs.id); return err },
			[]error{ErrForbidden}, "GitLab answered 403 Forbidden to GET /api/v4/user/applications/"},
		{"an instance application on the user route", func() error { return user.DeleteUserApplication(ctx, instance.id) },
			[]error{ErrForbidden}, "403 Forbidden"},
		{"not an administrator", func() error { _, err := user.CreateInstanceApplication(ctx, createOpts); return err },
			[]error{ErrForbidden}, "GitLab answered 403 Forbidden to POST /api/v4/applications: 403 Forbidden"},
		{"GitLab older than 19.0: get", func() error { _, err := old.client(t, userToken).GetUserApplication(ctx, 1); return err },
			[]error{ErrUserApplicationsUnsupported}, "404 Not Found"},
		{"GitLab older than 19.0: list", func() error { _, err := old.client(t, userToken).ListUserApplications(ctx); return err },
			[]error{ErrUserApplicationsUnsupported}, "GET /api/v4/user/applications"},
		{"GitLab older than 19.0: create", func() error {
			_, err := old.client(t, userToken).CreateUserApplication(ctx, createOpts)
			return err
		}, []error{ErrUserApplicationsUnsupported}, ""},
		{"GitLab older than 16.11", func() error {
			_, err := old.client(t, adminToken).RenewInstanceApplicationSecret(ctx, oldInstance.id)
			return err
		}, []error{ErrRenewUnsupported}, "404 Not Found"},
		{"an unknown token", func() error { _, err := newTestClient(t, g.URL(), "nope").CurrentUser(ctx); return err },
			[]error{ErrUnauthorized}, "GitLab answered 401 Unauthorized to GET /api/v4/user: 401 Unauthorized"},
		{"an expired token", func() error { _, err := newTestClient(t, g.URL(), expiredToken).CurrentUser(ctx); return err },
			[]error{ErrUnauthorized}, "invalid_token: Token is expired. You can either do re-authorization or token refresh."},
		{"a read-only token", func() error {
			_, err := g.client(t, readOnlyToken).CreateUserApplication(ctx, createOpts)
			return err
		}, []error{ErrInsufficientScope, ErrForbidden}, "insufficient_scope: The request requires higher privileges"},
		{"missing parameters", func() error { _, err := user.CreateUserApplication(ctx, CreateOptions{Confidential: true}); return err },
			nil, "GitLab answered 400 Bad Request to POST /api/v4/user/applications: scopes is empty"},
		{"an unknown scope", func() error {
			_, err := user.CreateUserApplication(ctx, CreateOptions{Name: "x", RedirectURI: "https://x.example.com/cb", Scopes: []string{"bogus"}})
			return err
		}, nil, "scopes doesn't match configured on the server."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if err == nil {
				t.Fatal("no error")
			}
			for _, want := range tc.want {
				if !errors.Is(err, want) {
					t.Errorf("%v is not %v", err, want)
				}
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Errorf("%v is no *APIError", err)
			}
			if !strings.Contains(err.Error(), tc.message) {
				t.Errorf("%q does not say %q", err, tc.message)
			}
			for _, other := range []error{ErrNotFound, ErrUserApplicationsUnsupported, ErrRenewUnsupported, ErrUnauthorized,
				ErrForbidden, ErrInsufficientScope, ErrRateLimited, ErrNotGitLab, ErrNoAnswer} {
				if errors.Is(err, other) && !slices.Contains(tc.want, other) {
					t.Errorf("%v is also %v", err, other)
				}
			}
		})
	}

	_, err := user.CreateUserApplication(ctx, CreateOptions{Name: " ", RedirectURI: "https://x.example.com/cb#f", Scopes: []string{"api"}})
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("validation error %#v", err)
	}
	if apiErr.StatusCode != 400 || apiErr.Method != http.MethodPost || apiErr.Path != "/api/v4/user/applications" ||
		fmt.Sprint(apiErr.Fields) != "map[name:[can't be blank] redirect_uri:[cannot contain a fragment.]]" ||
		fmt.Sprint(apiErr.FieldMessages()) != "[name can't be blank redirect_uri cannot contain a fragment.]" {
		t.Errorf("validation error %#v", apiErr)
	}
	if want := "GitLab answered 400 Bad Request to POST /api/v4/user/applications: name can't be blank; redirect_uri cannot contain a fragment."; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}

func TestAnswersThatAreNotGitLabs(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		status  int
		ctype   string
		body    string
		header  map[string]string
		message []string
	}{
		{"a proxy's error page", http.StatusBadGateway, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>",
			nil, []string{"got 502 Bad Gateway with a text/html answer: <html><body><h1>502 Bad Gateway</h1>"}},
		{"a web page where the API should be", http.StatusOK, "text/html; charset=utf-8", "<!DOCTYPE html><html>Sign in</html>",
			nil, []string{"got 200 OK with HTML or XML, text/html, not JSON"}},
		{"a 404 page of another server", http.StatusNotFound, "text/plain", "404 page not found",
			nil, []string{"got 404 Not Found with a text/plain answer: 404 page not found"}},
		{"an empty error", http.StatusForbidden, "", "", nil, []string{"got 403 Forbidden with an empty answer"}},
		{"a redirect", http.StatusMovedPermanently, "text/html", "<a href>moved</a>",
			map[string]string{"Location": "https://elsewhere.example.com/api/v4/user"},
			[]string{"got 301 Moved Permanently with a redirect to https://elsewhere.example.com/api/v4/user"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var requests atomic.Int32
			server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				requests.Add(1)
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				if tc.ctype != "" {
					w.Header().Set("Content-Type", tc.ctype)
				}
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			}))
			t.Cleanup(server.Close)
			_, err := newTestClient(t, server.URL, adminToken, func(c *Config) { c.Retries = 0 }).CurrentUser(ctx)
			if !errors.Is(err, ErrNotGitLab) {
				t.Fatalf("%v is not ErrNotGitLab", err)
			}
			if errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) {
				t.Errorf("%v is mistaken for GitLab's answer", err)
			}
			want := append([]string{"the base URL " + server.URL + "/api/v4/ does not look like a GitLab API: GET " + server.URL + "/api/v4/user"}, tc.message...)
			for _, w := range want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not say %q", err, w)
				}
			}
			if n := requests.Load(); n != 1 {
				t.Errorf("%d requests: a redirect must not be followed", n)
			}
		})
	}
}

func TestNoAnswer(t *testing.T) {
	ctx := context.Background()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := listener.Addr().String()
	_ = listener.Close() // nothing listens there now
	_, err = newTestClient(t, "http://"+addr, adminToken).CreateInstanceApplication(ctx, createOpts)
	if !errors.Is(err, ErrNoAnswer) || answerMayBeLost(err) {
		t.Errorf("connection refused: %v (lost: %v), want ErrNoAnswer that created nothing", err, answerMayBeLost(err))
	}
	if !strings.Contains(err.Error(), "POST http://"+addr+"/api/v4/applications: no answer from GitLab (no connection could be made") {
		t.Errorf("message %q", err)
	}

	// A success whose body is cut off: GitLab acted, the answer is lost.
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"id":1,"applic`)
	}))
	t.Cleanup(server.Close)
	_, err = newTestClient(t, server.URL, adminToken).GetUserApplication(ctx, 1)
	if !errors.Is(err, ErrNoAnswer) || !answerMayBeLost(err) || errors.Is(err, ErrNotGitLab) {
		t.Errorf("a cut answer: %v (lost: %v), want ErrNoAnswer", err, answerMayBeLost(err))
	}
}

func TestRetries(t *testing.T) {
	ctx := context.Background()
	posts := func(g *testGitLab, path string) []time.Time {
		var times []time.Time
		for _, r := range g.log() {
			if r.Method == http.MethodPost && r.Path == path {
				times = append(times, r.Time)
			}
		}
		return times
	}
	t.Run("a 429 waits for Retry-After, also for a POST", func(t *testing.T) {
		g := newTestGitLab(t)
		g.fault(testFault{method: http.MethodPost, path: "/api/v4/applications", status: http.StatusTooManyRequests,
			header: http.Header{"Retry-After": {"1"}, "Ratelimit-Reset": {strconv.FormatInt(time.Now().Add(30*time.Second).Unix(), 10)}},
			body:   "Retry later\n"})
		if _, err := g.client(t, adminToken).CreateInstanceApplication(ctx, createOpts); err != nil {
			t.Fatal(err)
		}
		times := posts(g, "/api/v4/applications")
		if len(times) != 2 {
			t.Fatalf("%d POSTs, want 2", len(times))
		}
		if gap := times[1].Sub(times[0]); gap < 900*time.Millisecond || gap > 5*time.Second {
			t.Errorf("the retry came after %v, want about 1s (Retry-After wins over RateLimit-Reset)", gap)
		}
	})
	t.Run("a 429 without Retry-After waits for RateLimit-Reset", func(t *testing.T) {
		g := newTestGitLab(t)
		// RateLimit-Reset has a resolution of one second: ask for the second after next.
		reset := time.Now().Truncate(time.Second).Add(2 * time.Second)
		g.fault(testFault{method: http.MethodGet, status: http.StatusTooManyRequests,
			header: http.Header{"Ratelimit-Reset": {strconv.FormatInt(reset.Unix(), 10)}}, body: "Retry later\n"})
		start := time.Now()
		if _, err := g.client(t, adminToken).CurrentUser(ctx); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took < 900*time.Millisecond || took > 4*time.Second || time.Now().Before(reset) {
			t.Errorf("took %v, want to wait until %v", took, reset)
		}
	})
	t.Run("a 429 through every retry is ErrRateLimited", func(t *testing.T) {
		g := newTestGitLab(t)
		g.fault(testFault{status: http.StatusTooManyRequests, header: http.Header{"Retry-After": {"0"}}, body: "Retry later\n", times: 10})
		_, err := g.client(t, adminToken).CurrentUser(ctx)
		if !errors.Is(err, ErrRateLimited) || !strings.Contains(err.Error(), "GitLab answered 429 Too Many Requests to GET /api/v4/user: Retry later") {
			t.Errorf("%v, want ErrRateLimited", err)
		}
		if n := len(g.log()); n != 3 {
			t.Errorf("%d requests, want 1 + 2 retries", n)
		}
	})
	t.Run("5xx and cut connections are retried for GET", func(t *testing.T) {
		g := newTestGitLab(t)
		g.seed(0, 1, "app")
		g.fault(testFault{method: http.MethodGet, path: "/api/v4/applications", status: http.StatusServiceUnavailable,
			header: http.Header{"Content-Type": {"text/html"}}, body: "<html>503</html>"})
		g.fault(testFault{method: http.MethodGet, path: "/api/v4/applications", cut: true})
		apps, err := g.client(t, adminToken).ListInstanceApplications(ctx)
		if err != nil || len(apps) != 1 {
			t.Fatalf("%v, %v", apps, err)
		}
		if n := g.count(http.MethodGet, "/api/v4/applications"); n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
	})
	t.Run("PUT and DELETE are retried too", func(t *testing.T) {
		g := newTestGitLab(t)
		app := g.seed(2, 1, "app")[0]
		g.fault(testFault{method: http.MethodPut, status: http.StatusBadGateway, body: "bad gateway"})
		g.fault(testFault{method: http.MethodDelete, cut: true})
		c := g.client(t, userToken)
		name := "new"
		if _, err := c.UpdateUserApplication(ctx, app.id, UpdateOptions{Name: &name}); err != nil {
			t.Error(err)
		}
		if err := c.DeleteUserApplication(ctx, app.id); err != nil {
			t.Error(err)
		}
		if n := len(g.log()); n != 4 {
			t.Errorf("%d requests, want 4", n)
		}
	})
	t.Run("a POST that may have reached GitLab is sent once", func(t *testing.T) {
		for _, f := range []testFault{
			{method: http.MethodPost, status: http.StatusServiceUnavailable, body: `{"message":"503 Service Unavailable"}`},
			{method: http.MethodPost, status: http.StatusInternalServerError, body: `{"message":"500 Internal Server Error"}`},
			{method: http.MethodPost, cut: true},
		} {
			g := newTestGitLab(t)
			app := g.seed(0, 1, "app")[0]
			g.fault(f)
			_, err := g.client(t, adminToken).RenewInstanceApplicationSecret(ctx, app.id)
			if err == nil {
				t.Error("no error")
			}
			if n := len(g.log()); n != 1 {
				t.Errorf("status %d, cut %v: %d requests, want 1", f.status, f.cut, n)
			}
			if f.cut && !errors.Is(err, ErrNoAnswer) {
				t.Errorf("a cut connection: %v, want ErrNoAnswer", err)
			}
		}
	})
	t.Run("retries are bounded", func(t *testing.T) {
		for retries, want := range map[int]int{0: 1, 1: 2, 3: 4} {
			g := newTestGitLab(t)
			g.fault(testFault{method: http.MethodGet, status: http.StatusBadGateway, times: 10})
			_, err := g.client(t, adminToken, func(c *Config) { c.Retries = retries }).CurrentUser(ctx)
			if err == nil {
				t.Error("no error")
			}
			if n := len(g.log()); n != want {
				t.Errorf("retries %d: %d requests, want %d", retries, n, want)
			}
		}
	})
	t.Run("501 and 4xx are not retried", func(t *testing.T) {
		g := newTestGitLab(t)
		g.fault(testFault{method: http.MethodGet, status: http.StatusNotImplemented, body: `{"message":"501 Not Implemented"}`})
		if _, err := g.client(t, adminToken).CurrentUser(ctx); err == nil {
			t.Error("no error")
		}
		if _, err := g.client(t, "nope").CurrentUser(ctx); !errors.Is(err, ErrUnauthorized) {
			t.Errorf("%v, want ErrUnauthorized", err)
		}
		if n := len(g.log()); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})
	t.Run("cancelling stops a Retry-After wait at once", func(t *testing.T) {
		g := newTestGitLab(t)
		g.fault(testFault{method: http.MethodPost, status: http.StatusTooManyRequests, header: http.Header{"Retry-After": {"60"}}, body: "Retry later\n"})
		ctx, cancel := context.WithCancel(ctx)
		time.AfterFunc(200*time.Millisecond, cancel)
		start := time.Now()
		_, err := g.client(t, adminToken).CreateInstanceApplication(ctx, createOpts)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
		if waited := time.Since(start); waited > 2*time.Second {
			t.Errorf("returned after %v", waited)
		}
		if n := len(g.log()); n != 2 { // the list that learns the known ids, then the create
			t.Errorf("%d requests, want 2", n)
		}
	})
	t.Run("a deadline stops a backoff too", func(t *testing.T) {
		g := newTestGitLab(t)
		g.fault(testFault{method: http.MethodGet, status: http.StatusBadGateway, times: 10})
		ctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := g.client(t, adminToken, func(c *Config) { c.RetryWaitMin, c.RetryWaitMax = 30*time.Second, time.Minute }).CurrentUser(ctx)
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
			t.Errorf("%v after %v, want context.DeadlineExceeded at once", err, time.Since(start))
		}
	})
}

func TestBackoff(t *testing.T) {
	minWait, maxWait := 100*time.Millisecond, time.Second
	for attempt, ms := range []int{100, 200, 400, 800, 1000, 1000, 1000} {
		ceiling := time.Duration(ms) * time.Millisecond
		for range 50 {
			got := backoff(minWait, maxWait, attempt, nil)
			if got < minWait || got > maxWait || got > ceiling || got < ceiling*3/4 {
				t.Fatalf("attempt %d: %v, want within [%v, %v]", attempt, got, max(minWait, ceiling*3/4), ceiling)
			}
		}
	}
	if got := backoff(minWait, maxWait, 1000, nil); got < minWait || got > maxWait {
		t.Errorf("attempt 1000: %v", got)
	}
	limited := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"7"}}}
	if got := backoff(minWait, maxWait, 0, limited); got != 7*time.Second {
		t.Errorf("429 with Retry-After 7: %v", got)
	}
	unavailable := &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{"Retry-After": {"3600"}}}
	if got := backoff(minWait, maxWait, 0, unavailable); got != maxWait {
		t.Errorf("503 with Retry-After 3600: %v, want RetryWaitMax", got)
	}
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
		{http.Header{"Retry-After": {now.Add(-5 * time.Second).Format(http.TimeFormat)}}, 0, true},
		{http.Header{"Ratelimit-Reset": {strconv.FormatInt(now.Add(7*time.Second).Unix(), 10)}}, 7 * time.Second, true},
		{http.Header{"Retry-After": {"2"}, "Ratelimit-Reset": {strconv.FormatInt(now.Add(7*time.Second).Unix(), 10)}}, 2 * time.Second, true},
		{http.Header{"Retry-After": {"86400"}}, maxRateLimitWait, true},
		{http.Header{"Retry-After": {"99999999999999999"}}, maxRateLimitWait, true},
		{http.Header{"Retry-After": {"soon"}}, 0, false},
		{http.Header{}, 0, false},
	} {
		got, ok := rateLimitWait(tc.header, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%v: %v %v, want %v %v", tc.header, got, ok, tc.want, tc.ok)
		}
	}
}

// TestLostCreates checks what a create does when its answer may be lost: find what it created, or
// create again when it created nothing, and never leave a duplicate.
func TestLostCreates(t *testing.T) {
	ctx := context.Background()
	t.Run("an instance application created before the answer was lost is adopted", func(t *testing.T) {
		g := newTestGitLab(t)
		g.seed(0, 1, "app") // same attributes as the create, but known before it: not adopted
		same := createOpts
		same.Name, same.Scopes = "app-00001", []string{"read_user"}
		g.fault(testFault{method: http.MethodPost, path: "/api/v4/applications", cut: true, afterWork: true})
		app, err := g.client(t, adminToken).CreateInstanceApplication(ctx, same)
		if err != nil {
			t.Fatal(err)
		}
		if app.ID != 2 || app.Secret == "" {
			t.Errorf("adopted %+v, want application 2 with a renewed secret", app)
		}
		if n := len(g.sorted(0)); n != 2 {
			t.Errorf("%d instance applications, want 2", n)
		}
		if n := g.count(http.MethodPost, "/api/v4/applications/2/renew-secret"); n != 1 {
			t.Errorf("%d renewals, want 1", n)
		}
	})
	t.Run("a create that a proxy answered with 502 before GitLab acted is sent again", func(t *testing.T) {
		g := newTestGitLab(t)
		g.fault(testFault{method: http.MethodPost, path: "/api/v4/applications", status: http.StatusBadGateway, body: "<html>502</html>"})
		app, err := g.client(t, adminToken).CreateInstanceApplication(ctx, createOpts)
		if err != nil {
			t.Fatal(err)
		}
		if n := g.count(http.MethodPost, "/api/v4/applications"); n != 2 || len(g.sorted(0)) != 1 || app.Secret == "" {
			t.Errorf("%d creates, %d applications, want 2 and 1", n, len(g.sorted(0)))
		}
	})
	t.Run("a user application created before the answer was lost is replaced", func(t *testing.T) {
		g := newTestGitLab(t)
		g.fault(testFault{method: http.MethodPost, path: "/api/v4/user/applications", status: http.StatusGatewayTimeout, afterWork: true})
		app, err := g.client(t, userToken).CreateUserApplication(ctx, createOpts)
		if err != nil {
			t.Fatal(err)
		}
		if apps := g.sorted(2); len(apps) != 1 || apps[0].id != app.ID || app.Secret == "" {
			t.Errorf("created %+v; GitLab has %d", app, len(apps))
		}
		if n := g.count(http.MethodDelete, "/api/v4/user/applications/1"); n != 1 {
			t.Errorf("%d deletes of the orphan, want 1", n)
		}
	})
	t.Run("a refused create is not reconciled", func(t *testing.T) {
		g := newTestGitLab(t)
		_, err := g.client(t, userToken).CreateUserApplication(ctx, CreateOptions{Name: " ", RedirectURI: "https://x.example.com/cb", Scopes: []string{"api"}})
		if err == nil {
			t.Fatal("no error")
		}
		if n := g.count(http.MethodPost, "/api/v4/user/applications"); n != 1 {
			t.Errorf("%d creates, want 1", n)
		}
	})
}

func TestInstanceSnapshot(t *testing.T) {
	ctx := context.Background()
	g := newTestGitLab(t)
	apps := g.seed(0, 30, "app")
	g.fault(testFault{method: http.MethodGet, path: "/api/v4/applications", delay: 50 * time.Millisecond, status: 0})
	c := g.client(t, adminToken)

	var wg sync.WaitGroup
	for _, app := range apps {
		wg.Go(func() {
			if got, err := c.InstanceApplicationFromSnapshot(ctx, app.id); err != nil || got.Name != app.name {
				t.Errorf("application %d: %+v, %v", app.id, got, err)
			}
		})
	}
	wg.Wait()
	if n := g.count(http.MethodGet, "/api/v4/applications"); n != 1 {
		t.Errorf("30 concurrent reads listed %d times, want once", n)
	}
	// ListInstanceApplications is a plain call: it always asks GitLab.
	if _, err := c.ListInstanceApplications(ctx); err != nil {
		t.Fatal(err)
	}
	if n := g.count(http.MethodGet, "/api/v4/applications"); n != 2 {
		t.Errorf("%d lists, want 2", n)
	}
	// A write of this client drops the snapshot: the next read sees GitLab as it is now.
	if err := c.DeleteInstanceApplication(ctx, apps[0].id); err != nil {
		t.Fatal(err)
	}
	if _, err := c.InstanceApplicationFromSnapshot(ctx, apps[0].id); !errors.Is(err, ErrNotFound) {
		t.Errorf("read after delete: %v, want ErrNotFound", err)
	}
	if n := g.count(http.MethodGet, "/api/v4/applications"); n != 3 {
		t.Errorf("%d lists, want 3", n)
	}
}

func TestUserSnapshotAsksGitLabForWhatItMisses(t *testing.T) {
	ctx := context.Background()
	g := newTestGitLab(t)
	mine := g.seed(2, 150, "mine")
	theirs := g.seed(3, 1, "theirs")[0]
	c := g.client(t, userToken)
	for _, app := range mine {
		if got, err := c.UserApplicationFromSnapshot(ctx, app.id); err != nil || got.Name != app.name {
			t.Fatalf("application %d: %+v, %v", app.id, got, err)
		}
	}
	if lists, all := g.count(http.MethodGet, "/api/v4/user/applications"), len(g.log()); lists != 2 || all != 2 {
		t.Errorf("150 reads cost %d list pages and %d requests, want 2 and 2", lists, all)
	}
	if _, err := c.UserApplicationFromSnapshot(ctx, theirs.id); !errors.Is(err, ErrForbidden) {
		t.Errorf("someone else's application: %v, want ErrForbidden", err)
	}
	if _, err := c.UserApplicationFromSnapshot(ctx, 99999); !errors.Is(err, ErrNotFound) {
		t.Errorf("a deleted application: %v, want ErrNotFound", err)
	}
}
