package fakegitlab_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
)

const (
	bodyGroupNotFound = `{"message":"404 Group Not Found"}`
	// platformRoute is GroupPath as a client sends it: one URL-encoded path segment.
	platformRoute = "/api/v4/groups/acme%2Fplatform/applications"
)

func groupID(t *testing.T, s *fakegitlab.Server, path string) string {
	t.Helper()
	g, ok := s.GroupByPath(path)
	if !ok {
		t.Fatalf("no group %s", path)
	}
	return strconv.FormatInt(g.ID, 10)
}

func TestDefaultGroups(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	platform, ok := s.GroupByPath("ACME/Platform") // GitLab ignores case
	other, ok2 := s.GroupByPath(fakegitlab.OtherGroupPath)
	if !ok || !ok2 || platform.FullPath != fakegitlab.GroupPath || platform.ID == other.ID {
		t.Fatalf("default groups %+v %+v", platform, other)
	}
	if _, ok := s.GroupByPath("acme"); ok {
		t.Error("a parent path is not a group of its own here")
	}
	defer func() {
		if recover() == nil {
			t.Error("AddGroup accepted a taken path")
		}
	}()
	s.AddGroup("Acme/Other")
}

func TestGroupApplications(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	created := send(t, s, fakegitlab.UserToken, "POST", platformRoute, validApp).expect(t, "create", 201, "*").entity(t)
	if !secretPattern.MatchString(stringOf(created, "secret")) || !clientIDPattern.MatchString(stringOf(created, "application_id")) ||
		created["application_name"] != "ci" || created["confidential"] != true || jsonString(created["scopes"]) != `["api","read_user"]` {
		t.Errorf("create answered %v", created)
	}
	id := idOf(t, created)
	n, _ := strconv.ParseInt(id, 10, 64)
	platform, _ := s.GroupByPath(fakegitlab.GroupPath)
	if app, _ := lookUp(s, n); app.GroupID != platform.ID || app.OwnerID != 0 {
		t.Errorf("stored %+v, want an application of group %d", app, platform.ID)
	}

	// By full path or by id: the same application.
	byPath := platformRoute + "/" + id
	byID := "/api/v4/groups/" + groupID(t, s, fakegitlab.GroupPath) + "/applications/" + id
	for _, path := range []string{byPath, byID} {
		got := send(t, s, fakegitlab.UserToken, "GET", path, "").expect(t, "get "+path, 200, "*").entity(t)
		if _, ok := got["secret"]; ok || got["application_id"] != created["application_id"] {
			t.Errorf("get %s answered %v", path, got)
		}
	}

	updated := send(t, s, fakegitlab.UserToken, "PUT", byID,
		`{"name":"renamed","redirect_uri":"https://ignored.example.com","confidential":false,"scopes":"openid profile"}`).
		expect(t, "update", 200, "*").entity(t)
	if updated["application_name"] != "renamed" || updated["callback_url"] != "https://ci.example.com/cb" ||
		updated["confidential"] != true || jsonString(updated["scopes"]) != `["openid","profile"]` {
		t.Errorf("update answered %v", updated)
	}
	if _, ok := updated["secret"]; ok || !s.IsValidSecret(n, stringOf(created, "secret")) {
		t.Error("update shows or changes the secret")
	}
	send(t, s, fakegitlab.UserToken, "PUT", byPath, `{"scopes":"nope"}`).expect(t, "unknown scope", 400, bodyScopesMismatch)
	send(t, s, fakegitlab.UserToken, "POST", platformRoute, `{"name":"x"}`).
		expect(t, "missing parameters", 400, `{"error":"redirect_uri is missing, scopes is missing, scopes is empty"}`)
	send(t, s, fakegitlab.UserToken, "POST", platformRoute, `{"name":"x","redirect_uri":"https://x.example.com/cb#f","scopes":"api"}`).
		expect(t, "model validation", 400, `{"message":{"redirect_uri":["cannot contain a fragment."]}}`)

	if l := send(t, s, fakegitlab.UserToken, "GET", platformRoute, "").expect(t, "list", 200, "*").list(t); len(l) != 1 || l[0]["application_name"] != "renamed" {
		t.Errorf("list %v", l)
	}
	send(t, s, fakegitlab.UserToken, "DELETE", byPath, "").expect(t, "delete", 204, "")
	send(t, s, fakegitlab.UserToken, "GET", byID, "").expect(t, "get deleted", 404, bodyAppNotFound)
	send(t, s, fakegitlab.UserToken, "DELETE", byID, "").expect(t, "delete deleted", 404, bodyAppNotFound)
	send(t, s, fakegitlab.UserToken, "GET", platformRoute, "").expect(t, "empty list", 200, "[]")

	// Ids come from the one sequence of every application.
	user := send(t, s, fakegitlab.UserToken, "POST", "/api/v4/user/applications", validApp).expect(t, "user create", 201, "*").entity(t)
	if idOf(t, user) != strconv.FormatInt(n+1, 10) {
		t.Errorf("the next application has id %s, want %d", idOf(t, user), n+1)
	}
}

