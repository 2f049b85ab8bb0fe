package gitlabclient

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// testGitLab is a small GitLab for this package's tests: the three application APIs as GitLab's
// documentation describes them, a request log, and faults. It does not use internal/fakegitlab on purpose: that
// package changes on its own schedule, and these tests pin the client's behaviour against answers they
// spell out themselves.

const (
	adminToken    = "glpat-admin-0123456789abcdef"
	userToken     = "glpat-user-0123456789abcdef"
	otherToken    = "glpat-other-0123456789abcdef"
	readOnlyToken = "glpat-readonly-0123456789abcdef"
	expiredToken  = "glpat-expired-0123456789abcdef"
)

// tokenUsers maps tokens to user ids; user 1 is the administrator.
var tokenUsers = map[string]int64{adminToken: 1, userToken: 2, otherToken: 3, readOnlyToken: 2}

type testApp struct {
	id           int64
	owner        int64 // 0: an instance or a group application
	group        int64 // 0: not a group application
	clientID     string
	name         string
	redirectURI  string
	confidential bool
	scopes       []string
}

type testRequest struct {
	Method, Path, Query string
	Header              http.Header
	Body                map[string]any
	Time                time.Time
}

type testFault struct {
	method, path string // path prefix; empty matches anything
	times        int    // how many requests it hits; 0 means 1
	status       int
	header       http.Header // with status: the fault's headers; without: added to GitLab's answer
	body         string
	cut          bool          // close the connection without an answer
	afterWork    bool          // do the work first, then apply the fault (an answer lost after GitLab acted)
	delay        time.Duration // wait before answering
	// also is done when the fault is taken, the server's lock held: a request of someone else at the
	// same moment, such as a create of an application alike (g.create).
	also func(g *testGitLab)
}

type testGitLab struct {
	t      *testing.T
	server *httptest.Server

	mu       sync.Mutex
	apps     map[int64]*testApp
	nextID   int64
	requests []testRequest
	faults   []*testFault
	secrets  []string // every secret issued

	omitScopes, noUserApps, noRenew bool
	// noGroupApps plays GitLab < 19.6; groupCreate200 and unpaginatedGroups answer the group routes
	// otherwise than this server's default reading of GitLab's documentation.
	noGroupApps, groupCreate200, unpaginatedGroups bool
}

func newTestGitLab(t *testing.T) *testGitLab {
	t.Helper()
	g := &testGitLab{t: t, apps: map[int64]*testApp{}, nextID: 1}
	g.server = httptest.NewUnstartedServer(http.HandlerFunc(g.serve))
	g.server.Config.ErrorLog = log.New(io.Discard, "", 0)
	g.server.Start()
	t.Cleanup(g.server.Close)
	return g
}

func (g *testGitLab) URL() string { return g.server.URL }

func (g *testGitLab) fault(f testFault) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if f.times == 0 {
		f.times = 1
	}
	g.faults = append(g.faults, &f)
}

func (g *testGitLab) seed(owner int64, n int, prefix string) []testApp {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []testApp
	for i := 1; i <= n; i++ {
		app := g.create(owner, fmt.Sprintf("%s-%05d", prefix, i), "https://app.example.com/cb", []string{"read_user"}, true)
		out = append(out, *app)
	}
	return out
}

func (g *testGitLab) create(owner int64, name, redirectURI string, scopes []string, confidential bool) *testApp {
	app := &testApp{
		id: g.nextID, owner: owner, clientID: fmt.Sprintf("%064x", g.nextID), name: name, redirectURI: redirectURI,
		confidential: confidential, scopes: scopes,
	}
	g.apps[app.id] = app
	g.nextID++
	return app
}

func (g *testGitLab) log() []testRequest {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.requests)
}

