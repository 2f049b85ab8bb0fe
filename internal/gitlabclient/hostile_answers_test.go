package gitlabclient

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	gl "gitlab.com/gitlab-org/api/client-go/v2"
)

// Answers that no GitLab gives, from a proxy, a load balancer or a broken server: none may put a
// credential into an error, crash the provider, make it work without end, or lose an application.

const (
	proxyHeaderValue = "proxy-credential-4f9a2c"
	leakedSecret     = "gloas-leaked-secret-7d1e0b"
)

// hostileClient is a client of server with the token and an extra header whose value is a credential.
func hostileClient(t *testing.T, baseURL string, tune ...func(*Config)) *Client {
	t.Helper()
	return newTestClient(t, baseURL, adminToken, append([]func(*Config){func(c *Config) {
		c.Retries = 0
		c.Headers = map[string]string{"X-Proxy-Auth": proxyHeaderValue}
	}}, tune...)...)
}

// route is one call of the client, named by what it sends.
type route struct {
	name string
	call func(context.Context, *Client) error
}

// everyRoute calls each of the client's requests once.
var everyRoute = []route{
	{"GET /user", func(ctx context.Context, c *Client) error { _, err := c.CurrentUser(ctx); return err }},
	{"GET /applications", func(ctx context.Context, c *Client) error { _, err := c.ListInstanceApplications(ctx); return err }},
	{"POST /applications", func(ctx context.Context, c *Client) error {
		_, err := c.CreateInstanceApplication(ctx, createOpts)
		return err
	}},
	{"POST /applications/1/renew-secret", func(ctx context.Context, c *Client) error {
		_, err := c.RenewInstanceApplicationSecret(ctx, 1)
		return err
	}},
	{"DELETE /applications/1", func(ctx context.Context, c *Client) error { return c.DeleteInstanceApplication(ctx, 1) }},
	{"GET /user/applications", func(ctx context.Context, c *Client) error { _, err := c.ListUserApplications(ctx); return err }},
	{"GET /user/applications/1", func(ctx context.Context, c *Client) error { _, err := c.GetUserApplication(ctx, 1); return err }},
	{"POST /user/applications", func(ctx context.Context, c *Client) error {
		_, err := c.CreateUserApplication(ctx, createOpts)
		return err
	}},
	{"PUT /user/applications/1", func(ctx context.Context, c *Client) error {
		name := "renamed"
		_, err := c.UpdateUserApplication(ctx, 1, UpdateOptions{Name: &name})
		return err
	}},
	{"DELETE /user/applications/1", func(ctx context.Context, c *Client) error { return c.DeleteUserApplication(ctx, 1) }},
	{"GET /groups/21/applications", func(ctx context.Context, c *Client) error { _, err := c.ListGroupApplications(ctx, "21"); return err }},
	{"GET /groups/21/applications/1", func(ctx context.Context, c *Client) error { _, err := c.GetGroupApplication(ctx, "21", 1); return err }},
	{"POST /groups/21/applications", func(ctx context.Context, c *Client) error {
		_, err := c.CreateGroupApplication(ctx, "21", createOpts)
		return err
	}},
	{"PUT /groups/21/applications/1", func(ctx context.Context, c *Client) error {
		_, err := c.UpdateGroupApplication(ctx, "21", 1, UpdateOptions{Scopes: []string{"api"}})
		return err
	}},
	{"DELETE /groups/21/applications/1", func(ctx context.Context, c *Client) error { return c.DeleteGroupApplication(ctx, "21", 1) }},
}

// hostileAnswer is what a server answers to every request.
type hostileAnswer struct {
	status int
	header map[string]string
	body   string
}

func answering(t *testing.T, a hostileAnswer) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var requests atomic.Int32
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		for k, v := range a.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(a.status)
		_, _ = io.WriteString(w, a.body)
	}))
	t.Cleanup(server.Close)
	return server, &requests
}

// assertFitForDiagnostics fails when err's text holds a credential or a control character.
func assertFitForDiagnostics(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	text := err.Error()
	for _, credential := range []string{adminToken, proxyHeaderValue, leakedSecret} {
		if strings.Contains(text, credential) {
			t.Errorf("the error shows %q: %s", credential, text)
		}
	}
	if strings.ContainsFunc(text, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) {
		t.Errorf("the error holds control characters: %q", text)
	}
}