func TestGroupApplicationsRefuse(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	platform, other := groupID(t, s, fakegitlab.GroupPath), groupID(t, s, fakegitlab.OtherGroupPath)
	mine := strconv.FormatInt(s.SeedGroupApplications(mustAtoi(platform), 1, "mine")[0].ID, 10)
	theirs := strconv.FormatInt(s.SeedGroupApplications(mustAtoi(other), 1, "theirs")[0].ID, 10)
	users := strconv.FormatInt(s.SeedApplications(s.UserID(fakegitlab.UserToken), 1, "user")[0].ID, 10)
	instance := strconv.FormatInt(s.SeedApplications(fakegitlab.InstanceOwner, 1, "instance")[0].ID, 10)
	readOnly := s.AddToken(s.UserID(fakegitlab.UserToken), "", fakegitlab.TokenOptions{ReadOnly: true})
	for _, tc := range []struct {
		name, token, method, path, body string
		status                          int
		want                            string
	}{
		{"a Maintainer lists", fakegitlab.OtherUserToken, "GET", platformRoute, "", 403, bodyForbidden},
		{"a Maintainer creates", fakegitlab.OtherUserToken, "POST", platformRoute, validApp, 403, bodyForbidden},
		{"a Maintainer reads", fakegitlab.OtherUserToken, "GET", platformRoute + "/" + mine, "", 403, bodyForbidden},
		{"a Maintainer deletes", fakegitlab.OtherUserToken, "DELETE", "/api/v4/groups/" + platform + "/applications/" + mine, "", 403, bodyForbidden},
		{"a Maintainer with a bad id: 403 first", fakegitlab.OtherUserToken, "GET", platformRoute + "/abc", "", 403, bodyForbidden},
		{"a non-member: the group is invisible", fakegitlab.UserToken, "GET", "/api/v4/groups/acme%2Fother/applications", "", 404, bodyGroupNotFound},
		{"a non-member by id", fakegitlab.UserToken, "DELETE", "/api/v4/groups/" + other + "/applications/" + theirs, "", 404, bodyGroupNotFound},
		{"an unknown path", fakegitlab.UserToken, "GET", "/api/v4/groups/acme%2Fnope/applications", "", 404, bodyGroupNotFound},
		{"an unknown id", fakegitlab.AdminToken, "POST", "/api/v4/groups/999999/applications", validApp, 404, bodyGroupNotFound},
		{"another group's application", fakegitlab.UserToken, "GET", platformRoute + "/" + theirs, "", 404, bodyAppNotFound},
		{"a user application", fakegitlab.UserToken, "PUT", platformRoute + "/" + users, `{"name":"x"}`, 404, bodyAppNotFound},
		{"an instance application", fakegitlab.UserToken, "DELETE", platformRoute + "/" + instance, "", 404, bodyAppNotFound},
		{"an unknown application", fakegitlab.UserToken, "GET", platformRoute + "/999", "", 404, bodyAppNotFound},
		{"a non-integer application id", fakegitlab.UserToken, "GET", platformRoute + "/abc", "", 400, `{"error":"application_id is invalid"}`},
		{"a path not encoded: no route", fakegitlab.UserToken, "GET", "/api/v4/groups/acme/platform/applications", "", 404, bodyRouteNotFound},
		{"no renew-secret", fakegitlab.UserToken, "POST", platformRoute + "/" + mine + "/renew-secret", "", 404, bodyRouteNotFound},
		{"a read-only token writes", readOnly, "DELETE", platformRoute + "/" + mine, "", 403, "*"},
		{"no token", "", "GET", platformRoute, "", 401, bodyUnauthorized},
		{"a group application on the user route", fakegitlab.UserToken, "GET", "/api/v4/user/applications/" + mine, "", 403, bodyForbidden},
		{"a group application on the instance route", fakegitlab.AdminToken, "DELETE", "/api/v4/applications/" + mine, "", 404, bodyAppNotFound},
	} {
		a := send(t, s, tc.token, tc.method, tc.path, tc.body).expect(t, tc.name, tc.status, tc.want)
		if tc.token == readOnly && !strings.Contains(a.body, "insufficient_scope") {
			t.Errorf("%s: %s", tc.name, a.body)
		}
	}
	if l := send(t, s, readOnly, "GET", platformRoute, "").expect(t, "a read-only token lists", 200, "*").list(t); len(l) != 1 {
		t.Errorf("read-only list %v", l)
	}
	if len(s.Applications()) != 4 {
		t.Errorf("a refused request changed the applications: %v", s.Applications())
	}

	// An administrator manages any group's applications, member or not; with admin mode, only with
	// the admin_mode scope.
	send(t, s, fakegitlab.AdminToken, "GET", "/api/v4/groups/acme%2Fother/applications/"+theirs, "").expect(t, "administrator", 200, "*")
	send(t, s, fakegitlab.AdminToken, "POST", "/api/v4/groups/"+other+"/applications", validApp).expect(t, "administrator creates", 201, "*")
	strict := fakegitlabtest.NewTestServer(t, fakegitlab.Options{AdminMode: true})
	plain := strict.AddToken(strict.UserID(fakegitlab.AdminToken), "", fakegitlab.TokenOptions{})
	send(t, strict, plain, "GET", platformRoute, "").expect(t, "admin without admin mode", 404, bodyGroupNotFound)
	send(t, strict, fakegitlab.AdminToken, "GET", platformRoute, "").expect(t, "admin in admin mode", 200, "[]")

	// Roles below Owner are refused; promoted to Owner, the Maintainer may.
	for _, role := range []fakegitlab.Role{fakegitlab.RoleGuest, fakegitlab.RoleReporter, fakegitlab.RoleDeveloper, fakegitlab.RoleMaintainer} {
		s.AddGroupMember(mustAtoi(platform), s.UserID(fakegitlab.OtherUserToken), role)
		send(t, s, fakegitlab.OtherUserToken, "GET", platformRoute, "").expect(t, role.String(), 403, bodyForbidden)
	}
	s.AddGroupMember(mustAtoi(platform), s.UserID(fakegitlab.OtherUserToken), fakegitlab.RoleOwner)
	send(t, s, fakegitlab.OtherUserToken, "GET", platformRoute+"/"+mine, "").expect(t, "promoted to Owner", 200, "*")
}

