package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
)

// A moved block hands an application of the official provider's gitlab_application over to
// gitlab_instance_application: nothing is created or destroyed, no request writes to GitLab, the secret
// GitLab issued to the official provider stays in state and a later trigger change renews it in place.
func TestAccInstanceApplication_movedFromOfficialProvider(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it serves a stand-in of the official provider that creates on the fake"))
	host := acctest.ProviderHost()
	// terraform-plugin-testing runs `terraform init`, which cannot install a provider that only
	// dev_overrides names, so the stand-in is served from a filesystem mirror under the official address.
	t.Setenv("TF_CLI_CONFIG_FILE", officialProviderCLIConfig(t, host))

	name := acctest.Name("moved")
	providers := fmt.Sprintf(`
terraform {
  required_providers {
    gitlab      = { source = "%[1]s/gitlabhq/gitlab" }
    gitlaboauth = { source = %[2]q }
  }
}

provider "gitlab" {
  base_url = %[3]q
  token    = %[4]q
}

provider "gitlaboauth" {
  base_url = %[3]q
  token    = %[4]q
}
`, host, host+"/hashicorp/gitlaboauth", env.BaseURL, env.AdminToken)
	officialConfig := providers + fmt.Sprintf(`
resource "gitlab_application" "app" {
  name         = %q
  redirect_url = "https://app.example.com/callback"
  scopes       = ["openid", "read_user"]
}
`, name)
	// The official configuration omits confidential, as most do, so the official provider made the
	// application non-confidential; the block it moves to must say so (the migration guide's step 2).
	const notConfidential = "  confidential = false\n"
	oursWith := func(lines string) string {
		return providers + fmt.Sprintf(`
moved {
  from = gitlab_application.app
  to   = gitlab_instance_application.app
}

resource "gitlab_instance_application" "app" {
  provider     = gitlaboauth
  name         = %q
  redirect_uri = "https://app.example.com/callback"
  scopes       = ["openid", "read_user"]
%s}
`, name, lines)
	}
	ours := func(triggers string) string { return oursWith(notConfidential + triggers) }
	const official = "gitlab_application.app"
	const moved = "gitlab_instance_application.app"
	// The id and the secret GitLab issued to the official provider stay through the move; the
	// rotation renews the secret of the same application.
	sameID := statecheck.CompareValue(compare.ValuesSame())
	issued := statecheck.CompareValue(compare.ValuesSame())
	renewed := statecheck.CompareValue(compare.ValuesDiffer())
	officialSecrets, movedSecrets := env.Secrets(official), env.Secrets(moved)

	steps := []resource.TestStep{
		{
			Config: officialConfig,
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(official, tfjsonpath.New("id")),
				issued.AddStateValue(official, tfjsonpath.New("secret")),
				renewed.AddStateValue(official, tfjsonpath.New("secret")),
				officialSecrets.ExpectWorking(),
			},
		},
		{
			// Without the line, this provider's default (true) differs from GitLab's false: the move
			// would replace the application, new client id and secret. The mover warns about it too
			// (TestMoveState_warnsWhenNotConfidential); the testing framework does not show warnings.
			Config:             oursWith(""),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(moved, plancheck.ResourceActionReplace),
			}},
		},
		{
			PreConfig: env.ResetRequests,
			Config:    ours(""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(moved, plancheck.ResourceActionNoop),
				plancheck.ExpectEmptyPlan(),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(moved, tfjsonpath.New("redirect_uri"), knownvalue.StringExact("https://app.example.com/callback")),
				statecheck.ExpectKnownValue(moved, tfjsonpath.New("confidential"), knownvalue.Bool(false)),
				sameID.AddStateValue(moved, tfjsonpath.New("id")),
				issued.AddStateValue(moved, tfjsonpath.New("secret")),
				movedSecrets.ExpectWorking(),
			},
			Check: resource.ComposeTestCheckFunc(
				env.ExpectRequests("POST", "", 0),
				env.ExpectRequests("PUT", "", 0),
				env.ExpectRequests("DELETE", "", 0),
			),
		},
		{
			// Triggers set for the first time are recorded; the secret stays.
			Config: ours(`  secret_rotation_triggers = { rotation = "1" }` + "\n"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(moved, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				issued.AddStateValue(moved, tfjsonpath.New("secret")),
			},
		},
		{
			Config: ours(`  secret_rotation_triggers = { rotation = "2" }` + "\n"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(moved, plancheck.ResourceActionUpdate),
				plancheck.ExpectUnknownValue(moved, tfjsonpath.New("secret")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(moved, tfjsonpath.New("id")),
				renewed.AddStateValue(moved, tfjsonpath.New("secret")),
				movedSecrets.ExpectWorking(),
				movedSecrets.ExpectEarlierRevoked(),
			},
		},
	}
	// terraform-plugin-testing runs `terraform init` on a configuration of its own that declares only
	// the step's providers: the official one must be among them, under its local name "gitlab", so
	// ours is served under another name (as in the migration guide).
	for i := range steps {
		steps[i].ExternalProviders = map[string]resource.ExternalProvider{"gitlab": {Source: host + "/gitlabhq/gitlab"}}
		steps[i].ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
			"gitlaboauth": protoV6ProviderFactories()["gitlab"],
		}
	}
	acctest.RunSerial(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			// OpenTofu has them since 1.8 too, and is tested from 1.10.
			acctest.SkipBelow(tfversion.Version1_8_0, "moved between resource types"),
		},
		CheckDestroy: env.CheckDestroy(),
		Steps:        steps,
	})
}

