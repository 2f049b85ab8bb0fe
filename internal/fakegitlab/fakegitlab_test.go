package fakegitlab

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// call sends one request like a GitLab client and returns status, headers and decoded JSON body.
func call(t *testing.T, s *Server, token, method, path, jsonBody string) (int, http.Header, any) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL()+path, strings.NewReader(jsonBody))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("PRIVATE-TOKEN", token)
	}
	if jsonBody != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var body any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Fatalf("%s %s: body is not JSON: %q", method, path, raw)
		}
	}
	return resp.StatusCode, resp.Header, body
}

// object is a JSON object answer, or an empty one.
func object(body any) map[string]any {
	m, _ := body.(map[string]any)
	return m
}

func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

const validApp = `{"name":"ci","redirect_uri":"https://ci.example.com/cb","scopes":"api read_user"}`

func TestInstanceApplications(t *testing.T) {
	s := NewTestServer(t, Options{})
	status, _, body := call(t, s, AdminToken, "POST", "/api/v4/applications", validApp)
	created, _ := body.(map[string]any)
	if status != http.StatusCreated || created["secret"] == nil || created["confidential"] != true || asJSON(created["scopes"]) != `["api","read_user"]` {
		t.Fatalf("create: %d %v", status, body)
	}
	id := asJSON(created["id"])

	status, header, body := call(t, s, AdminToken, "GET", "/api/v4/applications?page=2&per_page=1", "")
	list, _ := body.([]any)
	if status != http.StatusOK || len(list) != 1 || header.Get("X-Total") != "" {
		t.Errorf("list ignores pagination: %d %v %v", status, body, header)
	}
	if strings.Contains(asJSON(list), "secret") {
		t.Error("the list shows a secret")
	}
	if status, _, body = call(t, s, AdminToken, "POST", "/api/v4/applications/"+id+"/renew-secret", ""); status != http.StatusCreated || object(body)["secret"] == created["secret"] {
		t.Errorf("renew: %d %v", status, body)
	}
	if status, _, _ = call(t, s, UserToken, "GET", "/api/v4/applications", ""); status != http.StatusForbidden {
		t.Errorf("a user listed instance applications: %d", status)
	}
	if status, _, body = call(t, s, AdminToken, "DELETE", "/api/v4/applications/"+id, ""); status != http.StatusNoContent || body != nil {
		t.Errorf("delete: %d %v", status, body)
	}
	if status, _, body = call(t, s, AdminToken, "DELETE", "/api/v4/applications/"+id, ""); status != http.StatusNotFound || asJSON(body) != `{"message":"404 Application Not Found"}` {
		t.Errorf("delete again: %d %v", status, body)
	}
	if status, _, body = call(t, s, AdminToken, "DELETE", "/api/v4/applications/abc", ""); status != http.StatusBadRequest || asJSON(body) != `{"error":"id is invalid"}` {
		t.Errorf("bad id: %d %v", status, body)
	}
}

func TestUserApplicationsOwnershipAndUpdate(t *testing.T) {
	s := NewTestServer(t, Options{})
	_, _, body := call(t, s, UserToken, "POST", "/api/v4/user/applications", validApp)
	id := asJSON(object(body)["id"])
	path := "/api/v4/user/applications/" + id

	if status, _, body := call(t, s, OtherUserToken, "GET", path, ""); status != http.StatusForbidden || asJSON(body) != `{"message":"403 Forbidden"}` {
		t.Errorf("someone else's: %d %v", status, body)
	}
	status, _, body := call(t, s, UserToken, "PUT", path, `{"name":"renamed","redirect_uri":"https://ignored.example.com","confidential":false,"scopes":"openid"}`)
	updated, _ := body.(map[string]any)
	if status != http.StatusOK || updated["application_name"] != "renamed" || updated["callback_url"] != "https://ci.example.com/cb" ||
		updated["confidential"] != true || asJSON(updated["scopes"]) != `["openid"]` || updated["secret"] != nil {
		t.Errorf("update: %d %v", status, body)
	}
	if status, _, body := call(t, s, UserToken, "PUT", path, `{"name":""}`); status != http.StatusBadRequest || asJSON(body) != `{"message":{"name":["can't be blank"]}}` {
		t.Errorf("blank name: %d %v", status, body)
	}
	if status, _, body := call(t, s, UserToken, "GET", "/api/v4/user/applications/999", ""); status != http.StatusNotFound || asJSON(body) != `{"message":"404 Application Not Found"}` {
		t.Errorf("unknown id: %d %v", status, body)
	}
	if status, _, _ := call(t, s, UserToken, "DELETE", path, ""); status != http.StatusNoContent {
		t.Errorf("delete: %d", status)
	}
}

