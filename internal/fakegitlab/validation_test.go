package fakegitlab

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestCreateValidation(t *testing.T) {
	t.Parallel()
	s := NewTestServer(t, Options{})
	app := func(redirectURI string) string {
		return `{"name":"a","redirect_uri":` + jsonString(redirectURI) + `,"scopes":"api"}`
	}
	redirect := func(msgs ...string) string {
		return `{"message":{"redirect_uri":["` + strings.Join(msgs, `","`) + `"]}}`
	}
	for _, tc := range []struct{ name, body, want string }{
		// Grape's parameter checks, joined in the route's order.
		{"nothing", `{}`, `{"error":"name is missing, redirect_uri is missing, scopes is missing, scopes is empty"}`},
		{"no scopes", `{"name":"a","redirect_uri":"https://a.example.com"}`, `{"error":"scopes is missing, scopes is empty"}`},
		{"blank scopes", `{"name":"a","redirect_uri":"https://a.example.com","scopes":"  "}`, `{"error":"scopes is empty"}`},
		{"no name", `{"redirect_uri":"https://a.example.com","scopes":"api"}`, `{"error":"name is missing"}`},
		{"bad confidential", `{"name":"a","redirect_uri":"https://a.example.com","scopes":"api","confidential":"maybe"}`, `{"error":"confidential is invalid"}`},
		{"name is an object", `{"name":{"x":1},"redirect_uri":"https://a.example.com","scopes":"api"}`, `{"error":"name is invalid"}`},
		{"not JSON", `{"name":`, `{"error":"` + jsonString(invalidBody)[1:len(jsonString(invalidBody))-1] + `"}`},
		// The model's validation, attributes in the model's order.
		{"blank name", `{"name":" ","redirect_uri":"https://a.example.com","scopes":"api"}`, `{"message":{"name":["can't be blank"]}}`},
		{"blank name, blank redirect, unknown scope", `{"name":"","redirect_uri":" ","scopes":"nope"}`,
			`{"message":{"name":["can't be blank"],"redirect_uri":["can't be blank"],"scopes":["doesn't match configured on the server."]}}`},
		{"unknown scope", `{"name":"a","redirect_uri":"https://a.example.com","scopes":"api nope"}`, bodyScopesMismatch},
		{"scopes are case-sensitive", `{"name":"a","redirect_uri":"https://a.example.com","scopes":"API"}`, bodyScopesMismatch},
		{"user: needs a name", `{"name":"a","redirect_uri":"https://a.example.com","scopes":"user:"}`, bodyScopesMismatch},
		// Redirect URI rules 1-6, each one a URI breaks, for each URI (internal/redirecturi has them all).
		{"1 javascript", app("javascript:alert(1)"), redirect("is forbidden by the server.", "must specify a scheme.")},
		{"1 data, and a fragment", app("data:text/html,x#y"), redirect("is forbidden by the server.", "cannot contain a fragment.", "must specify a scheme.")},
		{"1 vbscript, any case", app("VBScript:x"), redirect("is forbidden by the server.", "must specify a scheme.")},
		{"2 fragment", app("https://a.example.com/cb#x"), redirect("cannot contain a fragment.")},
		{"2 empty fragment", app("https://a.example.com/cb#"), redirect("cannot contain a fragment.")},
		{"2 fragment and the scheme rule", app("localhost:3000/cb#x"), redirect("cannot contain a fragment.", "must specify a scheme.")},
		{"3 localhost as a scheme", app("localhost:3000/cb"), redirect("must specify a scheme.")},
		{"3 opaque", app("myapp:callback"), redirect("must specify a scheme.")},
		{"4 relative", app("/cb"), redirect("must be an absolute URI.")},
		{"4 a bare host", app("a.example.com/cb"), redirect("must be an absolute URI.")},
		{"5 http without host", app("http://"), redirect("must be a valid URI.")},
		{"5 https with a path, no host", app("https:/cb"), redirect("must be a valid URI.")},
		{"6 unparsable", app("https://a.example.com:port/"), redirect("must be a valid URI.")},
		{"6 a character Ruby refuses", app("https://a.example.com/{x}"), redirect("must be a valid URI.")},
		{"6 not ASCII", app("https://bücher.example/cb"), redirect("must be a valid URI.")},
		{"second URI breaks a rule", app("https://a.example.com/cb\nhttps://b.example.com/#x"), redirect("cannot contain a fragment.")},
		{"every URI's rules", app("/rel https://b.example.com/#x"), redirect("must be an absolute URI.", "cannot contain a fragment.")},
		{"up to the first unparsable URI", app("/rel https://b.example.com/{x} /rel2"), redirect("must be an absolute URI.", "must be a valid URI.")},
		{"a no-break space separates nothing", app("https://a.example.com/cb\u00a0https://b.example.com/cb"), redirect("must be a valid URI.")},
	} {
		send(t, s, AdminToken, "POST", "/api/v4/applications", tc.body).expect(t, tc.name, 400, tc.want)
	}
	if n := len(s.Applications()); n != 0 {
		t.Errorf("refused creates left %d applications", n)
	}
}

