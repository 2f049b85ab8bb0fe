package provider

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// TestAccProvider_errorsNameTheCauseAndTheFix: every way GitLab refuses the provider ends in a message
// that says why and what to do, with GitLab's own words kept.
func TestAccProvider_errorsNameTheCauseAndTheFix(t *testing.T) {
	t.Parallel()
	htmlSite := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<!DOCTYPE html><html><body>Welcome to our website</body></html>"))
	}))
	t.Cleanup(htmlSite.Close)

	cases := []struct {
		name         string
		options      fakegitlab.Options
		resourceType string
		scopes       string
		// token registers the token the test uses on the fake.
		token func(fake *fakegitlab.Server) string
		// baseURL overrides where the provider points.
		baseURL string
		want    string
	}{
		{
			name: "unknown token", resourceType: "gitlab_instance_application",
			token: func(*fakegitlab.Server) string { return "glpat-unknown" },
			want:  `GitLab\s+refused\s+the\s+token\s+\(401\):\s+it\s+is\s+wrong,\s+expired\s+or\s+revoked.*401\s+Unauthorized`,
		},
		{
			name: "expired token", resourceType: "gitlab_user_application",
			token: func(f *fakegitlab.Server) string {
				f.AddToken(f.UserID(fakegitlab.UserToken), "glpat-expired", fakegitlab.TokenOptions{Expired: true})
				return "glpat-expired"
			},
			want: `refused\s+the\s+token\s+\(401\).*invalid_token:\s+Token\s+is\s+expired`,
		},
		{
			name: "revoked token", resourceType: "gitlab_user_application",
			token: func(f *fakegitlab.Server) string {
				f.AddToken(f.UserID(fakegitlab.UserToken), "glpat-revoked", fakegitlab.TokenOptions{Revoked: true})
				return "glpat-revoked"
			},
			want: `refused\s+the\s+token\s+\(401\).*Token\s+was\s+revoked`,
		},
		{
			name: "not an administrator", resourceType: "gitlab_instance_application",
			token: func(*fakegitlab.Server) string { return fakegitlab.UserToken },
			want:  `\(403\):\s+instance\s+applications\s+can\s+only\s+be\s+managed\s+with\s+an\s+administrator's\s+token.*403\s+Forbidden`,
		},
		{
			name: "admin mode without the admin_mode scope", resourceType: "gitlab_instance_application",
			options: fakegitlab.Options{AdminMode: true},
			token: func(f *fakegitlab.Server) string {
				f.AddToken(f.UserID(fakegitlab.AdminToken), "glpat-admin-no-admin-mode", fakegitlab.TokenOptions{})
				return "glpat-admin-no-admin-mode"
			},
			want: `with\s+admin\s+mode\s+on,\s+one\s+that\s+also\s+has\s+the\s+` + "`admin_mode`" + `\s+scope`,
		},
		{
			name: "read-only token", resourceType: "gitlab_user_application",
			token: func(f *fakegitlab.Server) string {
				f.AddToken(f.UserID(fakegitlab.UserToken), "glpat-read-api", fakegitlab.TokenOptions{ReadOnly: true})
				return "glpat-read-api"
			},
			want: `token\s+lacks\s+a\s+scope.*with\s+the\s+` + "`api`" + `\s+scope.*insufficient_scope`,
		},
		{
			// With the discovery document blocked, the plan cannot know; GitLab's own 400 is shown at apply.
			name: "a scope this GitLab does not have", resourceType: "gitlab_user_application",
			options: fakegitlab.Options{Scopes: []string{"api", "read_user", "openid"}, HideDiscovery: true},
			scopes:  `["openid", "ai_workflows"]`,
			token:   func(*fakegitlab.Server) string { return fakegitlab.UserToken },
			want:    `GitLab\s+refused\s+these\s+values:\s+-\s+scopes\s+doesn't\s+match\s+configured\s+on\s+the\s+server`,
		},
		{
			name: "rate limited through every retry", resourceType: "gitlab_user_application",
			token: func(f *fakegitlab.Server) string {
				fault := fakegitlab.RateLimited(http.MethodPost, "/api/v4/user/applications", 0)
				fault.Times = 10
				f.InjectFault(fault)
				return fakegitlab.UserToken
			},
			want: `kept\s+rate-limiting\s+the\s+requests\s+\(429\).*Retry\s+later`,
		},
		{
			name: "base URL of a web site", resourceType: "gitlab_user_application",
			token:   func(*fakegitlab.Server) string { return fakegitlab.UserToken },
			baseURL: htmlSite.URL,
			want:    `not\s+GitLab's\s+JSON\s+API.\s+Check\s+` + "`base_url`" + `.*does\s+not\s+look\s+like\s+a\s+GitLab\s+API`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := acctest.New(t, acctest.Fake(tc.options))
			token := tc.token(env.Fake)
			if tc.baseURL != "" {
				env.BaseURL = tc.baseURL
			}
			scopes := tc.scopes
			if scopes == "" {
				scopes = `["openid"]`
			}
			acctest.Run(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories(),
				CheckDestroy:             env.CheckDestroy(),
				Steps: []resource.TestStep{{
					Config:      env.ProviderConfig(token) + applicationBlock(tc.resourceType, acctest.Name("err"), "https://app.example.com/cb", scopes, ""),
					ExpectError: regexp.MustCompile(`(?s)` + tc.want),
				}},
			})
			for _, app := range env.Fake.Applications() {
				t.Errorf("application %d %q exists after a failed create", app.ID, app.Name)
			}
		})
	}
}