func TestUserApplicationsPagination(t *testing.T) {
	s := NewTestServer(t, Options{})
	s.SeedApplications(s.UserID(UserToken), 45, "app")
	for _, tc := range []struct {
		query                       string
		items                       int
		page, next, prev, totalPage string
	}{
		{"", 20, "1", "2", "", "3"},
		{"?page=3", 5, "3", "", "2", "3"},
		{"?per_page=500", 45, "1", "", "", "1"},
		{"?page=9", 0, "9", "", "8", "3"},
	} {
		_, h, body := call(t, s, UserToken, "GET", "/api/v4/user/applications"+tc.query, "")
		items, _ := body.([]any)
		if len(items) != tc.items || h.Get("X-Page") != tc.page || h.Get("X-Next-Page") != tc.next ||
			h.Get("X-Prev-Page") != tc.prev || h.Get("X-Total-Pages") != tc.totalPage || h.Get("X-Total") != "45" {
			t.Errorf("%q: %d items, headers %v", tc.query, len(items), h)
		}
		if tc.next != "" && !strings.Contains(h.Get("Link"), `rel="next"`) {
			t.Errorf("%q: Link %q", tc.query, h.Get("Link"))
		}
	}
}

func TestValidationMessages(t *testing.T) {
	s := NewTestServer(t, Options{})
	for body, want := range map[string]string{
		`{}`: `{"error":"name is missing, redirect_uri is missing, scopes is missing, scopes is empty"}`,
		`{"name":"a","redirect_uri":"https://a.example.com","scopes":""}`:         `{"error":"scopes is empty"}`,
		`{"name":"a","redirect_uri":"https://a.example.com/#x","scopes":"api"}`:   `{"message":{"redirect_uri":["cannot contain a fragment."]}}`,
		`{"name":"a","redirect_uri":"javascript:x","scopes":"api"}`:               `{"message":{"redirect_uri":["is forbidden by the server."]}}`,
		`{"name":"a","redirect_uri":"localhost:3000/cb","scopes":"api"}`:          `{"message":{"redirect_uri":["must specify a scheme."]}}`,
		`{"name":"a","redirect_uri":"/cb","scopes":"api"}`:                        `{"message":{"redirect_uri":["must be an absolute URI."]}}`,
		`{"name":"a","redirect_uri":"http://","scopes":"api"}`:                    `{"message":{"redirect_uri":["must be a valid URI."]}}`,
		`{"name":"a","redirect_uri":"https://a.example.com","scopes":"api nope"}`: `{"message":{"scopes":["doesn't match configured on the server."]}}`,
	} {
		status, _, got := call(t, s, AdminToken, "POST", "/api/v4/applications", body)
		if status != http.StatusBadRequest || asJSON(got) != want {
			t.Errorf("%s: %d %s, want %s", body, status, asJSON(got), want)
		}
	}
	// Form-encoded parameters, duplicates dropped in order, user:<x> scopes and custom schemes accepted.
	form := url.Values{"name": {"a"}, "redirect_uri": {"myapp://cb urn:ietf:wg:oauth:2.0:oob"}, "scopes": {"openid api openid user:x"}, "confidential": {"false"}}
	req, _ := http.NewRequest("POST", s.URL()+"/api/v4/applications", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+AdminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var created map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || asJSON(created["scopes"]) != `["openid","api","user:x"]` || created["confidential"] != false {
		t.Errorf("form create: %d %v", resp.StatusCode, created)
	}
}

func TestOlderGitLabAndTokens(t *testing.T) {
	old := NewTestServer(t, Options{OmitScopes: true, NoUserApplications: true, NoRenewSecret: true})
	_, _, body := call(t, old, AdminToken, "POST", "/api/v4/applications", validApp)
	if _, ok := object(body)["scopes"]; ok {
		t.Error("scopes reported by a GitLab that should omit them")
	}
	for _, path := range []string{"/api/v4/user/applications", "/api/v4/user/applications/1", "/api/v4/applications/1/renew-secret"} {
		method := "GET"
		if strings.HasSuffix(path, "renew-secret") {
			method = "POST"
		}
		if status, _, body := call(t, old, AdminToken, method, path, ""); status != http.StatusNotFound || asJSON(body) != `{"error":"404 Not Found"}` {
			t.Errorf("%s: %d %v", path, status, body)
		}
	}

	s := NewTestServer(t, Options{AdminMode: true})
	admin := s.UserID(AdminToken)
	s.AddToken(admin, "no-admin-mode", TokenOptions{})
	s.AddToken(admin, "expired", TokenOptions{Expired: true})
	s.AddToken(s.UserID(UserToken), "read-only", TokenOptions{ReadOnly: true})
	for _, tc := range []struct {
		token, method, path string
		status              int
		body                string
	}{
		{"", "GET", "/api/v4/user", 401, `{"message":"401 Unauthorized"}`},
		{"expired", "GET", "/api/v4/user", 401, `"error":"invalid_token"`},
		{"no-admin-mode", "GET", "/api/v4/applications", 403, `{"message":"403 Forbidden"}`},
		{AdminToken, "GET", "/api/v4/applications", 200, `[]`},
		{"read-only", "POST", "/api/v4/user/applications", 403, `"error":"insufficient_scope"`},
		{"read-only", "GET", "/api/v4/user/applications", 200, `[]`},
	} {
		status, _, body := call(t, s, tc.token, tc.method, tc.path, "")
		if status != tc.status || !strings.Contains(asJSON(body), tc.body) {
			t.Errorf("%s %s with %q: %d %s", tc.method, tc.path, tc.token, status, asJSON(body))
		}
	}
}

func TestFaultsAndRequestLog(t *testing.T) {
	s := NewTestServer(t, Options{})
	s.InjectFault(Fault{Method: "POST", Path: "/api/v4/applications", Kind: FaultLoseAnswer})
	req, _ := http.NewRequest("POST", s.URL()+"/api/v4/applications", strings.NewReader(validApp))
	req.Header.Set("PRIVATE-TOKEN", AdminToken)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("a lost answer arrived")
	}
	if n := len(s.Applications()); n != 1 {
		t.Errorf("%d applications after a lost answer, want 1: the work is done", n)
	}

	s.InjectFault(Fault{Path: "/api/v4/user", Kind: FaultStatus, Status: 429, Body: "Retry later", Header: http.Header{"Retry-After": {"1"}}})
	resp, err := http.Get(s.URL() + "/api/v4/user")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1" {
		t.Errorf("fault answered %d %v", resp.StatusCode, resp.Header)
	}
	if status, _, _ := call(t, s, AdminToken, "GET", "/api/v4/user", ""); status != 200 {
		t.Errorf("a fault outlived its Times: %d", status)
	}
	reqs := s.Requests()
	if len(reqs) != 3 || reqs[0].Status != 0 || reqs[1].Status != 429 || reqs[2].Status != 200 {
		t.Errorf("request log %+v", reqs)
	}
	for _, r := range reqs {
		if strings.Contains(r.Query, AdminToken) {
			t.Error("the request log holds a token")
		}
	}
	if stats := s.Stats(); stats["POST /api/v4/applications"] != 1 || stats["GET /api/v4/user"] != 2 {
		t.Errorf("stats %v", stats)
	}
}
