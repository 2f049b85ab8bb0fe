package fakegitlab_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabscopes"
)

func TestDiscoveryListsTheConfiguredScopes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts fakegitlab.Options
		want []string
	}{
		{"every scope by default", fakegitlab.Options{}, gitlabscopes.BuiltIn()},
		{"an older GitLab", fakegitlab.Options{Scopes: []string{"api", "read_user"}}, []string{"api", "read_user"}},
		{"a scope newer than the built-in list", fakegitlab.Options{ExtraScopes: []string{"read_future"}}, append(gitlabscopes.BuiltIn(), "read_future")},
	} {
		s := fakegitlabtest.NewTestServer(t, tc.opts)
		a := send(t, s, "", "GET", "/.well-known/openid-configuration", "").expect(t, tc.name, 200, "*")
		var doc struct {
			Issuer          string   `json:"issuer"`
			ScopesSupported []string `json:"scopes_supported"`
		}
		if err := json.Unmarshal([]byte(a.body), &doc); err != nil {
			t.Fatalf("%s: %v in %s", tc.name, err, a.body)
		}
		if !slices.Equal(doc.ScopesSupported, tc.want) || doc.Issuer != s.URL() {
			t.Errorf("%s: issuer %q, scopes_supported %v; want %q, %v", tc.name, doc.Issuer, doc.ScopesSupported, s.URL(), tc.want)
		}
		// The server validates against the same list.
		body := `{"name":"a","redirect_uri":"https://a.example.com","scopes":"` + tc.want[len(tc.want)-1] + `"}`
		send(t, s, fakegitlab.AdminToken, "POST", "/api/v4/applications", body).expect(t, tc.name+": create", 201, "*")
		if len(tc.opts.ExtraScopes) == 0 {
			send(t, s, fakegitlab.AdminToken, "POST", "/api/v4/applications", `{"name":"a","redirect_uri":"https://a.example.com","scopes":"read_future"}`).
				expect(t, tc.name+": unlisted scope", 400, bodyScopesMismatch)
		}
	}
}

func TestDiscoveryHidden(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{HideDiscovery: true})
	a := send(t, s, "", "GET", "/.well-known/openid-configuration", "").expect(t, "hidden", 404, "*")
	if ct := a.header.Get("Content-Type"); ct == "application/json" {
		t.Errorf("a blocked document answered JSON")
	}
	if got := s.Requests(); len(got) != 1 || got[0].Path != "/.well-known/openid-configuration" {
		t.Errorf("request log: %+v", got)
	}
}