func mustAtoi(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		panic(err)
	}
	return n
}

func TestGroupApplicationsPagination(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	platform, _ := s.GroupByPath(fakegitlab.GroupPath)
	other, _ := s.GroupByPath(fakegitlab.OtherGroupPath)
	s.SeedGroupApplications(platform.ID, 45, "app")
	s.SeedGroupApplications(other.ID, 7, "theirs")
	s.SeedApplications(s.UserID(fakegitlab.UserToken), 3, "mine")
	base := s.URL() + platformRoute
	a := send(t, s, fakegitlab.UserToken, "GET", platformRoute+"?page=2&per_page=20", "").expect(t, "page 2", 200, "*")
	if items := a.list(t); len(items) != 20 || items[0]["application_name"] != "app-00021" {
		t.Errorf("page 2 has %d items starting %v", len(items), items[0])
	}
	want := map[string]string{"X-Page": "2", "X-Per-Page": "20", "X-Next-Page": "3", "X-Prev-Page": "1", "X-Total": "45", "X-Total-Pages": "3"}
	for name, value := range want {
		if got := a.header.Get(name); got != value {
			t.Errorf("%s = %q, want %q", name, got, value)
		}
	}
	// The links keep the group's path encoded, so that following them reaches the same route.
	if link := a.header.Get("Link"); !strings.Contains(link, `<`+base+`?page=3&per_page=20>; rel="next"`) {
		t.Errorf("Link %s", link)
	}
	a = send(t, s, fakegitlab.UserToken, "GET", platformRoute+"?per_page=500", "").expect(t, "per_page above 100", 200, "*")
	if len(a.list(t)) != 45 || a.header.Get("X-Per-Page") != "100" || a.header.Get("X-Next-Page") != "" {
		t.Errorf("per_page=500: %d items, headers %v", len(a.list(t)), a.header)
	}
	if l := send(t, s, fakegitlab.UserToken, "GET", platformRoute, "").list(t); len(l) != 20 {
		t.Errorf("the default page has %d items, want 20", len(l))
	}
	send(t, s, fakegitlab.UserToken, "GET", platformRoute+"?page=x", "").expect(t, "bad page", 400, `{"error":"page is invalid"}`)
}