// officialProviderCLIConfig builds the stand-in of the official provider into a filesystem mirror that
// serves it as HOST/gitlabhq/gitlab, and returns a CLI configuration that installs only from there.
func officialProviderCLIConfig(t *testing.T, host string) string {
	t.Helper()
	dir := t.TempDir()
	mirror := filepath.Join(dir, "mirror")
	bin := filepath.Join(mirror, host, "gitlabhq", "gitlab", "18.0.0", runtime.GOOS+"_"+runtime.GOARCH, "terraform-provider-gitlab_v18.0.0")
	build := exec.Command("go", "build", "-o", bin, "github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest/officialprovider")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the stand-in of the official provider: %v\n%s", err, out)
	}
	config := filepath.Join(dir, "cli.tfrc")
	rc := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [\"%s/gitlabhq/gitlab\"]\n  }\n}\n", mirror, host)
	if err := os.WriteFile(config, []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	return config
}

func TestMoveState_onlyFromTheOfficialApplication(t *testing.T) {
	movers := (&applicationResource{kind: instanceApplications}).MoveState(context.Background())
	if len(movers) != 1 {
		t.Fatalf("gitlab_instance_application has %d state movers, want 1", len(movers))
	}
	if got := (&applicationResource{kind: userApplications}).MoveState(context.Background()); len(got) != 0 {
		t.Errorf("gitlab_user_application has %d state movers, want none", len(got))
	}
	for _, source := range []struct{ address, typeName string }{
		{"registry.terraform.io/hashicorp/aws", "gitlab_application"},
		{"registry.terraform.io/gitlabhq/gitlab", "gitlab_project"},
		{"registry.terraform.io/gitlab-oauth/gitlab", "gitlab_user_application"},
	} {
		resp := moveOfficial(t, movers[0], source.address, source.typeName, officialState("7", "gloas-x", true))
		if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "only the official GitLab provider's gitlab_application") {
			t.Errorf("moving %s from %s: want an error naming what can be moved, got %v", source.typeName, source.address, resp.Diagnostics)
		}
	}
}

func TestMoveState_carriesSecretAndRedirectURL(t *testing.T) {
	mover := officialApplicationStateMovers()[0]
	for _, address := range officialProviderAddresses {
		resp := moveOfficial(t, mover, address, "gitlab_application", officialState("42", "gloas-issued", true))
		if resp.Diagnostics.HasError() {
			t.Fatalf("moving from %s: %v", address, resp.Diagnostics)
		}
		var got applicationModel
		resp.Diagnostics.Append(resp.TargetState.Get(context.Background(), &got)...)
		if got.ID.ValueString() != "42" || got.Secret.ValueString() != "gloas-issued" ||
			got.RedirectURI.ValueString() != "https://app.example.com/cb" || got.ApplicationID.ValueString() != "client-id" ||
			!got.Confidential.ValueBool() || len(got.Scopes.Elements()) != 2 || !got.SecretRotationTriggers.IsNull() {
			t.Errorf("moving from %s gave %+v", address, got)
		}
	}
	resp := moveOfficial(t, mover, officialProviderAddresses[0], "gitlab_application", officialState("abc", "s", true))
	if !resp.Diagnostics.HasError() {
		t.Errorf("a non-numeric id was moved without an error")
	}
}