// TestHostileAnswersLeakNothing: server text that quotes the token, the extra header's value or a
// secret reaches no error, on any route, whatever the status.
func TestHostileAnswersLeakNothing(t *testing.T) {
	ctx := context.Background()
	echo := "token " + adminToken + " header " + proxyHeaderValue
	answers := map[string]hostileAnswer{
		"a proxy's 502 page quoting the request": {http.StatusBadGateway, map[string]string{"Content-Type": "text/html"},
			"<html><body>502 Bad Gateway<pre>PRIVATE-TOKEN: " + adminToken + "\nX-Proxy-Auth: " + proxyHeaderValue + "</pre></body></html>"},
		"a JSON message quoting the token": {http.StatusBadRequest, map[string]string{"Content-Type": "application/json"},
			`{"message":"` + echo + `"}`},
		"validation messages quoting the token": {http.StatusBadRequest, map[string]string{"Content-Type": "application/json"},
			`{"message":{"name":["` + echo + `"],"` + adminToken + `":["x"]}}`},
		"an OAuth error quoting the token": {http.StatusUnauthorized, map[string]string{"Content-Type": "application/json"},
			`{"error":"invalid_token","error_description":"` + echo + `"}`},
		"a 429 in plain text quoting the token": {http.StatusTooManyRequests, nil, "Retry later " + echo},
		"a redirect carrying the token":         {http.StatusFound, map[string]string{"Location": "https://sso.example.com/?private_token=" + adminToken}, ""},
		"a JSON-escaped header value": {http.StatusBadRequest, map[string]string{"Content-Type": "application/json"},
			`{"message":"` + strings.ReplaceAll(proxyHeaderValue, "-", `\u002d`) + `"}`},
		"a 200 page with a secret": {http.StatusOK, map[string]string{"Content-Type": "text/html"},
			`<html>{"secret":"` + leakedSecret + `"} and again ` + leakedSecret + ` ` + echo + `</html>`},
		"a 201 that is not an application": {http.StatusCreated, map[string]string{"Content-Type": "application/json"},
			`{"id":"seven","secret":"` + leakedSecret + `","note":"` + echo + `"}`},
		"a 422 with a secret": {http.StatusUnprocessableEntity, map[string]string{"Content-Type": "application/json"},
			`{"message":"secret ` + leakedSecret + ` is taken","secret":"` + leakedSecret + `"}`},
		"control characters": {http.StatusBadRequest, map[string]string{"Content-Type": "application/json"},
			`{"message":"\u001b[2J\u001b[31mfake prompt\u0007\u202e reversed"}`},
		"a Content-Type holding the token":   {http.StatusOK, map[string]string{"Content-Type": "text/" + adminToken}, "<html></html>"},
		"a 500 page with control characters": {http.StatusInternalServerError, nil, "\x1b]0;title\x07\x00oops " + echo},
	}
	for name, answer := range answers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			server, _ := answering(t, answer)
			c := hostileClient(t, server.URL)
			for _, r := range everyRoute {
				err := r.call(ctx, c)
				if err == nil {
					continue
				}
				assertFitForDiagnostics(t, err)
			}
		})
	}
}

// TestMaskedErrorsStillSayWhat: masking keeps GitLab's message and the error's kind.
func TestMaskedErrorsStillSayWhat(t *testing.T) {
	server, _ := answering(t, hostileAnswer{http.StatusUnauthorized, map[string]string{"Content-Type": "application/json"},
		`{"message":"401 Unauthorized: ` + adminToken + ` is \u001b[31mrevoked"}`})
	_, err := hostileClient(t, server.URL).CurrentUser(context.Background())
	if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "401 Unauthorized: *** is revoked") {
		t.Errorf("%v: want ErrUnauthorized with the token masked and the escape sequence dropped", err)
	}
}

