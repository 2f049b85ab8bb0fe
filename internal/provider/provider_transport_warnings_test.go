package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// configureWith runs the provider's Configure on a configuration of the given attributes (the rest
// null), without Terraform and without a request (early_auth_check = false).
func configureWith(t *testing.T, attributes map[string]tftypes.Value) provider.ConfigureResponse {
	t.Helper()
	ctx := context.Background()
	p := &gitlabProvider{version: "test"}
	var schemaResp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &schemaResp)
	objectType, ok := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatal("the provider schema is not an object")
	}
	values := map[string]tftypes.Value{}
	for name, typ := range objectType.AttributeTypes {
		values[name] = tftypes.NewValue(typ, nil)
	}
	values["early_auth_check"] = tftypes.NewValue(tftypes.Bool, false)
	values["token"] = tftypes.NewValue(tftypes.String, "glpat-warnings")
	for name, v := range attributes {
		values[name] = v
	}
	var resp provider.ConfigureResponse
	p.Configure(ctx, provider.ConfigureRequest{Config: tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(objectType, values)}}, &resp)
	if p.client != nil {
		p.client.Close()
	}
	return resp
}

// TestConfigureWarnsAboutUnsafeTransport: cleartext to another host and an unverified certificate
// work, with a warning each; loopback and https do not warn.
func TestConfigureWarnsAboutUnsafeTransport(t *testing.T) {
	t.Setenv("GITLAB_BASE_URL", "")
	for _, tc := range []struct {
		name       string
		attributes map[string]tftypes.Value
		want       []string
	}{
		{"https", map[string]tftypes.Value{"base_url": tftypes.NewValue(tftypes.String, "https://gitlab.example.com")}, nil},
		{"loopback", map[string]tftypes.Value{"base_url": tftypes.NewValue(tftypes.String, "http://127.0.0.1:8080")}, nil},
		{"cleartext", map[string]tftypes.Value{"base_url": tftypes.NewValue(tftypes.String, "http://gitlab.example.com")},
			[]string{"The token travels in cleartext"}},
		{"insecure", map[string]tftypes.Value{"insecure": tftypes.NewValue(tftypes.Bool, true)},
			[]string{"GitLab's certificate is not verified"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := configureWith(t, tc.attributes)
			if resp.Diagnostics.HasError() {
				t.Fatalf("errors: %v", resp.Diagnostics)
			}
			var got []string
			for _, d := range resp.Diagnostics.Warnings() {
				got = append(got, d.Summary())
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("warnings %q, want %q", got, tc.want)
			}
		})
	}
}

// TestConfigureHidesBaseURLCredentials: a base_url with user:password that does not parse is
// reported without them.
func TestConfigureHidesBaseURLCredentials(t *testing.T) {
	resp := configureWith(t, map[string]tftypes.Value{"base_url": tftypes.NewValue(tftypes.String, "https://root:hunter2/x@gitlab.example.com")})
	if !resp.Diagnostics.HasError() {
		t.Fatal("accepted")
	}
	for _, d := range resp.Diagnostics {
		if strings.Contains(d.Detail(), "hunter2") {
			t.Errorf("the diagnostic shows the password: %s", d.Detail())
		}
	}
}

func TestHeadersAreSensitive(t *testing.T) {
	var resp provider.SchemaResponse
	(&gitlabProvider{}).Schema(context.Background(), provider.SchemaRequest{}, &resp)
	if !resp.Schema.Attributes["headers"].IsSensitive() {
		t.Error("headers is not sensitive")
	}
}