func (g *testGitLab) count(method, path string) int {
	n := 0
	for _, r := range g.log() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

// client returns a client of this GitLab with fast retries.
func (g *testGitLab) client(t *testing.T, token string, tune ...func(*Config)) *Client {
	t.Helper()
	return newTestClient(t, g.URL(), token, tune...)
}

func newTestClient(t *testing.T, baseURL, token string, tune ...func(*Config)) *Client {
	t.Helper()
	// The client's own waits (plainRequest's retries, a stale verdict's confirmation) take no real time.
	cfg := Config{BaseURL: baseURL, Token: token, Retries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
		Clock: &testClock{}, LostCreateWait: 50 * time.Millisecond}
	for _, f := range tune {
		f(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func (g *testGitLab) serve(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if raw, _ := io.ReadAll(r.Body); len(raw) > 0 {
		if err := json.Unmarshal(raw, &body); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": "body is not JSON"})
			return
		}
	}
	g.mu.Lock()
	g.requests = append(g.requests, testRequest{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body, Time: time.Now()})
	var fault *testFault
	for _, f := range g.faults {
		if f.times > 0 && (f.method == "" || f.method == r.Method) && strings.HasPrefix(r.URL.EscapedPath(), f.path) {
			f.times--
			fault = f
			if f.also != nil {
				f.also(g)
			}
			break
		}
	}
	g.mu.Unlock()

	if fault != nil && fault.delay > 0 {
		time.Sleep(fault.delay)
	}
	if fault != nil && (fault.status != 0 || fault.cut) {
		if fault.afterWork {
			g.route(httptest.NewRecorder(), r, body)
		}
		if fault.cut {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				panic(err)
			}
			_ = conn.Close()
			return
		}
		for k, v := range fault.header {
			w.Header()[k] = v
		}
		w.WriteHeader(fault.status)
		_, _ = io.WriteString(w, fault.body)
		return
	}
	if fault != nil {
		for k, v := range fault.header {
			w.Header()[k] = v
		}
	}
	g.route(w, r, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

var catchAll = map[string]any{"error": "404 Not Found"}

func (g *testGitLab) route(w http.ResponseWriter, r *http.Request, body map[string]any) {
	path, ok := strings.CutPrefix(r.URL.EscapedPath(), "/api/v4/")
	if !ok {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, "<html><body>The page could not be found</body></html>")
		return
	}
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token == expiredToken {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_token", "error_description": "Token is expired. You can either do re-authorization or token refresh."})
		return
	}
	user, known := tokenUsers[token]
	if !known {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401 Unauthorized"})
		return
	}
	if token == readOnlyToken && r.Method != http.MethodGet {
		writeJSON(w, http.StatusForbidden, map[string]any{"error": "insufficient_scope",
			"error_description": "The request requires higher privileges than provided by the access token.", "scope": "api"})
		return
	}
	parts := strings.Split(path, "/")
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case path == "user" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"id": user, "username": "user" + strconv.FormatInt(user, 10), "is_admin": user == 1})
	case parts[0] == "applications":
		if user != 1 {
			writeJSON(w, http.StatusForbidden, map[string]any{"message": "403 Forbidden"})
			return
		}
		g.instanceRoute(w, r, parts[1:], body)
	case parts[0] == "user" && len(parts) > 1 && parts[1] == "applications" && !g.noUserApps:
		g.userRoute(w, r, user, parts[2:], body)
	case parts[0] == "groups" && len(parts) > 2 && parts[2] == "applications" && !g.noGroupApps:
		g.groupRoute(w, r, user, parts[1], parts[3:], body)
	default:
		writeJSON(w, http.StatusNotFound, catchAll)
	}
}

func (g *testGitLab) instanceRoute(w http.ResponseWriter, r *http.Request, rest []string, body map[string]any) {
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
		out := []map[string]any{}
		for _, app := range g.sorted(0) {
			out = append(out, g.entity(app, ""))
		}
		writeJSON(w, http.StatusOK, out)
	case len(rest) == 0 && r.Method == http.MethodPost:
		g.createFrom(w, 0, 0, http.StatusCreated, body)
	case len(rest) == 1 && r.Method == http.MethodDelete:
		if app := g.instanceApp(w, rest[0]); app != nil {
			delete(g.apps, app.id)
			w.WriteHeader(http.StatusNoContent)
		}
	case len(rest) == 2 && rest[1] == "renew-secret" && r.Method == http.MethodPost && !g.noRenew:
		if app := g.instanceApp(w, rest[0]); app != nil {
			writeJSON(w, http.StatusCreated, g.entity(app, g.newSecret()))
		}
	default:
		writeJSON(w, http.StatusNotFound, catchAll)
	}
}

func (g *testGitLab) instanceApp(w http.ResponseWriter, rawID string) *testApp {
	id, err := strconv.ParseInt(rawID, 10, 64)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "id is invalid"})
		return nil
	}
	app := g.apps[id]
	if app == nil || app.owner != 0 {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Application Not Found"})
		return nil
	}
	return app
}

