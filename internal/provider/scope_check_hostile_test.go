package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// TestScopeCheck_serversScopesAreShownCleaned: a discovery document whose scopes_supported holds a
// clear-screen sequence with a fake "Apply complete!", a hyperlink, a token and thousands of scopes
// gives an error that lists the scopes without any of it, and briefly.
func TestScopeCheck_serversScopesAreShownCleaned(t *testing.T) {
	const token = "glpat-provider-token-0123456789"
	scopes := []string{"api", "\x1b[2J\x1b[HApply complete! Resources: 1 added.\n", "\x1b]8;;https://evil.example.com/\x07docs\x1b]8;;\x07",
		"echo " + token, "glrt-someone-elses-runner-token", "\u202eipa"}
	for i := range 5000 {
		scopes = append(scopes, fmt.Sprintf("scope_%d", i))
	}
	doc, _ := json.Marshal(map[string]any{"scopes_supported": scopes})
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(doc)
	}))
	t.Cleanup(server.Close)
	client, err := gitlabclient.New(gitlabclient.Config{BaseURL: server.URL, Token: token})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.Close)
	r, ok := newApplicationResource(instanceApplications)().(*applicationResource)
	if !ok {
		t.Fatal("not an *applicationResource")
	}
	r.client = client
	config := configWithScopes(t, r, "read_future")
	req := resource.ModifyPlanRequest{
		Config: config,
		Plan:   tfsdk.Plan(config),
		State:  tfsdk.State{Schema: config.Schema, Raw: tftypes.NewValue(config.Raw.Type(), nil)},
	}
	resp := &resource.ModifyPlanResponse{Plan: req.Plan}
	r.ModifyPlan(t.Context(), req, resp)
	errs := resp.Diagnostics.Errors()
	if len(errs) != 1 || !strings.Contains(errs[0].Detail(), "api, Apply complete! Resources: 1 added., docs") {
		t.Fatalf("want one error listing the server's scopes cleaned: %v", resp.Diagnostics)
	}
	detail := errs[0].Detail()
	for _, leak := range []string{token, "glrt-someone", "evil.example.com", "scope_4999"} {
		if strings.Contains(detail, leak) {
			t.Errorf("the error shows %q: %.400q", leak, detail)
		}
	}
	if strings.ContainsFunc(detail, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) {
		t.Errorf("the error holds control characters: %.400q", detail)
	}
	if len(detail) > 2000 {
		t.Errorf("the error is %d bytes long", len(detail))
	}
}