func TestGroupApplicationsOnOlderOrOtherGitLab(t *testing.T) {
	t.Parallel()
	old := fakegitlabtest.NewTestServer(t, fakegitlab.Options{NoGroupApplications: true})
	for _, tc := range []struct{ method, path string }{
		{"GET", platformRoute}, {"POST", platformRoute}, {"GET", platformRoute + "/1"},
		{"PUT", platformRoute + "/1"}, {"DELETE", "/api/v4/groups/1001/applications/1"},
	} {
		for _, token := range []string{fakegitlab.UserToken, ""} {
			send(t, old, token, tc.method, tc.path, "").expect(t, "older than 19.6: "+tc.method+" "+tc.path, 404, bodyRouteNotFound)
		}
	}
	send(t, old, fakegitlab.UserToken, "POST", "/api/v4/user/applications", validApp).expect(t, "user applications still work", 201, "*")

	// Where GitLab's documentation leaves the group API's answer open, the fake can answer otherwise.
	other := fakegitlabtest.NewTestServer(t, fakegitlab.Options{GroupCreateStatus200: true, UnpaginatedGroupList: true})
	send(t, other, fakegitlab.UserToken, "POST", platformRoute, validApp).expect(t, "create answers 200", 200, "*")
	send(t, other, fakegitlab.UserToken, "POST", "/api/v4/user/applications", validApp).expect(t, "user create stays 201", 201, "*")
	platform, _ := other.GroupByPath(fakegitlab.GroupPath)
	other.SeedGroupApplications(platform.ID, 150, "app")
	a := send(t, other, fakegitlab.UserToken, "GET", platformRoute+"?page=2&per_page=100", "").expect(t, "unpaginated list", 200, "*")
	if len(a.list(t)) != 151 {
		t.Errorf("the unpaginated list has %d items, want 151", len(a.list(t)))
	}
	for _, h := range []string{"X-Total", "X-Page", "X-Next-Page", "Link"} {
		if _, ok := a.header[h]; ok {
			t.Errorf("the unpaginated list has a %s header", h)
		}
	}
}