func TestCreateAccepts(t *testing.T) {
	t.Parallel()
	s := NewTestServer(t, Options{})
	for _, tc := range []struct {
		name, redirectURI, scopes string
		confidential              any
		wantScopes                string
		wantConfidential          bool
	}{
		{"plain http", "http://a.example.com/cb", "api", nil, `["api"]`, true},
		{"custom scheme", "myapp://callback", "openid", false, `["openid"]`, false},
		{"reverse-domain scheme", "com.example.app:/oauth", "openid", "false", `["openid"]`, false},
		{"out of band", "urn:ietf:wg:oauth:2.0:oob", "openid", "true", `["openid"]`, true},
		{"several URIs, a newline between", "https://a.example.com/cb\nhttp://localhost:3000/cb", "openid", true, `["openid"]`, true},
		{"IPv6 host", "http://[::1]:3000/cb", "openid", 0, `["openid"]`, false},
		{"percent escapes", "https://a.example.com/c%20b?x=1&y=2", "openid", nil, `["openid"]`, true},
		{"duplicates dropped in order, user:<x>", "https://a.example.com", "openid api openid user:x api", nil, `["openid","api","user:x"]`, true},
	} {
		body := map[string]any{"name": tc.name, "redirect_uri": tc.redirectURI, "scopes": tc.scopes}
		if tc.confidential != nil {
			body["confidential"] = tc.confidential
		}
		e := send(t, s, AdminToken, "POST", "/api/v4/applications", jsonString(body)).expect(t, tc.name, 201, "*").entity(t)
		if e["callback_url"] != tc.redirectURI || jsonString(e["scopes"]) != tc.wantScopes || e["confidential"] != tc.wantConfidential {
			t.Errorf("%s: %v", tc.name, e)
		}
	}
}

func TestParameterEncodings(t *testing.T) {
	t.Parallel()
	s := NewTestServer(t, Options{})
	form := url.Values{"name": {"form"}, "redirect_uri": {"https://a.example.com"}, "scopes": {"openid api"}, "confidential": {"false"}}
	for _, tc := range []struct {
		name, contentType, query, body string
		wantName, wantScopes           string
	}{
		{"form body", "application/x-www-form-urlencoded", "", form.Encode(), "form", `["openid","api"]`},
		{"query string", "", "?" + form.Encode(), "", "form", `["openid","api"]`},
		{"JSON array of scopes", "application/json; charset=utf-8", "", `{"name":"json","redirect_uri":"https://a.example.com","scopes":["read_user","openid"],"confidential":false}`, "json", `["read_user","openid"]`},
		{"form list of scopes", "application/x-www-form-urlencoded", "", "name=list&redirect_uri=https://a.example.com&scopes[]=api&scopes[]=openid&confidential=0", "list", `["api","openid"]`},
		{"the body wins over the query", "application/json", "?name=query", `{"name":"body","redirect_uri":"https://a.example.com","scopes":"api","confidential":"f"}`, "body", `["api"]`},
	} {
		header := http.Header{}
		if tc.contentType != "" {
			header.Set("Content-Type", tc.contentType)
		}
		e := sendWith(t, s, UserToken, "POST", "/api/v4/user/applications"+tc.query, header, tc.body).expect(t, tc.name, 201, "*").entity(t)
		if e["application_name"] != tc.wantName || jsonString(e["scopes"]) != tc.wantScopes || e["confidential"] != false {
			t.Errorf("%s: %v", tc.name, e)
		}
	}
}

// TestCreateFailsWhereGitLabFails: a mailto: URI without an address makes Ruby's uri gem raise an
// error Doorkeeper does not rescue, and GitLab answers 500.
func TestCreateFailsWhereGitLabFails(t *testing.T) {
	t.Parallel()
	s := NewTestServer(t, Options{})
	send(t, s, AdminToken, "POST", "/api/v4/applications", `{"name":"a","redirect_uri":"mailto:x","scopes":"api"}`).
		expect(t, "mailto without an address", 500, `{"message":"500 Internal Server Error"}`)
	if n := len(s.Applications()); n != 0 {
		t.Errorf("a failed create left %d applications", n)
	}
}
