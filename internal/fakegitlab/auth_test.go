package fakegitlab_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
)

func TestTokens(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	user := s.UserID(fakegitlab.UserToken)
	expired := s.AddToken(user, "", fakegitlab.TokenOptions{Expired: true})
	revoked := s.AddToken(user, "glpat-revoked", fakegitlab.TokenOptions{Revoked: true})
	readOnly := s.AddToken(user, "", fakegitlab.TokenOptions{ReadOnly: true})
	const (
		expiredBody = `{"error":"invalid_token","error_description":"Token is expired. You can either do re-authorization or token refresh."}`
		revokedBody = `{"error":"invalid_token","error_description":"Token was revoked. You have to re-authorize from the user."}`
		scopeBody   = `{"error":"insufficient_scope","error_description":"The request requires higher privileges than provided by the access token.","scope":"api"}`
	)
	for _, tc := range []struct {
		name, token, method, path, body string
		status                          int
		want                            string
	}{
		{"no token", "", "GET", "/api/v4/user", "", 401, bodyUnauthorized},
		{"unknown token", "glpat-nope", "GET", "/api/v4/user", "", 401, bodyUnauthorized},
		{"expired", expired, "GET", "/api/v4/user", "", 401, expiredBody},
		{"revoked", revoked, "GET", "/api/v4/user", "", 401, revokedBody},
		{"read_api reads", readOnly, "GET", "/api/v4/user/applications", "", 200, "[]"},
		{"read_api cannot write", readOnly, "POST", "/api/v4/user/applications", validApp, 403, scopeBody},
		{"read_api cannot delete", readOnly, "DELETE", "/api/v4/user/applications/1", "", 403, scopeBody},
		{"unknown routes answer before the token is looked at", "", "GET", "/api/v4/nope", "", 404, bodyRouteNotFound},
		{"the API root", "", "GET", "/api/v4", "", 404, bodyRouteNotFound},
	} {
		send(t, s, tc.token, tc.method, tc.path, tc.body).expect(t, tc.name, tc.status, tc.want)
	}

	// Bearer, and the query string; a removed token is unknown.
	header := http.Header{"Authorization": {"Bearer " + fakegitlab.UserToken}}
	sendWith(t, s, "", "GET", "/api/v4/user", header, "").expect(t, "bearer", 200, "*")
	sendWith(t, s, "", "GET", "/api/v4/user?private_token="+fakegitlab.UserToken, http.Header{}, "").expect(t, "private_token", 200, "*")
	sendWith(t, s, "", "GET", "/api/v4/user", http.Header{"Job-Token": {fakegitlab.UserToken}}, "").expect(t, "job token", 401, bodyUnauthorized)
	s.RemoveToken(revoked)
	send(t, s, revoked, "GET", "/api/v4/user", "").expect(t, "removed", 401, bodyUnauthorized)

	// Outside /api/v4: GitLab's web application, an HTML page.
	if a := send(t, s, fakegitlab.UserToken, "GET", "/gitlab/api/v4/user", ""); a.status != 404 || !strings.HasPrefix(a.header.Get("Content-Type"), "text/html") {
		t.Errorf("outside the API: %d %s", a.status, a.header.Get("Content-Type"))
	}
}

func TestCurrentUser(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{AdminMode: true})
	noAdminMode := s.AddToken(s.UserID(fakegitlab.AdminToken), "", fakegitlab.TokenOptions{})
	for _, tc := range []struct {
		token, want string
	}{
		{fakegitlab.AdminToken, `"id":1,"username":"root"`},
		{fakegitlab.UserToken, `"id":2,"username":"alice"`},
		{fakegitlab.OtherUserToken, `"id":3,"username":"bob"`},
	} {
		a := send(t, s, tc.token, "GET", "/api/v4/user", "").expect(t, tc.want, 200, "*")
		if !strings.HasPrefix(a.body, "{"+tc.want+",") {
			t.Errorf("GET /user: %s, want %s", a.body, tc.want)
		}
	}
	// is_admin only for those GitLab treats as administrators (UserWithAdmin vs UserPublic).
	for token, want := range map[string]any{fakegitlab.AdminToken: true, fakegitlab.UserToken: nil, noAdminMode: nil} {
		if got := send(t, s, token, "GET", "/api/v4/user", "").entity(t)["is_admin"]; got != want {
			t.Errorf("is_admin %v, want %v", got, want)
		}
	}
}