// TestSuccessOfACreateIsNeverQuoted: a 2xx to a create or renew that is not an application may carry
// the secret: it is described, never quoted, and it is a lost answer.
func TestSuccessOfACreateIsNeverQuoted(t *testing.T) {
	server, _ := answering(t, hostileAnswer{http.StatusOK, map[string]string{"Content-Type": "text/html"},
		"<html>unmasked-looking-body-text</html>"})
	_, err := hostileClient(t, server.URL).RenewInstanceApplicationSecret(context.Background(), 1)
	if !errors.Is(err, ErrNoAnswer) {
		t.Errorf("%v is not ErrNoAnswer: the old secret may be dead", err)
	}
	if err != nil && (strings.Contains(err.Error(), "unmasked-looking") || !strings.Contains(err.Error(), "HTML or XML, text/html")) {
		t.Errorf("%v: want the body's shape, not the body", err)
	}
}

// TestNullsInListsAreRefused: a list that holds null is an error on all three list routes.
func TestNullsInListsAreRefused(t *testing.T) {
	server, _ := answering(t, hostileAnswer{http.StatusOK, map[string]string{"Content-Type": "application/json"}, `[null]`})
	c := hostileClient(t, server.URL)
	for _, r := range []route{everyRoute[1], everyRoute[5], everyRoute[10]} {
		err := r.call(context.Background(), c)
		if !errors.Is(err, ErrNotGitLab) || !strings.Contains(err.Error(), "holds null at position 0") {
			t.Errorf("%s: %v, want ErrNotGitLab naming the null", r.name, err)
		}
	}
	// A single application that is null, or {}, is no application either.
	for _, body := range []string{`null`, `{}`} {
		server, _ := answering(t, hostileAnswer{http.StatusOK, map[string]string{"Content-Type": "application/json"}, body})
		if _, err := hostileClient(t, server.URL).GetUserApplication(context.Background(), 1); !errors.Is(err, ErrNotGitLab) {
			t.Errorf("GET answered %s: %v, want ErrNotGitLab", body, err)
		}
	}
}

// TestMalformedLinkHeaders: client-go panics on a Link header such as `<x>; rel`; the client keeps
// Link from it, on every answer.
func TestMalformedLinkHeaders(t *testing.T) {
	ctx := context.Background()
	g := newTestGitLab(t)
	link := http.Header{"Link": {`<x>; rel`}}
	for _, f := range []testFault{
		{method: http.MethodPost, path: "/api/v4/applications", header: link},
		{method: http.MethodGet, path: "/api/v4/user/applications", header: link},
		{method: http.MethodPost, path: "/api/v4/user/applications", header: link},
	} {
		g.fault(f)
	}
	c := g.client(t, adminToken)
	app, err := c.CreateInstanceApplication(ctx, createOpts)
	if err != nil || app.Secret == "" {
		t.Fatalf("create answered with a malformed Link: %+v, %v", app, err)
	}
	if _, err := c.ListUserApplications(ctx); err != nil {
		t.Errorf("list answered with a malformed Link: %v", err)
	}
	if app, err := c.CreateUserApplication(ctx, createOpts); err != nil || app.Secret == "" {
		t.Errorf("user create answered with a malformed Link: %+v, %v", app, err)
	}
	if n := g.count(http.MethodPost, "/api/v4/applications"); n != 1 || g.count(http.MethodPost, "/api/v4/applications/1/renew-secret") != 0 {
		t.Errorf("%d instance creates and a renewal, want 1 create: the answer was read", n)
	}
}

// TestPanicsBecomeErrors: whatever panics while a request is sent or its answer read, the provider
// gets an error.
func TestPanicsBecomeErrors(t *testing.T) {
	g := newTestGitLab(t)
	c := g.client(t, adminToken)
	_, err := c.do(context.Background(), http.MethodGet, "user", func(withCtx gl.RequestOptionFunc) (*gl.Response, error) {
		panic("index out of range [1] with length 1 " + adminToken)
	})
	if err == nil || !errors.Is(err, errAnswerPanicked) {
		t.Fatalf("%v, want errAnswerPanicked", err)
	}
	assertFitForDiagnostics(t, err)
}