func TestAccProvider_configurationErrors(t *testing.T) {
	t.Parallel()
	env := acctest.New(t, acctest.FakeOnly("configuration errors need only a server to point at"))
	block := applicationBlock("gitlab_user_application", "app", "https://app.example.com/cb", `["openid"]`, "")
	for _, tc := range []struct {
		name, config, want string
	}{
		{"missing token", `provider "gitlab" {
  base_url = "` + env.BaseURL + `"
  token    = ""
}`, `Missing\s+GitLab\s+token`},
		{"unreadable CA file", env.ProviderConfigWith(env.UserToken, `  cacert_file = "/nonexistent/ca.pem"`+"\n"), `cannot\s+read\s+cacert_file\s+"/nonexistent/ca.pem"`},
		{"client certificate without key", env.ProviderConfigWith(env.UserToken, `  client_cert = "/nonexistent/cert.pem"`+"\n"), `Attribute\s+"client_key"\s+must\s+be\s+specified\s+when\s+"client_cert"\s+is\s+specified`},
		{"client key without certificate", env.ProviderConfigWith(env.UserToken, `  client_key = "/nonexistent/key.pem"`+"\n"), `Attribute\s+"client_cert"\s+must\s+be\s+specified\s+when\s+"client_key"\s+is\s+specified`},
		{"negative retries", `provider "gitlab" {
  base_url = "` + env.BaseURL + `"
  token    = "` + env.UserToken + `"
  retries  = -1
}`, `Attribute\s+retries\s+value\s+must\s+be\s+at\s+least\s+0,\s+got:\s+-1`},
		{"missing client certificate file", env.ProviderConfigWith(env.UserToken, "  client_cert = \"/nonexistent/cert.pem\"\n  client_key = \"/nonexistent/key.pem\"\n"), `cannot\s+read\s+client_cert\s+"/nonexistent/cert.pem"`},
		{"value unknown at plan time", `resource "terraform_data" "later" {
  input = "x"
}
provider "gitlab" {
  base_url = "` + env.BaseURL + `"
  token    = terraform_data.later.output
}`, `Provider\s+configuration\s+not\s+known\s+at\s+plan\s+time`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acctest.Run(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories(),
				CheckDestroy:             env.CheckDestroy(),
				Steps: []resource.TestStep{{
					Config:      tc.config + block,
					ExpectError: regexp.MustCompile(`(?s)` + tc.want),
				}},
			})
		})
	}
}