func TestGroupRoutesLoggedFaultedSeeded(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	send(t, s, "", "POST", "/-/fake/seed?count=3&group=acme/platform&prefix=bench", "").expect(t, "seed a group's", 201, `{"ids":[1,2,3]}`)
	send(t, s, "", "POST", "/-/fake/seed?count=1&group=acme/nope", "").expect(t, "unknown group", 400, `{"error":"group must be the full path of a group"}`)
	send(t, s, "", "POST", "/-/fake/seed?count=1&group=acme/platform&owner=alice", "").
		expect(t, "owner and group", 400, `{"error":"owner and group are mutually exclusive"}`)
	platform, _ := s.GroupByPath(fakegitlab.GroupPath)
	if app, _ := lookUp(s, 2); app.Name != "bench-00002" || app.GroupID != platform.ID || app.OwnerID != 0 {
		t.Errorf("seeded %+v", app)
	}

	// The log keeps the path as sent, with the group's path encoded.
	send(t, s, fakegitlab.UserToken, "GET", platformRoute, "").expect(t, "list", 200, "*")
	send(t, s, fakegitlab.UserToken, "GET", "/api/v4/groups/"+strconv.FormatInt(platform.ID, 10)+"/applications/1", "").expect(t, "get", 200, "*")
	if n := s.CountRequests("GET", platformRoute); n != 1 {
		t.Errorf("CountRequests(%s) = %d", platformRoute, n)
	}
	if reqs := s.Requests(); len(reqs) != 2 || reqs[0].Path != platformRoute || reqs[0].Status != 200 {
		t.Errorf("requests %+v", reqs)
	}
	stats := s.Stats()
	if stats["GET /api/v4/groups/acme%2Fplatform/applications"] != 1 || stats["GET /api/v4/groups/:id/applications/:id"] != 1 {
		t.Errorf("stats %v", stats)
	}

	// Faults match the encoded path, or any group through a parameter.
	s.InjectFault(fakegitlab.JSONError("GET", platformRoute, 500))
	send(t, s, fakegitlab.UserToken, "GET", platformRoute, "").expect(t, "status fault", 500, `{"message":"500 Internal Server Error"}`)
	s.InjectFault(fakegitlab.LoseAnswer("POST", "/api/v4/groups/:id/applications"))
	if _, err := rawPost(t, s, fakegitlab.UserToken, platformRoute, validApp); err == nil {
		t.Error("the answer of the create arrived")
	}
	s.InjectFault(fakegitlab.CutConnection("POST", "/api/v4/groups/"))
	if _, err := rawPost(t, s, fakegitlab.UserToken, platformRoute, validApp); err == nil {
		t.Error("the cut create got an answer")
	}
	send(t, s, fakegitlab.UserToken, "POST", platformRoute, validApp).expect(t, "faults used up", 201, "*")
	names := []string{}
	for _, app := range s.Applications() {
		names = append(names, app.Name)
	}
	// The lost create happened, the cut one did not.
	if !slices.Equal(names, []string{"bench-00001", "bench-00002", "bench-00003", "ci", "ci"}) {
		t.Errorf("applications %v", names)
	}
}

func TestManyGroupApplications(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	platform, _ := s.GroupByPath(fakegitlab.GroupPath)
	s.SeedGroupApplications(platform.ID, 300, "bench")
	seen, pages := 0, 0
	for page := 1; ; page++ {
		a := send(t, s, fakegitlab.UserToken, "GET", fmt.Sprintf("%s?per_page=100&page=%d", platformRoute, page), "")
		seen += len(a.list(t))
		pages++
		if a.header.Get("X-Next-Page") == "" {
			break
		}
	}
	if seen != 300 || pages != 3 {
		t.Errorf("walked %d group applications in %d pages, want 300 in 3", seen, pages)
	}
}
