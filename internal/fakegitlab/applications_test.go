package fakegitlab_test

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
)

var (
	clientIDPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)
	secretPattern   = regexp.MustCompile(`^gloas-[0-9a-f]{64}$`)
)

func TestInstanceApplications(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})

	created := send(t, s, fakegitlab.AdminToken, "POST", "/api/v4/applications", validApp).expect(t, "create", 201, "*").entity(t)
	id := idOf(t, created)
	secret, _ := created["secret"].(string)
	if !secretPattern.MatchString(secret) || !clientIDPattern.MatchString(stringOf(created, "application_id")) ||
		created["application_name"] != "ci" || created["callback_url"] != "https://ci.example.com/cb" ||
		created["confidential"] != true || jsonString(created["scopes"]) != `["api","read_user"]` {
		t.Errorf("create answered %v", created)
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	if !s.IsValidSecret(n, secret) {
		t.Error("the created secret does not work")
	}

	// The whole list in one answer: page and per_page are ignored, no pagination headers, no secret.
	s.SeedApplications(fakegitlab.InstanceOwner, 30, "more")
	s.SeedApplications(s.UserID(fakegitlab.UserToken), 2, "users") // not instance applications
	list := send(t, s, fakegitlab.AdminToken, "GET", "/api/v4/applications?page=2&per_page=5", "").expect(t, "list", 200, "*")
	if apps := list.list(t); len(apps) != 31 || apps[0]["application_name"] != "ci" {
		t.Errorf("list has %d applications, want 31 with ci first", len(apps))
	}
	for _, h := range []string{"X-Total", "X-Page", "X-Next-Page", "Link"} {
		if _, ok := list.header[h]; ok {
			t.Errorf("the instance list has a %s header", h)
		}
	}
	if strings.Contains(list.body, "secret") {
		t.Error("the list shows a secret")
	}

	// Renew: 201, same application, a new secret; the old one stops working at once.
	renewed := send(t, s, fakegitlab.AdminToken, "POST", "/api/v4/applications/"+id+"/renew-secret", "").expect(t, "renew", 201, "*").entity(t)
	if renewed["secret"] == secret || !secretPattern.MatchString(stringOf(renewed, "secret")) || renewed["application_id"] != created["application_id"] {
		t.Errorf("renew answered %v", renewed)
	}
	if s.IsValidSecret(n, secret) || !s.IsValidSecret(n, stringOf(renewed, "secret")) {
		t.Error("after renew, the old secret works or the new one does not")
	}

	send(t, s, fakegitlab.AdminToken, "DELETE", "/api/v4/applications/"+id, "").expect(t, "delete", 204, "")
	send(t, s, fakegitlab.AdminToken, "DELETE", "/api/v4/applications/"+id, "").expect(t, "delete again", 404, bodyAppNotFound)
	send(t, s, fakegitlab.AdminToken, "POST", "/api/v4/applications/"+id+"/renew-secret", "").expect(t, "renew deleted", 404, bodyAppNotFound)
	if _, ok := lookUp(s, n); ok {
		t.Error("the deleted application is still there")
	}
}

func TestInstanceRoutesRefuse(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	users := s.SeedApplications(s.UserID(fakegitlab.UserToken), 1, "mine")[0]
	usersID := strconv.FormatInt(users.ID, 10)
	for _, tc := range []struct {
		name, token, method, path string
		status                    int
		body                      string
	}{
		{"ordinary user lists", fakegitlab.UserToken, "GET", "/api/v4/applications", 403, bodyForbidden},
		{"ordinary user creates", fakegitlab.UserToken, "POST", "/api/v4/applications", 403, bodyForbidden},
		{"ordinary user deletes", fakegitlab.UserToken, "DELETE", "/api/v4/applications/" + usersID, 403, bodyForbidden},
		{"ordinary user with a bad id: 403 before validation", fakegitlab.UserToken, "DELETE", "/api/v4/applications/abc", 403, bodyForbidden},
		{"no token", "", "GET", "/api/v4/applications", 401, bodyUnauthorized},
		{"a user's application is not found here", fakegitlab.AdminToken, "DELETE", "/api/v4/applications/" + usersID, 404, bodyAppNotFound},
		{"nor renewed", fakegitlab.AdminToken, "POST", "/api/v4/applications/" + usersID + "/renew-secret", 404, bodyAppNotFound},
		{"unknown id", fakegitlab.AdminToken, "DELETE", "/api/v4/applications/999", 404, bodyAppNotFound},
		{"non-integer id", fakegitlab.AdminToken, "DELETE", "/api/v4/applications/abc", 400, bodyInvalidID},
		{"no GET for one application", fakegitlab.AdminToken, "GET", "/api/v4/applications/" + usersID, 404, bodyRouteNotFound},
		{"no PUT", fakegitlab.AdminToken, "PUT", "/api/v4/applications/" + usersID, 404, bodyRouteNotFound},
	} {
		send(t, s, tc.token, tc.method, tc.path, "").expect(t, tc.name, tc.status, tc.body)
	}
	if _, ok := lookUp(s, users.ID); !ok {
		t.Error("an instance route deleted a user's application")
	}
}