func (g *testGitLab) userRoute(w http.ResponseWriter, r *http.Request, user int64, rest []string, body map[string]any) {
	if len(rest) == 0 {
		switch r.Method {
		case http.MethodGet:
			g.listPage(w, r, g.sorted(user))
		case http.MethodPost:
			g.createFrom(w, user, 0, http.StatusCreated, body)
		default:
			writeJSON(w, http.StatusNotFound, catchAll)
		}
		return
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || len(rest) > 1 {
		writeJSON(w, http.StatusNotFound, catchAll)
		return
	}
	app := g.apps[id]
	switch {
	case app == nil:
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Application Not Found"})
		return
	case app.owner != user:
		writeJSON(w, http.StatusForbidden, map[string]any{"message": "403 Forbidden"})
		return
	}
	g.serveApplication(w, r, body, id, app)
}

func (g *testGitLab) createFrom(w http.ResponseWriter, owner, group int64, status int, body map[string]any) {
	var missing []string
	given := map[string]string{}
	for _, p := range []string{"name", "redirect_uri", "scopes"} {
		value, ok := body[p].(string)
		if !ok {
			missing = append(missing, p+" is missing")
		}
		given[p] = value
	}
	if len(missing) > 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": strings.Join(missing, ", ")})
		return
	}
	name, redirectURI, scopes := given["name"], given["redirect_uri"], strings.Fields(given["scopes"])
	if len(scopes) == 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "scopes is empty"})
		return
	}
	fields := map[string][]string{}
	if strings.TrimSpace(name) == "" {
		fields["name"] = []string{"can't be blank"}
	}
	if strings.Contains(redirectURI, "#") {
		fields["redirect_uri"] = []string{"cannot contain a fragment."}
	}
	for _, s := range scopes {
		if s == "bogus" {
			fields["scopes"] = []string{"doesn't match configured on the server."}
		}
	}
	if len(fields) > 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": fields})
		return
	}
	confidential := true
	if c, ok := body["confidential"].(bool); ok {
		confidential = c
	}
	app := g.create(owner, name, redirectURI, scopes, confidential)
	app.group = group
	writeJSON(w, status, g.entity(app, g.newSecret()))
}

func (g *testGitLab) listPage(w http.ResponseWriter, r *http.Request, apps []*testApp) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	perPage, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	page = max(page, 1)
	if perPage <= 0 {
		perPage = 20
	}
	perPage = min(perPage, 100)
	from, to := min((page-1)*perPage, len(apps)), min(page*perPage, len(apps))
	out := []map[string]any{}
	for _, app := range apps[from:to] {
		out = append(out, g.entity(app, ""))
	}
	totalPages := max((len(apps)+perPage-1)/perPage, 1)
	next := ""
	if page < totalPages {
		next = strconv.Itoa(page + 1)
	}
	w.Header().Set("X-Page", strconv.Itoa(page))
	w.Header().Set("X-Per-Page", strconv.Itoa(perPage))
	w.Header().Set("X-Next-Page", next)
	w.Header().Set("X-Total", strconv.Itoa(len(apps)))
	w.Header().Set("X-Total-Pages", strconv.Itoa(totalPages))
	writeJSON(w, http.StatusOK, out)
}

// sorted is the instance's (owner 0) or a user's applications in id order.
func (g *testGitLab) sorted(owner int64) []*testApp { return g.sortedOf(owner, 0) }

func (g *testGitLab) sortedOf(owner, group int64) []*testApp {
	var out []*testApp
	for _, app := range g.apps {
		if app.owner == owner && app.group == group {
			out = append(out, app)
		}
	}
	slices.SortFunc(out, func(a, b *testApp) int { return int(a.id - b.id) })
	return out
}

func (g *testGitLab) newSecret() string {
	s := fmt.Sprintf("gloas-%064x", time.Now().UnixNano()+int64(len(g.secrets)))
	g.secrets = append(g.secrets, s)
	return s
}

func (g *testGitLab) entity(app *testApp, secret string) map[string]any {
	e := map[string]any{
		"id": app.id, "application_id": app.clientID, "application_name": app.name,
		"callback_url": app.redirectURI, "confidential": app.confidential,
	}
	if !g.omitScopes {
		e["scopes"] = app.scopes
	}
	if secret != "" {
		e["secret"] = secret
	}
	return e
}

// serveApplication answers GET, PUT (name and scopes only) and DELETE of one application the caller
// may manage, on the user and the group routes alike.
func (g *testGitLab) serveApplication(w http.ResponseWriter, r *http.Request, body map[string]any, id int64, app *testApp) {
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, http.StatusOK, g.entity(app, ""))
	case http.MethodPut:
		if name, ok := body["name"].(string); ok {
			app.name = name
		}
		if scopes, ok := body["scopes"].(string); ok {
			app.scopes = strings.Fields(scopes)
		}
		writeJSON(w, http.StatusOK, g.entity(app, ""))
	case http.MethodDelete:
		delete(g.apps, id)
		w.WriteHeader(http.StatusNoContent)
	default:
		writeJSON(w, http.StatusNotFound, catchAll)
	}
}
