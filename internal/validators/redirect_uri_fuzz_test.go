package validators

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// redirectURISeeds cover every rule, the character classes, both out-of-band values, separators and
// the uri gem's scheme classes; `go test` runs them, `go test -fuzz` starts from them.
var redirectURISeeds = []string{
	"https://app.example.com/callback", "http://127.0.0.1:8080/cb", "myapp://callback", "com.example.app:/oauth",
	"urn:ietf:wg:oauth:2.0:oob", "urn:ietf:wg:oauth:2.0:oob:auto", "urn:ietf:wg:oauth:2.0:oob:manual",
	"//app.example.com/cb", "//", "///cb", "/cb", "cb", "?x", "#x", "",
	"javascript:alert(1)", "data:text/html,x#y", "VBScript:x", "https://a.example/cb#", "localhost:3000/cb",
	"mailto:someone@example.com", "mailto:x", "mailto://x", "ftp:x", "ldap://h/#x", "http:cb", "http://", "https:///cb",
	"https://a.example/{x}", "https://a.example/p|q", "https://a.example/cb?x={y}", "https://a.example/cb?x=%zz",
	"https://a.example/cb?x=%g1", "https://a.example/a%2", "https://\u4f8b\u3048.jp/cb", "https://xn--r8jz45g.jp/cb",
	"https://a.example/cb\u00a0https://b.example/cb", "https://a.example/cb\u2003x", "\u00a0", "\u200b",
	"https://a.example/cb\thttps://b.example/cb\r\n\v\fmyapp://x", "/rel https://b.example/{x} /rel2",
	"http://[::1]:3000/cb", "http://[::ffff:192.0.2.1]/", "http://[v1.x]/", "http://[::a:b:c:d:1.2.3.4]/",
	"http://[fe80::1%25eth0]/", "http://[::1", "https://user:pass@a.example/", "https://a@b@c/", "//a@b@c",
	"https://a.example:8443/", "https://a.example:port/", "https://a.example/a\x00b", "https://a.example/cb?\x01",
	"1app://cb", "my+app.v2-x://cb", "file:///x", "ws://", "https://%61.example/", "https://a%zz.example/",
}

// FuzzRedirectURIFakeAndProviderAgree: for any value, the provider's validator refuses it exactly when
// the fake GitLab, sent it over HTTP, refuses to create the application (400, or 500 where GitLab
// fails), and neither panics.
func FuzzRedirectURIFakeAndProviderAgree(f *testing.F) {
	for _, seed := range redirectURISeeds {
		f.Add(seed)
	}
	fake := fakegitlab.NewTestServer(f, fakegitlab.Options{RequestLogLimit: 100})
	f.Fuzz(func(t *testing.T, value string) {
		if !utf8.ValidString(value) {
			t.Skip("Terraform strings are UTF-8")
		}
		resp := &validator.StringResponse{}
		RedirectURI().ValidateString(t.Context(), validator.StringRequest{
			Path: path.Root("redirect_uri"), ConfigValue: types.StringValue(value),
		}, resp)
		providerRefuses := resp.Diagnostics.HasError()

		status, id := createOnFake(t, fake, value)
		switch status {
		case http.StatusCreated:
			deleteOnFake(t, fake, id)
		case http.StatusBadRequest, http.StatusInternalServerError:
		default:
			t.Fatalf("the fake answered %d to %q", status, value)
		}
		if fakeRefuses := status != http.StatusCreated; providerRefuses != fakeRefuses {
			t.Errorf("%q: the provider refuses it: %v (%v); the fake answered %d", value, providerRefuses, resp.Diagnostics, status)
		}
	})
}

func createOnFake(t *testing.T, fake *fakegitlab.Server, redirectURI string) (status int, id int64) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"name": "fuzz", "redirect_uri": redirectURI, "scopes": "api"})
	resp := doOnFake(t, fake, http.MethodPost, "/api/v4/applications", body)
	defer resp.Body.Close()
	var created struct {
		ID int64 `json:"id"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&created)
	return resp.StatusCode, created.ID
}

func deleteOnFake(t *testing.T, fake *fakegitlab.Server, id int64) {
	t.Helper()
	resp := doOnFake(t, fake, http.MethodDelete, "/api/v4/applications/"+strconv.FormatInt(id, 10), nil)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("deleting application %d: %d", id, resp.StatusCode)
	}
}

func doOnFake(t *testing.T, fake *fakegitlab.Server, method, path string, body []byte) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, fake.URL()+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("PRIVATE-TOKEN", fakegitlab.AdminToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
