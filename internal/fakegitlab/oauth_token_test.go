package fakegitlab_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
)

// created is an application and the secret its create answered.
type created struct {
	ID            int64  `json:"id"`
	ApplicationID string `json:"application_id"`
	Secret        string `json:"secret"`
}

func createForTokenTests(t *testing.T, s *fakegitlab.Server, confidential bool) created {
	t.Helper()
	body := `{"name":"t","redirect_uri":"https://t.example.com/cb","scopes":"api","confidential":` + map[bool]string{true: "true", false: "false"}[confidential] + `}`
	a := send(t, s, fakegitlab.AdminToken, "POST", "/api/v4/applications", body).expect(t, "create", 201, "*")
	var app created
	if err := json.Unmarshal([]byte(a.body), &app); err != nil {
		t.Fatal(err)
	}
	return app
}

// basicAuth is HTTP Basic as Doorkeeper reads it: the raw client id and secret.
func basicAuth(uid, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(uid+":"+secret))
}

func TestTokenEndpointChecksInDoorkeepersOrder(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	app := createForTokenTests(t, s, true)
	public := createForTokenTests(t, s, false)
	const grant = "grant_type=authorization_code&code=nosuchcode&redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob"
	for _, tc := range []struct {
		name, authorization, body string
		status                    int
		error                     string
	}{
		{"basic, the current secret", basicAuth(app.ApplicationID, app.Secret), grant, 400, "invalid_grant"},
		{"basic, a wrong secret", basicAuth(app.ApplicationID, "gloas-wrong"), grant, 401, "invalid_client"},
		{"basic, an unknown client", basicAuth("nobody", app.Secret), grant, 401, "invalid_client"},
		{"form fields, the current secret", "", grant + "&client_id=" + app.ApplicationID + "&client_secret=" + app.Secret, 400, "invalid_grant"},
		{"form fields, a wrong secret", "", grant + "&client_id=" + app.ApplicationID + "&client_secret=wrong", 401, "invalid_client"},
		{"basic before form fields", basicAuth(app.ApplicationID, "wrong"), grant + "&client_id=" + app.ApplicationID + "&client_secret=" + app.Secret, 401, "invalid_client"},
		{"no client at all", "", grant, 401, "invalid_client"},
		{"confidential, blank secret", "", grant + "&client_id=" + app.ApplicationID, 401, "invalid_client"},
		{"public, blank secret", "", grant + "&client_id=" + public.ApplicationID, 400, "invalid_grant"},
		{"public, its secret", basicAuth(public.ApplicationID, public.Secret), grant, 400, "invalid_grant"},
		{"public, a wrong secret", basicAuth(public.ApplicationID, "wrong"), grant, 401, "invalid_client"},
		{"blank code before the client", basicAuth("nobody", "x"), "grant_type=authorization_code&code=&redirect_uri=x", 400, "invalid_request"},
		{"blank redirect_uri before the client", basicAuth("nobody", "x"), "grant_type=authorization_code&code=c", 400, "invalid_request"},
		{"no grant type", basicAuth(app.ApplicationID, app.Secret), "code=c&redirect_uri=x", 400, "invalid_request"},
		{"an unsupported grant", basicAuth(app.ApplicationID, app.Secret), "grant_type=implicit", 400, "unsupported_grant_type"},
		{"refresh_token, the current secret", basicAuth(app.ApplicationID, app.Secret), "grant_type=refresh_token&refresh_token=nope", 400, "invalid_grant"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			header := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
			if tc.authorization != "" {
				header.Set("Authorization", tc.authorization)
			}
			a := sendWith(t, s, "", "POST", "/oauth/token", header, tc.body)
			var got struct{ Error string }
			_ = json.Unmarshal([]byte(a.body), &got)
			if a.status != tc.status || got.Error != tc.error {
				t.Errorf("got %d %s, want %d %s", a.status, a.body, tc.status, tc.error)
			}
			if (a.status == 401) != (a.header.Get("WWW-Authenticate") != "") {
				t.Errorf("WWW-Authenticate %q with %d", a.header.Get("WWW-Authenticate"), a.status)
			}
			if strings.Contains(a.body, "access_token") {
				t.Errorf("a token was issued: %s", a.body)
			}
		})
	}
}

