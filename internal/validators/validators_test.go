package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestCheckRedirectURIs(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  string // "" when GitLab accepts it
	}{
		{"https://app.example.com/callback", ""},
		{"http://127.0.0.1:8080/cb", ""},
		{"myapp://callback", ""},
		{"com.example.app:/oauth", ""},
		{"urn:ietf:wg:oauth:2.0:oob", ""},
		{"https://a.example.com/cb\nhttps://b.example.com/cb  myapp://cb", ""},
		{"javascript:alert(1)", `redirect URI "javascript:alert(1)" is forbidden by the server.`},
		{"data:text/html,hi", "is forbidden by the server."},
		{"VBScript:x", "is forbidden by the server."},
		{"https://app.example.com/cb#section", `redirect URI "https://app.example.com/cb#section" cannot contain a fragment.`},
		{"https://app.example.com/cb#", "cannot contain a fragment."},
		{"localhost:3000/cb", "must specify a scheme."},
		{"mailto:someone@example.com", "must specify a scheme."},
		{"/callback", "must be an absolute URI."},
		{"app.example.com/callback", "must be an absolute URI."},
		{"http://", "must be a valid URI."},
		{"https:///path", "must be a valid URI."},
		{"https://exa mple.com", "must be an absolute URI."}, // splits into two URIs; the second has no scheme
		{"http://[::1", "must be a valid URI."},
		{"https://ok.example.com/cb javascript:x", `"javascript:x" is forbidden`},
		{"", "can't be blank"},
		{" \n ", "can't be blank"},
	} {
		t.Run(tc.value, func(t *testing.T) {
			err := CheckRedirectURIs(tc.value)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && err == nil:
				t.Errorf("accepted, want %q", tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Errorf("error %q, want it to say %q", err, tc.want)
			}
		})
	}
}

func TestCheckScope(t *testing.T) {
	for _, scope := range append([]string{"user:custom", "user:a:b"}, KnownScopes...) {
		if err := CheckScope(scope); err != nil {
			t.Errorf("%q refused: %v", scope, err)
		}
	}
	for scope, want := range map[string]string{
		"write_everything": `scope "write_everything" is not a scope GitLab knows. Valid scopes: api, read_api`,
		"API":              `did you mean "api"?`,
		"user:":            `scope "user:" is not`,
		"":                 `scope "" is not`,
		"read_user ":       `scope "read_user " is not`,
	} {
		err := CheckScope(scope)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckScope(%q) = %v, want it to say %q", scope, err, want)
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

	set := func(values ...string) types.Set {
		s, _ := types.SetValueFrom(ctx, types.StringType, values)
		return s
	}
	setCases := []struct {
		value  types.Set
		errors int
	}{
		{set("api", "openid"), 0},
		{types.SetValueMust(types.StringType, []attr.Value{}), 1},
		{set("api", "nope", "also_nope"), 2}, // each bad scope is named
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
