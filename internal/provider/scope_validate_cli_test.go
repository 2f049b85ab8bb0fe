package provider

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
)

// TestAccScopes_terraformValidateWarns runs `terraform validate` itself, which never configures the
// provider: a scope the built-in list lacks is a warning and the configuration is valid; a near miss
// is one error. (terraform-plugin-testing has no validate step, so the test runs the CLI itself.)
func TestAccScopes_terraformValidateWarns(t *testing.T) {
	t.Parallel()
	terraform := acctest.Terraform(t)
	reattach := acctest.ServeProvider(t, protoV6ProviderFactories()["gitlab"])
	for _, tc := range []struct {
		scopes                 string
		valid                  bool
		severity, summary, has string
	}{
		{`["openid", "read_future"]`, true, "warning", "Scope not in the provider's list", `Scope "read_future" is not one of the scopes of GitLab 19.1`},
		{`["openid", "read-user"]`, false, "error", "Invalid scope", `Did you mean "read_user"?`},
	} {
		dir := t.TempDir()
		config := `provider "gitlab" {}` + "\n" + applicationBlock("gitlab_instance_application", "app", "https://app.example.com/cb", tc.scopes, "")
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
		terraformIn := func(args ...string) []byte {
			cmd := exec.Command(terraform, args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
			out, _ := cmd.Output()
			return out
		}
		terraformIn("init", "-backend=false", "-input=false")
		var result struct {
			Valid       bool `json:"valid"`
			Diagnostics []struct {
				Severity, Summary, Detail string
			} `json:"diagnostics"`
		}
		out := terraformIn("validate", "-json")
		if err := json.Unmarshal(out, &result); err != nil {
			t.Fatalf("terraform validate -json: %v\n%s", err, out)
		}
		if result.Valid != tc.valid || len(result.Diagnostics) != 1 {
			t.Errorf("%s: valid %v with %d diagnostics, want %v with 1: %s", tc.scopes, result.Valid, len(result.Diagnostics), tc.valid, out)
			continue
		}
		d := result.Diagnostics[0]
		if d.Severity != tc.severity || d.Summary != tc.summary || !strings.Contains(d.Detail, tc.has) {
			t.Errorf("%s: %+v, want a %s %q saying %q", tc.scopes, d, tc.severity, tc.summary, tc.has)
		}
	}
}
