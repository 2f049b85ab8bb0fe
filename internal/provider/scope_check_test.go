package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

const discoveryDocument = "/.well-known/openid-configuration"

// TestAccScopes_theServersListDecides: an older GitLab does not know a scope of the built-in list; the
// plan fails naming it and listing the server's scopes, and nothing is written. A newer one lists a
// scope the built-in list lacks in its discovery document; the plan accepts it and GitLab creates the
// application, and a later plan with the same scopes does not read the document again. Every kind
// shares the check (applicationResource.ModifyPlan), so one kind shows each.
func TestAccScopes_theServersListDecides(t *testing.T) {
	// A GitLab without mcp and user:<name>'s built-in companions, but with a scope of its own.
	env := acctest.New(t, acctest.Fake(fakegitlab.Options{Scopes: []string{"api", "read_user", "openid"}, ExtraScopes: []string{"read_future"}}))
	const address = "gitlab_user_application.test"
	config := env.ProviderConfig(env.UserToken) +
		applicationBlock("gitlab_user_application", acctest.Name("scopes"), "https://app.example.com/cb", `["read_future", "openid"]`, "")
	acctest.Run(t, tfresource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []tfresource.TestStep{
			{
				Config: env.ProviderConfig(env.AdminToken) +
					applicationBlock("gitlab_instance_application", acctest.Name("scopes"), "https://app.example.com/cb", `["openid", "mcp", "user:claim"]`, ""),
				ExpectError: regexp.MustCompile(`(?s)Scope\s+"mcp"\s+is\s+not\s+a\s+scope\s+this\s+GitLab\s+knows.*` +
					`scopes_supported\s+of\s+its\s+OpenID\s+discovery\s+document\):\s+api,\s+read_user,\s+openid,\s+read_future;\s+or\s+user:<name>`),
			},
			{
				// The check ran at plan time: GitLab saw reads only.
				PreConfig: func() {
					for _, r := range env.Fake.Requests() {
						if r.Method != http.MethodGet {
							t.Errorf("the fake GitLab saw %s %s, want no write request", r.Method, r.Path)
						}
					}
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("scopes"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("openid"), knownvalue.StringExact("read_future")})),
				},
				Check: func(*terraform.State) error {
					if apps := env.Fake.Applications(); len(apps) != 1 || !slices.Equal(slices.Sorted(slices.Values(apps[0].Scopes)), []string{"openid", "read_future"}) {
						return fmt.Errorf("the fake GitLab holds %+v", apps)
					}
					if env.CountRequests(http.MethodGet, discoveryDocument) == 0 {
						return fmt.Errorf("the plan did not read the server's scopes")
					}
					return nil
				},
			},
			{
				PreConfig: env.ResetRequests,
				Config:    config,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: env.ExpectRequests(http.MethodGet, discoveryDocument, 0),
			},
		},
	})
}

// TestAccScopes_withoutTheServersListTheBuiltInListStandsIn: a proxy blocks the discovery document.
// A near miss of a built-in scope still fails at plan with "did you mean"; another unknown scope only
// warns, and GitLab decides at apply: it answers 400 when it does not know the scope, and creates the
// application when it does.
func TestAccScopes_withoutTheServersListTheBuiltInListStandsIn(t *testing.T) {
	env := acctest.New(t, acctest.Fake(fakegitlab.Options{HideDiscovery: true, ExtraScopes: []string{"read_future"}}))
	config := func(scopes string) string {
		return env.ProviderConfig(env.AdminToken) +
			applicationBlock("gitlab_instance_application", acctest.Name("scopes"), "https://app.example.com/cb", scopes, "")
	}
	acctest.Run(t, tfresource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []tfresource.TestStep{
			{
				Config:      config(`["read-user", "openId"]`),
				ExpectError: regexp.MustCompile(`(?s)scope\s+"openId"\s+is\s+not\s+a\s+GitLab\s+scope.*Did\s+you\s+mean\s+"openid"\?`),
			},
			{
				// The near miss failed at plan: no POST. This plan succeeds (a warning only), and GitLab
				// refuses at apply; the message names the value with GitLab's own words.
				PreConfig: func() {
					if n := env.CountRequests(http.MethodPost, ""); n != 0 {
						t.Errorf("the fake GitLab saw %d POSTs after the near miss, want none", n)
					}
				},
				Config:      config(`["write_everything"]`),
				ExpectError: regexp.MustCompile(`GitLab\s+refused\s+these\s+values:\s+-\s+scopes\s+doesn't\s+match\s+configured\s+on\s+the\s+server`),
			},
			{
				PreConfig: func() {
					if n := env.CountRequests(http.MethodPost, "/api/v4/applications"); n != 1 {
						t.Errorf("the fake GitLab saw %d creates, want the one GitLab refused", n)
					}
					if apps := env.Fake.Applications(); len(apps) != 0 {
						t.Errorf("application %d %q exists after a refused create", apps[0].ID, apps[0].Name)
					}
					env.ResetRequests()
				},
				Config: config(`["read_future"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("gitlab_instance_application.test", tfjsonpath.New("scopes"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("read_future")})),
				},
				Check: env.ExpectRequests(http.MethodPost, "/api/v4/applications", 1),
			},
		},
	})
}

// TestScopeCheck_unconfiguredProviderWarns is what `terraform validate` asks: the resource's
// validation without a configured provider. A scope the built-in list lacks is a warning, not an
// error; a near miss is left to the attribute validator (one error, not two); user:<name> passes.
func TestScopeCheck_unconfiguredProviderWarns(t *testing.T) {
	ctx := t.Context()
	r, ok := newApplicationResource(instanceApplications)().(*applicationResource)
	if !ok {
		t.Fatal("not an *applicationResource")
	}
	for _, tc := range []struct {
		scopes       []string
		warnings     int
		warningNames string
	}{
		{[]string{"read_future"}, 1, `"read_future"`},
		{[]string{"api", "user:claim", "openid"}, 0, ""},
		{[]string{"API", "read-user", "read_future", "write_everything"}, 2, `"read_future" "write_everything"`},
	} {
		resp := &resource.ValidateConfigResponse{}
		r.ValidateConfig(ctx, resource.ValidateConfigRequest{Config: configWithScopes(t, r, tc.scopes...)}, resp)
		var names []string
		for _, d := range resp.Diagnostics.Warnings() {
			names = append(names, regexp.MustCompile(`"[^"]+"`).FindString(d.Detail()))
		}
		if resp.Diagnostics.HasError() || len(names) != tc.warnings || strings.Join(names, " ") != tc.warningNames {
			t.Errorf("%v: %v", tc.scopes, resp.Diagnostics)
		}
	}
}

// configWithScopes is a configuration of the resource with only scopes set.
func configWithScopes(t *testing.T, r resource.Resource, scopes ...string) tfsdk.Config {
	t.Helper()
	ctx := t.Context()
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	objectType, ok := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatal("the schema is not an object")
	}
	values := map[string]tftypes.Value{}
	for name, attrType := range objectType.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
	}
	var elements []tftypes.Value
	for _, s := range scopes {
		elements = append(elements, tftypes.NewValue(tftypes.String, s))
	}
	values["scopes"] = tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, elements)
	return tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(objectType, values)}
}