func TestUserApplications(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	created := send(t, s, fakegitlab.UserToken, "POST", "/api/v4/user/applications", validApp).expect(t, "create", 201, "*").entity(t)
	if !secretPattern.MatchString(stringOf(created, "secret")) {
		t.Errorf("create answered %v", created)
	}
	id := idOf(t, created)
	path := "/api/v4/user/applications/" + id
	n, _ := strconv.ParseInt(id, 10, 64)
	if app, _ := lookUp(s, n); app.OwnerID != s.UserID(fakegitlab.UserToken) {
		t.Errorf("owner %d, want the caller", app.OwnerID)
	}

	got := send(t, s, fakegitlab.UserToken, "GET", path, "").expect(t, "get", 200, "*").entity(t)
	if _, ok := got["secret"]; ok || got["application_id"] != created["application_id"] {
		t.Errorf("get answered %v", got)
	}

	// PUT changes name and scopes only; redirect_uri and confidential are silently ignored.
	updated := send(t, s, fakegitlab.UserToken, "PUT", path,
		`{"name":"renamed","redirect_uri":"https://ignored.example.com","confidential":false,"scopes":"openid profile openid"}`).
		expect(t, "update", 200, "*").entity(t)
	if updated["application_name"] != "renamed" || updated["callback_url"] != "https://ci.example.com/cb" ||
		updated["confidential"] != true || jsonString(updated["scopes"]) != `["openid","profile"]` {
		t.Errorf("update answered %v", updated)
	}
	if _, ok := updated["secret"]; ok {
		t.Error("update shows the secret")
	}
	if !s.IsValidSecret(n, stringOf(created, "secret")) {
		t.Error("update changed the secret")
	}
	// Only the name: scopes stay; an invalid redirect_uri is ignored too.
	updated = send(t, s, fakegitlab.UserToken, "PUT", path, `{"name":"again","redirect_uri":"javascript:x"}`).expect(t, "rename", 200, "*").entity(t)
	if updated["application_name"] != "again" || jsonString(updated["scopes"]) != `["openid","profile"]` {
		t.Errorf("rename answered %v", updated)
	}
	send(t, s, fakegitlab.UserToken, "PUT", path, `{"name":""}`).expect(t, "blank name", 400, `{"message":{"name":["can't be blank"]}}`)
	send(t, s, fakegitlab.UserToken, "PUT", path, `{"scopes":"nope"}`).expect(t, "unknown scope", 400, bodyScopesMismatch)
	send(t, s, fakegitlab.UserToken, "PUT", path, `{"scopes":" "}`).expect(t, "blank scopes", 400, `{"error":"scopes is empty"}`)
	if app, _ := lookUp(s, n); app.Name != "again" {
		t.Errorf("a refused update changed the name to %q", app.Name)
	}

	send(t, s, fakegitlab.UserToken, "DELETE", path, "").expect(t, "delete", 204, "")
	send(t, s, fakegitlab.UserToken, "GET", path, "").expect(t, "get deleted", 404, bodyAppNotFound)
	send(t, s, fakegitlab.UserToken, "DELETE", path, "").expect(t, "delete deleted", 404, bodyAppNotFound)
}

func TestUserApplicationsOwnership(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	theirs := strconv.FormatInt(s.SeedApplications(s.UserID(fakegitlab.OtherUserToken), 1, "theirs")[0].ID, 10)
	instance := strconv.FormatInt(s.SeedApplications(fakegitlab.InstanceOwner, 1, "instance")[0].ID, 10)
	for _, tc := range []struct {
		name, token, method, path, body string
		status                          int
		want                            string
	}{
		{"someone else's: get", fakegitlab.UserToken, "GET", theirs, "", 403, bodyForbidden},
		{"someone else's: put", fakegitlab.UserToken, "PUT", theirs, `{"name":"x"}`, 403, bodyForbidden},
		{"someone else's: delete", fakegitlab.UserToken, "DELETE", theirs, "", 403, bodyForbidden},
		{"an instance one: get", fakegitlab.UserToken, "GET", instance, "", 403, bodyForbidden},
		{"an instance one, even for an administrator", fakegitlab.AdminToken, "DELETE", instance, "", 403, bodyForbidden},
		{"unknown", fakegitlab.UserToken, "GET", "999", "", 404, bodyAppNotFound},
		{"non-integer", fakegitlab.UserToken, "GET", "abc", "", 400, bodyInvalidID},
		{"no renew-secret for user applications", fakegitlab.UserToken, "POST", theirs + "/renew-secret", "", 404, bodyRouteNotFound},
		{"no token", "", "GET", theirs, "", 401, bodyUnauthorized},
	} {
		send(t, s, tc.token, tc.method, "/api/v4/user/applications/"+tc.path, tc.body).expect(t, tc.name, tc.status, tc.want)
	}
	// Each user lists only their own.
	send(t, s, fakegitlab.UserToken, "GET", "/api/v4/user/applications", "").expect(t, "empty list", 200, "[]")
	if l := send(t, s, fakegitlab.OtherUserToken, "GET", "/api/v4/user/applications", "").list(t); len(l) != 1 || l[0]["application_name"] != "theirs-00001" {
		t.Errorf("the other user's list: %v", l)
	}
}

