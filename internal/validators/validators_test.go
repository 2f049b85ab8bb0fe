package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabscopes"
)

// TestRedirectURIProblems: the validator's messages name each URI GitLab refuses and every rule it
// breaks (redirecturi's own table pins GitLab's verdicts).
func TestRedirectURIProblems(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  string // "" when GitLab accepts it; else the problems, joined by "\n"
	}{
		{"https://app.example.com/callback", ""},
		{"urn:ietf:wg:oauth:2.0:oob:auto", ""},
		{"//app.example.com/cb", ""},
		{"https://a.example.com/cb\nhttps://b.example.com/cb  myapp://cb", ""},
		{"javascript:alert(1)", `redirect URI "javascript:alert(1)" is forbidden by the server. It also must specify a scheme.`},
		{"https://app.example.com/cb#", `redirect URI "https://app.example.com/cb#" cannot contain a fragment.`},
		{"https://app.example.com/cb#top", `redirect URI "https://app.example.com/cb#top" cannot contain a fragment.`},
		{"https://ok.example.com/cb javascript:alert(1)", `redirect URI "javascript:alert(1)" is forbidden by the server.`},
		{"/callback", `redirect URI "/callback" must be an absolute URI.`},
		{"http://", `redirect URI "http://" must be a valid URI`},
		{" ", "redirect_uri can't be blank"},
		{"https://exa mple.com", `redirect URI "mple.com" must be an absolute URI.`},
		{"https://a.example/p|q", `redirect URI "https://a.example/p|q" must be a valid URI. It contains '|'`},
		{"https://a.example/cb\u00a0https://b.example/cb", `must be a valid URI. It contains U+00A0, a Unicode space`},
		{"/a https://ok.example/cb localhost:3000/cb", "redirect URI \"/a\" must be an absolute URI.\nredirect URI \"localhost:3000/cb\" must specify a scheme."},
		{" \n ", "redirect_uri can't be blank"},
	} {
		got := strings.Join(RedirectURIProblems(tc.value), "\n")
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("RedirectURIProblems(%q) = %q, want %q", tc.value, got, tc.want)
		}
	}
}

func TestScopeProblem(t *testing.T) {
	for _, scope := range append([]string{"user:custom", "user:a:b", "write_everything", "brand_new_scope"}, gitlabscopes.BuiltIn()...) {
		if err := ScopeProblem(scope); err != nil {
			t.Errorf("%q refused: %v", scope, err)
		}
	}
	for scope, want := range map[string]string{
		"API":        `scope "API" is not a GitLab scope: scopes are lower case with underscores. Did you mean "api"?`,
		"read-user":  `Did you mean "read_user"?`,
		"openId":     `Did you mean "openid"?`,
		"user:":      `scope "user:" needs a name`,
		"":           `a scope can't be empty`,
		"read_user ": `scope "read_user " holds white space`,
		"api\tsudo":  `holds white space`,
	} {
		err := ScopeProblem(scope)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ScopeProblem(%q) = %v, want it to say %q", scope, err, want)
		}
	}
}

func TestValidatorsReportAtTheAttribute(t *testing.T) {
	ctx := context.Background()
	stringCases := []struct {
		validator validator.String
		value     types.String
		errors    int
	}{
		{ApplicationName(), types.StringValue("Grafana"), 0},
		{ApplicationName(), types.StringValue(""), 1},
		{ApplicationName(), types.StringValue("  "), 1},
		{ApplicationName(), types.StringUnknown(), 0},
		{ApplicationName(), types.StringNull(), 0},
		{RedirectURI(), types.StringValue("https://x.example.com/cb"), 0},
		{RedirectURI(), types.StringValue("https://x.example.com/cb#f"), 1},
		{RedirectURI(), types.StringUnknown(), 0},
	}
	for _, tc := range stringCases {
		resp := &validator.StringResponse{}
		tc.validator.ValidateString(ctx, validator.StringRequest{Path: path.Root("attr"), ConfigValue: tc.value}, resp)
		if got := resp.Diagnostics.ErrorsCount(); got != tc.errors {
			t.Errorf("%s on %s: %d errors, want %d: %v", tc.validator.Description(ctx), tc.value, got, tc.errors, resp.Diagnostics)
		}
	}

	// The name's message, for an empty and a blank name.
	for _, name := range []string{"", "   "} {
		resp := &validator.StringResponse{}
		ApplicationName().ValidateString(ctx, validator.StringRequest{Path: path.Root("name"), ConfigValue: types.StringValue(name)}, resp)
		if errs := resp.Diagnostics.Errors(); len(errs) != 1 || !strings.Contains(errs[0].Detail(), "name can't be blank") {
			t.Errorf("name %q: %v", name, resp.Diagnostics)
		}
	}

	set := func(values ...string) types.Set {
		s, _ := types.SetValueFrom(ctx, types.StringType, values)
		return s
	}
	setCases := []struct {
		value  types.Set
		errors int
	}{
		{set("api", "openid"), 0},
		{types.SetValueMust(types.StringType, []attr.Value{}), 0}, // setvalidator.SizeAtLeast(1) refuses it
		{set("api", "API", "read-user", "not_known_here"), 2},     // each bad scope is named; the server decides on the last
		{types.SetUnknown(types.StringType), 0},
		{types.SetValueMust(types.StringType, []attr.Value{types.StringUnknown()}), 0},
	}
	for _, tc := range setCases {
		resp := &validator.SetResponse{}
		Scopes().ValidateSet(ctx, validator.SetRequest{Path: path.Root("scopes"), ConfigValue: tc.value}, resp)
		if got := resp.Diagnostics.ErrorsCount(); got != tc.errors {
			t.Errorf("scopes %s: %d errors, want %d: %v", tc.value, got, tc.errors, resp.Diagnostics)
		}
	}
}
