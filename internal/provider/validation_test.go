package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
)

// TestAccApplications_inputCheckedBeforeAnyRequest: the resources refuse what GitLab would refuse at
// plan time, with a message naming the value and the rule, and change nothing on GitLab; a data
// source's invalid pattern is refused before any request at all; and what GitLab accepts is not
// refused. One step per attribute check shows it wired into the schema (which every kind shares); the
// messages for every kind of input are the validators' unit tests (internal/validators).
func TestAccApplications_inputCheckedBeforeAnyRequest(t *testing.T) {
	env := acctest.New(t)
	provider := env.ProviderConfig(env.AdminToken)
	steps := []resource.TestStep{{
		Config:      provider + `data "gitlab_user_applications" "bad" { name_regex = "(" }`,
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`not\s+a\s+valid\s+regular\s+expression`),
	}}
	for i, tc := range []struct {
		resourceType, appName, redirectURI, scopes string
		want                                       string
	}{
		// a blank name
		{"gitlab_instance_application", "   ", "https://app.example.com/cb", `["api"]`, `name\s+can't\s+be\s+blank`},
		// no scopes
		{"gitlab_user_application", "app", "https://app.example.com/cb", `[]`, `Attribute\s+scopes\s+set\s+must\s+contain\s+at\s+least\s+1\s+elements,\s+got:\s+0`},
		// a scope the server does not list
		{"gitlab_instance_application", "app", "https://app.example.com/cb", `["api", "write_everything"]`, `Scope\s+"write_everything"\s+is\s+not\s+a\s+scope\s+this\s+GitLab\s+knows.*scopes_supported[^:]*:[^;]*\bapi\b`},
		// a scope in the wrong case
		{"gitlab_user_application", "app", "https://app.example.com/cb", `["API"]`, `Did\s+you\s+mean\s+"api"`},
		// a second URI that breaks a rule
		{"gitlab_user_application", "app", "https://ok.example.com/cb javascript:alert(1)", `["api"]`, `"javascript:alert\(1\)"\s+is\s+forbidden\s+by\s+the\s+server`},
	} {
		step := resource.TestStep{
			Config:      provider + applicationBlock(tc.resourceType, tc.appName, tc.redirectURI, tc.scopes, ""),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)` + tc.want),
		}
		if i == 0 {
			step.PreConfig = func() { // after the data source's pattern
				if env.Fake != nil && len(env.Fake.Requests()) != 0 {
					t.Errorf("the fake GitLab saw %d requests for an invalid pattern, want none", len(env.Fake.Requests()))
				}
			}
		}
		steps = append(steps, step)
	}
	steps = append(steps, resource.TestStep{
		// What GitLab accepts. The refusals before it wrote nothing (a scope is checked with the
		// server's list, which costs reads).
		PreConfig: func() {
			if env.Fake == nil {
				return
			}
			for _, r := range env.Fake.Requests() {
				if r.Method != http.MethodGet {
					t.Errorf("the fake GitLab saw %s %s, want no write request", r.Method, r.Path)
				}
			}
		},
		Config: provider + fmt.Sprintf(`
resource "gitlab_instance_application" "test" {
  name         = %q
  redirect_uri = "http://127.0.0.1:8080/cb\nmyapp://callback com.example.app:/oauth urn:ietf:wg:oauth:2.0:oob"
  scopes       = ["openid", "user:custom-claim", "read_api"]
  confidential = false
}
`, acctest.Name("valid")),
	})
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps:                    steps,
	})
}