func TestUserApplicationsPagination(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	mine := s.SeedApplications(s.UserID(fakegitlab.UserToken), 45, "app")
	s.SeedApplications(s.UserID(fakegitlab.OtherUserToken), 7, "theirs")
	base := s.URL() + "/api/v4/user/applications"
	for _, tc := range []struct {
		query                                 string
		items                                 int
		firstName                             string
		page, perPage, next, prev, totalPages string
		links                                 []string
	}{
		{"", 20, "app-00001", "1", "20", "2", "", "3", []string{
			`<` + base + `?page=2&per_page=20>; rel="next"`,
			`<` + base + `?page=1&per_page=20>; rel="first"`,
			`<` + base + `?page=3&per_page=20>; rel="last"`,
		}},
		{"?page=2", 20, "app-00021", "2", "20", "3", "1", "3", []string{
			`<` + base + `?page=1&per_page=20>; rel="prev"`,
			`<` + base + `?page=3&per_page=20>; rel="next"`,
			`<` + base + `?page=1&per_page=20>; rel="first"`,
			`<` + base + `?page=3&per_page=20>; rel="last"`,
		}},
		{"?page=3&sort=asc", 5, "app-00041", "3", "20", "", "2", "3", []string{
			`<` + base + `?page=2&per_page=20&sort=asc>; rel="prev"`,
			`<` + base + `?page=1&per_page=20&sort=asc>; rel="first"`,
			`<` + base + `?page=3&per_page=20&sort=asc>; rel="last"`,
		}},
		{"?per_page=500", 45, "app-00001", "1", "100", "", "", "1", nil},
		{"?per_page=10&page=5", 5, "app-00041", "5", "10", "", "4", "5", nil},
		{"?page=9", 0, "", "9", "20", "", "", "3", nil}, // past the end: no next, no prev (Kaminari)
		{"?page=0&per_page=0", 20, "app-00001", "1", "20", "2", "", "3", nil},
	} {
		a := send(t, s, fakegitlab.UserToken, "GET", "/api/v4/user/applications"+tc.query, "").expect(t, tc.query, 200, "*")
		items := a.list(t)
		h := a.header
		if len(items) != tc.items || (tc.items > 0 && items[0]["application_name"] != tc.firstName) {
			t.Errorf("%q: %d items starting %v", tc.query, len(items), items)
		}
		for name, want := range map[string]string{
			"X-Page": tc.page, "X-Per-Page": tc.perPage, "X-Next-Page": tc.next, "X-Prev-Page": tc.prev,
			"X-Total": "45", "X-Total-Pages": tc.totalPages,
		} {
			if values, ok := h[name]; !ok || values[0] != want {
				t.Errorf("%q: %s = %q, want %q (present: %v)", tc.query, name, h.Get(name), want, ok)
			}
		}
		if tc.links != nil && h.Get("Link") != strings.Join(tc.links, ", ") {
			t.Errorf("%q: Link\n%s\nwant\n%s", tc.query, h.Get("Link"), strings.Join(tc.links, ", "))
		}
	}
	send(t, s, fakegitlab.UserToken, "GET", "/api/v4/user/applications?page=x", "").expect(t, "bad page", 400, `{"error":"page is invalid"}`)

	// A page is a window over the owner's list in id order, also after deletes.
	for _, gone := range []int64{mine[0].ID, mine[20].ID} {
		send(t, s, fakegitlab.UserToken, "DELETE", "/api/v4/user/applications/"+strconv.FormatInt(gone, 10), "").expect(t, "delete", 204, "")
	}
	items := send(t, s, fakegitlab.UserToken, "GET", "/api/v4/user/applications?page=2", "").list(t)
	if len(items) != 20 || items[0]["application_name"] != "app-00023" {
		t.Errorf("after deletes, page 2 starts with %v", items[0])
	}
}