func TestAdminMode(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{AdminMode: true})
	withoutScope := s.AddToken(s.UserID(fakegitlab.AdminToken), "", fakegitlab.TokenOptions{})
	send(t, s, withoutScope, "GET", "/api/v4/applications", "").expect(t, "without admin_mode", 403, bodyForbidden)
	send(t, s, withoutScope, "POST", "/api/v4/applications", validApp).expect(t, "without admin_mode", 403, bodyForbidden)
	send(t, s, withoutScope, "GET", "/api/v4/user/applications", "").expect(t, "user routes need no admin", 200, "[]")
	send(t, s, fakegitlab.AdminToken, "GET", "/api/v4/applications", "").expect(t, "with admin_mode", 200, "[]")

	off := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	plain := off.AddToken(off.UserID(fakegitlab.AdminToken), "", fakegitlab.TokenOptions{})
	send(t, off, plain, "GET", "/api/v4/applications", "").expect(t, "admin mode off", 200, "[]")
}

func TestTokenMisuse(t *testing.T) {
	t.Parallel()
	s := fakegitlab.New(fakegitlab.Options{})
	for name, misuse := range map[string]func(){
		"unknown user":  func() { s.AddToken(99, "x", fakegitlab.TokenOptions{}) },
		"unknown owner": func() { s.SeedApplications(99, 1, "x") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			misuse()
		}()
	}
}

// TestTokenCarriers: a personal access token is read from PRIVATE-TOKEN, a Bearer token, private_token
// and access_token; an OAuth access token only from a Bearer token and access_token, as GitLab does.
func TestTokenCarriers(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	oauth := s.AddToken(s.UserID(fakegitlab.UserToken), "", fakegitlab.TokenOptions{OAuth: true})
	carriers := map[string]func(*http.Request, string){
		"PRIVATE-TOKEN": func(r *http.Request, token string) { r.Header.Set("PRIVATE-TOKEN", token) },
		"Bearer":        func(r *http.Request, token string) { r.Header.Set("Authorization", "Bearer "+token) },
		"private_token": func(r *http.Request, token string) { r.URL.RawQuery = "private_token=" + token },
		"access_token":  func(r *http.Request, token string) { r.URL.RawQuery = "access_token=" + token },
	}
	for _, tc := range []struct {
		token, carrier string
		want           int
	}{
		{fakegitlab.UserToken, "PRIVATE-TOKEN", http.StatusOK},
		{fakegitlab.UserToken, "Bearer", http.StatusOK},
		{fakegitlab.UserToken, "private_token", http.StatusOK},
		{fakegitlab.UserToken, "access_token", http.StatusOK},
		{oauth, "PRIVATE-TOKEN", http.StatusUnauthorized},
		{oauth, "Bearer", http.StatusOK},
		{oauth, "private_token", http.StatusUnauthorized},
		{oauth, "access_token", http.StatusOK},
	} {
		req, err := http.NewRequest(http.MethodGet, s.URL()+"/api/v4/user", nil)
		if err != nil {
			t.Fatal(err)
		}
		carriers[tc.carrier](req, tc.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s in %s: %d, want %d", tc.token[:8]+"…", tc.carrier, resp.StatusCode, tc.want)
		}
	}
	if len(oauth) != 64 || strings.HasPrefix(oauth, "glpat-") {
		t.Errorf("an OAuth access token %q, want 64 hex digits", oauth)
	}
}