// TestPaginationMustMoveOnByOne: any X-Next-Page but page + 1 ends the list with an error after one
// request, instead of reading 10,000 pages or skipping applications.
func TestPaginationMustMoveOnByOne(t *testing.T) {
	page := `[{"id":1,"application_id":"a","application_name":"x","callback_url":"https://x.example.com","confidential":true}]`
	for _, next := range []string{"-1", "1", "3", "0", "x", "99999999999999999999"} {
		t.Run(next, func(t *testing.T) {
			t.Parallel()
			server, requests := answering(t, hostileAnswer{http.StatusOK, map[string]string{"Content-Type": "application/json", "X-Next-Page": next}, page})
			_, err := hostileClient(t, server.URL).ListUserApplications(context.Background())
			if !errors.Is(err, ErrNotGitLab) || !strings.Contains(err.Error(), "says the next page is") {
				t.Errorf("X-Next-Page %s: %v", next, err)
			}
			if n := requests.Load(); n != 1 {
				t.Errorf("X-Next-Page %s: %d requests, want 1", next, n)
			}
		})
	}
	t.Run("empty pages that promise more", func(t *testing.T) {
		t.Parallel()
		var requests atomic.Int32
		server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			page, _ := strconv.Atoi(r.URL.Query().Get("page"))
			w.Header().Set("X-Next-Page", strconv.Itoa(page+1))
			writeJSON(w, http.StatusOK, []any{})
		}))
		t.Cleanup(server.Close)
		if _, err := hostileClient(t, server.URL).ListGroupApplications(context.Background(), "21"); !errors.Is(err, ErrNotGitLab) {
			t.Errorf("%v, want ErrNotGitLab", err)
		}
		if n := requests.Load(); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
}

// TestOversizedAnswers: a body past the limit is an error naming it, read no further.
func TestOversizedAnswers(t *testing.T) {
	huge := `[` + strings.Repeat(`{"id":1},`, 1<<17) + `{"id":1}]` // about 1.1 MiB
	server, _ := answering(t, hostileAnswer{http.StatusOK, map[string]string{"Content-Type": "application/json"}, huge})
	c := hostileClient(t, server.URL)
	limitAnswers(t, c, 1<<20)
	_, err := c.ListInstanceApplications(context.Background())
	if !errors.Is(err, ErrAnswerTooLarge) || !strings.Contains(err.Error(), "more than 1 MiB") {
		t.Errorf("%v, want ErrAnswerTooLarge naming 1 MiB", err)
	}
	if tr, ok := newTestClient(t, server.URL, adminToken).http.Transport.(*observingTransport); !ok || tr.maxBody != 64<<20 {
		t.Errorf("the default limit is not 64 MiB")
	}
}

// limitAnswers makes c refuse a success's body past limit bytes.
func limitAnswers(t *testing.T, c *Client, limit int64) {
	t.Helper()
	tr, ok := c.http.Transport.(*observingTransport)
	if !ok {
		t.Fatalf("transport %T", c.http.Transport)
	}
	tr.maxBody = limit
}