func TestOlderGitLab(t *testing.T) {
	t.Parallel()
	old := fakegitlabtest.NewTestServer(t, fakegitlab.Options{OmitScopes: true, NoUserApplications: true, NoRenewSecret: true})
	created := send(t, old, fakegitlab.AdminToken, "POST", "/api/v4/applications", validApp).expect(t, "create", 201, "*").entity(t)
	if _, ok := created["scopes"]; ok {
		t.Error("scopes reported by a GitLab that should omit them")
	}
	if l := send(t, old, fakegitlab.AdminToken, "GET", "/api/v4/applications", "").list(t); len(l) != 1 || l[0]["scopes"] != nil {
		t.Errorf("list %v", l)
	}
	id := idOf(t, created)
	for _, tc := range []struct{ method, path string }{
		{"GET", "/api/v4/user/applications"},
		{"POST", "/api/v4/user/applications"},
		{"GET", "/api/v4/user/applications/" + id},
		{"PUT", "/api/v4/user/applications/" + id},
		{"DELETE", "/api/v4/user/applications/" + id},
		{"POST", "/api/v4/applications/" + id + "/renew-secret"},
	} {
		// The catch-all answers before any token is looked at.
		for _, token := range []string{fakegitlab.UserToken, ""} {
			send(t, old, token, tc.method, tc.path, "").expect(t, tc.method+" "+tc.path, 404, bodyRouteNotFound)
		}
	}
	// Scopes stay known to the fake: a later server reports them.
	n, _ := strconv.ParseInt(id, 10, 64)
	if app, _ := lookUp(old, n); !slices.Equal(app.Scopes, []string{"api", "read_user"}) {
		t.Errorf("stored scopes %v", app.Scopes)
	}

	// A server with fewer scopes refuses the others.
	few := fakegitlabtest.NewTestServer(t, fakegitlab.Options{Scopes: []string{"api", "openid"}})
	send(t, few, fakegitlab.UserToken, "POST", "/api/v4/user/applications", `{"name":"a","redirect_uri":"https://a.example.com","scopes":"openid read_user"}`).
		expect(t, "unknown to this server", 400, bodyScopesMismatch)
	send(t, few, fakegitlab.UserToken, "POST", "/api/v4/user/applications", `{"name":"a","redirect_uri":"https://a.example.com","scopes":"openid user:x"}`).
		expect(t, "user:<x> always", 201, "*")
}

func TestStateForTests(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	user := s.UserID(fakegitlab.UserToken)
	app := s.SeedApplications(user, 3, "seed")[1]
	if app.Name != "seed-00002" || app.RedirectURI != "https://seed-00002.example.com/callback" || !slices.Equal(app.Scopes, []string{"api"}) || !app.Confidential {
		t.Errorf("seeded %+v", app)
	}
	path := "/api/v4/user/applications/" + strconv.FormatInt(app.ID, 10)

	// Behind the provider's back: rename and rescope; the id cannot change.
	if !s.ModifyApplication(app.ID, func(a *fakegitlab.Application) { a.Name, a.Scopes, a.ID = "from the UI", []string{"openid"}, 999 }) {
		t.Fatal("ModifyApplication did not find the application")
	}
	send(t, s, fakegitlab.UserToken, "GET", path, "").expect(t, "modified", 200, "*")
	if got := send(t, s, fakegitlab.UserToken, "GET", path, "").entity(t); got["application_name"] != "from the UI" || jsonString(got["scopes"]) != `["openid"]` {
		t.Errorf("after ModifyApplication: %v", got)
	}
	// Another owner: it leaves the user's list and joins the other's.
	s.ModifyApplication(app.ID, func(a *fakegitlab.Application) { a.OwnerID = s.UserID(fakegitlab.OtherUserToken) })
	send(t, s, fakegitlab.UserToken, "GET", path, "").expect(t, "moved away", 403, bodyForbidden)
	if l := send(t, s, fakegitlab.OtherUserToken, "GET", "/api/v4/user/applications", "").list(t); len(l) != 1 {
		t.Errorf("the new owner lists %v", l)
	}
	if l := send(t, s, fakegitlab.UserToken, "GET", "/api/v4/user/applications", "").list(t); len(l) != 2 || l[0]["application_name"] != "seed-00001" || l[1]["application_name"] != "seed-00003" {
		t.Errorf("the old owner lists %v", l)
	}

	send(t, s, fakegitlab.OtherUserToken, "DELETE", path, "").expect(t, "deleted by the new owner", 204, "")
	if s.ModifyApplication(app.ID, func(*fakegitlab.Application) {}) {
		t.Error("ModifyApplication found a deleted application")
	}
	if got := len(s.Applications()); got != 2 {
		t.Errorf("%d applications left, want 2", got)
	}
	// Copies: changing what a test got changes nothing.
	apps := s.Applications()
	apps[0].Scopes[0] = "changed"
	if again, _ := lookUp(s, apps[0].ID); again.Scopes[0] != "api" {
		t.Error("Applications returned the stored scopes, not a copy")
	}
}