func TestRenewSecretOutsideStopsTheOldSecret(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	app := createForTokenTests(t, s, true)
	check := func(want int) {
		t.Helper()
		header := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Authorization": {basicAuth(app.ApplicationID, app.Secret)}}
		if a := sendWith(t, s, "", "POST", "/oauth/token", header, "grant_type=authorization_code&code=c&redirect_uri=x"); a.status != want {
			t.Errorf("token endpoint %d, want %d", a.status, want)
		}
	}
	check(400)
	send(t, s, "", "POST", "/-/fake/renew-secret?id=999", "").expect(t, "no such application", 404, "*")
	send(t, s, "", "POST", "/-/fake/renew-secret?id=x", "").expect(t, "bad id", 400, "*")
	send(t, s, "", "POST", "/-/fake/renew-secret?id="+strconv.FormatInt(app.ID, 10), "").expect(t, "renew", 204, "")
	check(401)
	if s.IsValidSecret(app.ID, app.Secret) {
		t.Error("the old secret is still valid")
	}
	if n := s.CountRequests("POST", "/oauth/token"); n != 2 {
		t.Errorf("%d token requests recorded, want 2", n)
	}
	s.InjectFault(fakegitlab.JSONError("POST", "/oauth/token", http.StatusServiceUnavailable))
	check(503)
}

// TestTokenEndpointReadsCredentialsAsDoorkeeper: Basic is decoded and split at the first colon, never
// URL-decoded, so a secret with "+/=:%" works raw and is refused form-encoded (RFC 6749 2.3.1), as
// GitLab refuses it; form fields carry it as they are.
func TestTokenEndpointReadsCredentialsAsDoorkeeper(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	app := createForTokenTests(t, s, true)
	const secret = "gloas-a+b/c=d:e%2Bf"
	if !s.SetSecretOutside(app.ID, secret) || s.SetSecretOutside(999, secret) {
		t.Fatal("SetSecretOutside does not find the application, or finds one that does not exist")
	}
	const grant = "grant_type=authorization_code&code=c&redirect_uri=x"
	for _, tc := range []struct {
		name, authorization, body string
		status                    int
	}{
		{"raw in Basic", basicAuth(app.ApplicationID, secret), grant, 400},
		{"form-encoded in Basic", "Basic " + base64.StdEncoding.EncodeToString([]byte(app.ApplicationID+":"+url.QueryEscape(secret))), grant, 401},
		{"form fields", "", grant + "&" + url.Values{"client_id": {app.ApplicationID}, "client_secret": {secret}}.Encode(), 400},
	} {
		header := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
		if tc.authorization != "" {
			header.Set("Authorization", tc.authorization)
		}
		if a := sendWith(t, s, "", "POST", "/oauth/token", header, tc.body); a.status != tc.status {
			t.Errorf("%s: %d %s, want %d", tc.name, a.status, a.body, tc.status)
		}
	}
}

// TestTokenEndpointInterceptsOneClient: a gateway's answers for one client id, the given number of
// times, leave other clients to Doorkeeper.
func TestTokenEndpointInterceptsOneClient(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	app, other := createForTokenTests(t, s, true), createForTokenTests(t, s, true)
	s.InterceptTokenRequests(app.ApplicationID, fakegitlab.Fault{Times: 2, Status: 401, Body: `{"error":"invalid_client"}`})
	check := func(c created) int {
		header := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Authorization": {basicAuth(c.ApplicationID, c.Secret)}}
		return sendWith(t, s, "", "POST", "/oauth/token", header, "grant_type=authorization_code&code=c&redirect_uri=x").status
	}
	for i, want := range []int{401, 401, 400} {
		if got := check(app); got != want {
			t.Errorf("request %d: %d, want %d", i+1, got, want)
		}
	}
	if got := check(other); got != 400 {
		t.Errorf("another client: %d, want 400", got)
	}
}
