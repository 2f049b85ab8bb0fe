package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithMoveState = &applicationResource{}

// MoveState lets a `moved` block turn another provider's resource into one of this kind, where the
// kind says how (gitlab_instance_application takes the official GitLab provider's gitlab_application).
func (r *applicationResource) MoveState(context.Context) []resource.StateMover {
	if r.kind.movedFrom == nil {
		return nil
	}
	return r.kind.movedFrom()
}

// officialApplicationType is the official GitLab provider's (gitlabhq/gitlab) instance application.
const officialApplicationType = "gitlab_application"

// officialProviderAddresses are the official GitLab provider's addresses on Terraform's and
// OpenTofu's registries: a configuration names it by either, depending on the CLI.
var officialProviderAddresses = []string{
	"registry.terraform.io/gitlabhq/gitlab",
	"registry.opentofu.org/gitlabhq/gitlab",
}

// officialApplicationModel is gitlab_application's state. Its id is GitLab's numeric id, as ours is.
type officialApplicationModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	RedirectURL   types.String `tfsdk:"redirect_url"`
	Scopes        types.Set    `tfsdk:"scopes"`
	Confidential  types.Bool   `tfsdk:"confidential"`
	Secret        types.String `tfsdk:"secret"`
	ApplicationID types.String `tfsdk:"application_id"`
}

// officialApplicationSchema is gitlab_application's schema, as far as the framework needs it to decode
// the state: types only.
func officialApplicationSchema() *schema.Schema {
	return &schema.Schema{Attributes: map[string]schema.Attribute{
		"id":             schema.StringAttribute{Computed: true},
		"name":           schema.StringAttribute{Required: true},
		"redirect_url":   schema.StringAttribute{Required: true},
		"scopes":         schema.SetAttribute{Required: true, ElementType: types.StringType},
		"confidential":   schema.BoolAttribute{Optional: true, Computed: true},
		"secret":         schema.StringAttribute{Computed: true, Sensitive: true},
		"application_id": schema.StringAttribute{Computed: true},
	}}
}

// officialApplicationStateMovers carry a gitlab_application over without any request to GitLab: the
// secret, which GitLab never shows again, comes from the old state. The refresh of the plan that
// follows reads the application as usual.
func officialApplicationStateMovers() []resource.StateMover {
	return []resource.StateMover{{
		SourceSchema: officialApplicationSchema(),
		StateMover:   moveOfficialApplication,
	}}
}

func moveOfficialApplication(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if !isOfficialProvider(req.SourceProviderAddress) || req.SourceTypeName != officialApplicationType {
		resp.Diagnostics.AddError("Cannot move this resource into gitlab_instance_application",
			fmt.Sprintf("gitlab_instance_application can take over only the official GitLab provider's %s (%s), "+
				"not %s from %s. To adopt an existing application from anywhere else, use an import block with its id.",
				officialApplicationType, strings.Join(officialProviderAddresses, " or "), req.SourceTypeName, req.SourceProviderAddress))
		return
	}
	if req.SourceState == nil {
		resp.Diagnostics.AddError("Cannot read the gitlab_application state",
			fmt.Sprintf("The state of %s (schema version %d) does not have the attributes of the official provider's %s "+
				"(id, name, redirect_url, scopes, confidential, secret, application_id). Upgrade the state with the official "+
				"provider first (terraform apply), or import the application by id instead.",
				req.SourceTypeName, req.SourceSchemaVersion, officialApplicationType))
		return
	}
	var old officialApplicationModel
	resp.Diagnostics.Append(req.SourceState.Get(ctx, &old)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := parseApplicationID(old.ID.ValueString()); err != nil {
		resp.Diagnostics.AddError("Invalid application id in the gitlab_application state", err.Error())
		return
	}
	moved := applicationModel{
		ID:                     old.ID,
		Name:                   old.Name,
		RedirectURI:            old.RedirectURL,
		Scopes:                 old.Scopes,
		Confidential:           old.Confidential,
		SecretRotationTriggers: types.MapNull(types.StringType),
		ApplicationID:          old.ApplicationID,
		Secret:                 old.Secret,
	}
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, moved)...)
	// The move cannot see the configuration it moves into, so it only marks a non-confidential
	// application; the plan that follows warns when the new block lacks the line (planMovedConfidential).
	// TargetPrivate is nil only when the mover is called outside the framework.
	if mark := nonConfidentialMark(old); mark != nil && resp.TargetPrivate != nil {
		resp.Diagnostics.Append(resp.TargetPrivate.SetKey(ctx, movedNonConfidentialKey, mark)...)
	}
}

// movedNonConfidentialKey is the private state key that a move from the official provider sets on a
// non-confidential application, with its name and id as JSON.
const movedNonConfidentialKey = "moved_non_confidential"

type movedApplication struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

// nonConfidentialMark is the key's value for the old application, or nil when it is confidential.
func nonConfidentialMark(old officialApplicationModel) []byte {
	if old.Confidential.IsNull() || old.Confidential.ValueBool() {
		return nil
	}
	mark, _ := json.Marshal(movedApplication{Name: old.Name.ValueString(), ID: old.ID.ValueString()})
	return mark
}

// planMovedConfidential warns, in the plan after a move of a non-confidential application, when the
// configuration leaves `confidential` out, so that the default (true) would replace the application.
// With the line there (or an explicit true: a replacement chosen on purpose) it says nothing.
func (r *applicationResource) planMovedConfidential(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.kind.movedFrom == nil || req.Private == nil || req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var confidential types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("confidential"), &confidential)...)
	if warning, ok := movedConfidentialWarning(ctx, req.Private, confidential, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(warning)
	}
}

// movedConfidentialWarning decides planMovedConfidential from the private state and the configured value.
func movedConfidentialWarning(ctx context.Context, private privateState, configured types.Bool, diags *diag.Diagnostics) (diag.Diagnostic, bool) {
	raw, d := private.GetKey(ctx, movedNonConfidentialKey)
	diags.Append(d...)
	if len(raw) == 0 || !configured.IsNull() {
		return nil, false
	}
	var moved movedApplication
	if err := json.Unmarshal(raw, &moved); err != nil {
		return nil, false
	}
	return nonConfidentialMoveWarning(moved), true
}

// nonConfidentialMoveWarning tells that a non-confidential application needs `confidential = false` in
// its new block. The official provider sends confidential=false when a configuration omits the argument
// (its value is unknown at create), so many of its applications are not confidential without anyone
// having written so; gitlab_instance_application defaults to true, and the plan after the move would
// replace the application, with a new client id and secret.
func nonConfidentialMoveWarning(old movedApplication) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Add confidential = false to the moved gitlab_instance_application",
		fmt.Sprintf("The official provider's %s %q (id %s) is not confidential in GitLab (confidential = false in its state; "+
			"the official provider sends false when a configuration omits the argument). gitlab_instance_application "+
			"defaults to confidential = true, so unless the resource block it moves to says\n\n"+
			"  confidential = false\n\n"+
			"the plan replaces the application: a new client id and secret, and every client of it must be set up again. "+
			"Add that line and plan again before you apply.",
			officialApplicationType, old.Name, old.ID))
}

// isOfficialProvider tells the official provider by its address. Terraform sends the full source
// address; OpenTofu sends only the provider's type, "gitlab", which together with gitlab_application (a
// type this provider does not have) and a state that decodes with its schema can only be the official one.
func isOfficialProvider(address string) bool {
	if address == "gitlab" {
		return true
	}
	for _, official := range officialProviderAddresses {
		if strings.EqualFold(address, official) {
			return true
		}
	}
	return false
}