// A non-confidential application moves with a mark in private state, not a warning (the move cannot see
// the new block); the plan after it warns, naming the application and the line its new block needs,
// only while the block leaves confidential out. A confidential one moves without a mark or a word.
func TestMoveState_warnsWhenNotConfidential(t *testing.T) {
	mover := officialApplicationStateMovers()[0]
	resp := moveOfficial(t, mover, officialProviderAddresses[0], "gitlab_application", officialState("42", "gloas-issued", false))
	if len(resp.Diagnostics) != 0 {
		t.Fatalf("moving a non-confidential application: want no diagnostics, got %v", resp.Diagnostics)
	}
	var got applicationModel
	resp.Diagnostics.Append(resp.TargetState.Get(context.Background(), &got)...)
	if got.Confidential.ValueBool() {
		t.Errorf("confidential = false became %v in the moved state", got.Confidential)
	}
	var old officialApplicationModel
	if d := (&tfsdk.State{Schema: *mover.SourceSchema, Raw: officialState("42", "s", false)}).Get(context.Background(), &old); d.HasError() {
		t.Fatal(d)
	}
	private := memoryPrivateState{movedNonConfidentialKey: nonConfidentialMark(old)}
	var diags diag.Diagnostics
	warning, ok := movedConfidentialWarning(context.Background(), private, types.BoolNull(), &diags)
	if !ok || diags.HasError() {
		t.Fatalf("a plan without the line after the move: no warning (%v)", diags)
	}
	for _, want := range []string{`"app" (id 42)`, "  confidential = false\n", "replaces the application"} {
		if !strings.Contains(warning.Detail(), want) {
			t.Errorf("the warning does not say %q: %s", want, warning.Detail())
		}
	}
	for _, configured := range []types.Bool{types.BoolValue(false), types.BoolValue(true)} {
		if _, ok := movedConfidentialWarning(context.Background(), private, configured, &diags); ok {
			t.Errorf("confidential = %v in the new block: warned all the same", configured)
		}
	}
	if _, ok := movedConfidentialWarning(context.Background(), memoryPrivateState{}, types.BoolNull(), &diags); ok {
		t.Error("warned without a move's mark")
	}
	var confidential officialApplicationModel
	if d := (&tfsdk.State{Schema: *mover.SourceSchema, Raw: officialState("42", "s", true)}).Get(context.Background(), &confidential); d.HasError() {
		t.Fatal(d)
	}
	if mark := nonConfidentialMark(confidential); mark != nil {
		t.Errorf("a confidential application was marked: %s", mark)
	}
}

func officialState(id, secret string, confidential bool) tftypes.Value {
	s := officialApplicationSchema()
	typ := s.Type().TerraformType(context.Background())
	str := func(v string) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	return tftypes.NewValue(typ, map[string]tftypes.Value{
		"id": str(id), "name": str("app"), "redirect_url": str("https://app.example.com/cb"),
		"scopes":       tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{str("openid"), str("read_user")}),
		"confidential": tftypes.NewValue(tftypes.Bool, confidential), "secret": str(secret), "application_id": str("client-id"),
	})
}

// moveOfficial calls a state mover the way the framework does once it decoded the source state.
func moveOfficial(t *testing.T, mover fwresource.StateMover, address, typeName string, source tftypes.Value) *fwresource.MoveStateResponse {
	t.Helper()
	target := applicationResourceSchema(instanceApplications)
	req := fwresource.MoveStateRequest{
		SourceProviderAddress: address,
		SourceTypeName:        typeName,
		SourceState:           &tfsdk.State{Schema: *mover.SourceSchema, Raw: source},
	}
	resp := &fwresource.MoveStateResponse{TargetState: tfsdk.State{
		Schema: target,
		Raw:    tftypes.NewValue(target.Type().TerraformType(context.Background()), nil),
	}}
	mover.StateMover(context.Background(), req, resp)
	return resp
}