// TestRateLimitHeadersDoNotPaceTheClient: RateLimit-Limit: 1 does not make the next request wait a
// minute; only a 429 makes the client wait.
func TestRateLimitHeadersDoNotPaceTheClient(t *testing.T) {
	server, requests := answering(t, hostileAnswer{http.StatusOK, map[string]string{"Content-Type": "application/json", "RateLimit-Limit": "1"},
		`{"id":1,"username":"root"}`})
	c := hostileClient(t, server.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for range 3 {
		if _, err := c.CurrentUser(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := requests.Load(); n != 3 {
		t.Errorf("%d requests", n)
	}
}

// TestUnreadableCreateAnswersAreLost: GitLab may have created the application whose 2xx answer cannot
// be read; the client finds it and adopts it (instance) or replaces it (user, group), as after a cut
// connection, and never leaves it behind.
func TestUnreadableCreateAnswersAreLost(t *testing.T) {
	ctx := context.Background()
	unreadable := map[string]testFault{
		"HTML":              {status: http.StatusCreated, header: http.Header{"Content-Type": {"text/html"}}, body: "<html>created</html>"},
		"truncated JSON":    {status: http.StatusCreated, header: http.Header{"Content-Type": {"application/json"}}, body: `{"id":`},
		"JSON null":         {status: http.StatusCreated, header: http.Header{"Content-Type": {"application/json"}}, body: `null`},
		"no secret":         {status: http.StatusCreated, header: http.Header{"Content-Type": {"application/json"}}, body: `{"id":1}`},
		"a malformed Link":  {status: http.StatusCreated, header: http.Header{"Link": {`<x>; rel`}}, body: `{"id":`},
		"a wrong id's type": {status: http.StatusOK, header: http.Header{"Content-Type": {"application/json"}}, body: `{"id":"1","secret":"` + leakedSecret + `"}`},
	}
	creates := []struct {
		name, route string
		create      func(*Client) (*Application, error)
		apps        func(*testGitLab) []*testApp
		recovery    func(*testGitLab) int // requests that recovered: a renewal or a delete of the orphan
	}{
		{"instance", "/api/v4/applications",
			func(c *Client) (*Application, error) { return c.CreateInstanceApplication(ctx, createOpts) },
			func(g *testGitLab) []*testApp { return g.sortedOf(0, 0) },
			func(g *testGitLab) int { return g.count(http.MethodPost, "/api/v4/applications/1/renew-secret") }},
		{"user", "/api/v4/user/applications",
			func(c *Client) (*Application, error) { return c.CreateUserApplication(ctx, createOpts) },
			func(g *testGitLab) []*testApp { return g.sortedOf(1, 0) },
			func(g *testGitLab) int { return g.count(http.MethodDelete, "/api/v4/user/applications/1") }},
		{"group", "/api/v4/groups/21/applications",
			func(c *Client) (*Application, error) { return c.CreateGroupApplication(ctx, "21", createOpts) },
			func(g *testGitLab) []*testApp { return g.sortedOf(0, platformGroupID) },
			func(g *testGitLab) int { return g.count(http.MethodDelete, "/api/v4/groups/21/applications/1") }},
	}
	for _, create := range creates {
		for name, fault := range unreadable {
			t.Run(create.name+" "+name, func(t *testing.T) {
				t.Parallel()
				g := newTestGitLab(t)
				fault.method, fault.path, fault.afterWork = http.MethodPost, create.route, true
				g.fault(fault)
				app, err := create.create(g.client(t, adminToken))
				if err != nil {
					t.Fatal(err)
				}
				apps := create.apps(g)
				if len(apps) != 1 || apps[0].id != app.ID || app.Secret == "" {
					t.Errorf("got %+v; GitLab has %d applications, want exactly this one, with a secret", app, len(apps))
				}
				if n := create.recovery(g); n != 1 {
					t.Errorf("%d recoveries of application 1, want 1", n)
				}
			})
		}
	}
	t.Run("a renewal whose answer cannot be read", func(t *testing.T) {
		t.Parallel()
		g := newTestGitLab(t)
		app, err := g.client(t, adminToken).CreateInstanceApplication(ctx, createOpts)
		if err != nil {
			t.Fatal(err)
		}
		for name, fault := range unreadable {
			fault.method, fault.afterWork = http.MethodPost, true
			g.fault(fault)
			_, err := g.client(t, adminToken).RenewInstanceApplicationSecret(ctx, app.ID)
			if !errors.Is(err, ErrNoAnswer) {
				t.Errorf("%s: %v is not ErrNoAnswer", name, err)
			}
			assertFitForDiagnostics(t, err)
		}
	})
	t.Run("an oversized create answer", func(t *testing.T) {
		t.Parallel()
		g := newTestGitLab(t)
		g.fault(testFault{method: http.MethodPost, path: "/api/v4/user/applications", afterWork: true, status: http.StatusCreated,
			body: `{"id":1,"secret":"` + strings.Repeat("x", 2<<10) + `"}`})
		c := g.client(t, adminToken)
		limitAnswers(t, c, 1<<10)
		app, err := c.CreateUserApplication(ctx, createOpts)
		if err != nil {
			t.Fatal(err)
		}
		if apps := g.sortedOf(1, 0); len(apps) != 1 || apps[0].id != app.ID {
			t.Errorf("GitLab has %d applications, want the one created", len(apps))
		}
	})
}
