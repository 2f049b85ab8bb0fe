package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/planmodifiers"
)

var (
	_ resource.ResourceWithConfigure   = &instanceApplicationResource{}
	_ resource.ResourceWithImportState = &instanceApplicationResource{}
)

// instanceApplicationResource manages an instance-wide OAuth application (`/applications`, administrators only).
// GitLab can neither read one such application nor change it: Read lists them all, and only the secret
// changes in place (renew-secret); every other change is a new application.
type instanceApplicationResource struct {
	client *gitlabclient.Client
}

// NewInstanceApplicationResource returns the gitlab_instance_application resource.
func NewInstanceApplicationResource() resource.Resource {
	return &instanceApplicationResource{}
}

func (r *instanceApplicationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_instance_application"
}

func (r *instanceApplicationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	const replaced = "Changing it replaces the application: GitLab cannot change an instance application in place."
	resp.Schema = applicationSchema(applicationVariant{
		description: "An instance-wide OAuth application, managed through GitLab's `/applications` API. " +
			"Needs an administrator's token (with admin mode on, one with the `admin_mode` scope).\n\n" +
			"A change of `secret_rotation_triggers` renews the secret in place (GitLab 16.11 or newer): " +
			"the `id` and the OAuth client id stay, and the old secret stops working at once.",
		nameModifiers:   []planmodifier.String{stringplanmodifier.RequiresReplace()},
		nameChange:      replaced,
		scopesModifiers: []planmodifier.Set{planmodifiers.RequiresReplaceUnlessStateNull()},
		scopesChange: replaced + " After an import from a GitLab that does not report scopes, the configured scopes " +
			"are adopted without a replacement.",
		triggersChange: "Instance applications renew their secret in place (`POST /applications/:id/renew-secret`): " +
			"same `id` and `application_id`, and the old secret stops working at once.",
	})
}

func (r *instanceApplicationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *instanceApplicationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan applicationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts, diags := plan.createOptions(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	app, err := r.client.CreateInstanceApplication(ctx, opts)
	if err != nil {
		r.addError(&resp.Diagnostics, "Cannot create the instance application", err)
		return
	}
	resp.Diagnostics.Append(plan.refresh(ctx, app)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *instanceApplicationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state applicationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := state.numericID()
	if err != nil {
		resp.Diagnostics.AddError("Invalid application id in state", err.Error())
		return
	}
	app, err := r.client.InstanceApplication(ctx, id)
	if errors.Is(err, gitlabclient.ErrNotFound) {
		// Deleted outside Terraform: forget it, so the next plan creates it again.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		r.addError(&resp.Diagnostics, "Cannot read the instance application", err)
		return
	}
	resp.Diagnostics.Append(state.refresh(ctx, app)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update only ever records new triggers or scopes adopted after an import, and renews the secret when
// the triggers changed from one value to another: every other change replaces the application.
func (r *instanceApplicationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state applicationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.Secret = state.Secret
	if planmodifiers.RotationPlanned(state.SecretRotationTriggers, plan.SecretRotationTriggers) {
		id, err := state.numericID()
		if err != nil {
			resp.Diagnostics.AddError("Invalid application id in state", err.Error())
			return
		}
		// On failure the state stays as it was (old secret, old triggers), so the next apply tries again.
		app, err := r.client.RenewInstanceApplicationSecret(ctx, id)
		if err != nil {
			r.addError(&resp.Diagnostics, "Cannot renew the instance application's secret", err)
			return
		}
		resp.Diagnostics.Append(plan.refresh(ctx, app)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *instanceApplicationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state applicationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := state.numericID()
	if err != nil {
		resp.Diagnostics.AddError("Invalid application id in state", err.Error())
		return
	}
	err = r.client.DeleteInstanceApplication(ctx, id)
	if err != nil && !errors.Is(err, gitlabclient.ErrNotFound) { // already gone is what we wanted
		r.addError(&resp.Diagnostics, "Cannot delete the instance application", err)
	}
}

func (r *instanceApplicationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importApplication(ctx, req, resp)
}

// addError explains a client error; a 403 on these routes always means the token is not an administrator's.
func (r *instanceApplicationResource) addError(diags *diag.Diagnostics, summary string, err error) {
	if isForbidden(err) {
		diags.AddError(summary, fmt.Sprintf("GitLab refused the request (403): instance applications can only be managed "+
			"with an administrator's token, and with admin mode on, one that also has the `admin_mode` scope. "+
			"For applications owned by the token's user, use gitlab_user_application.\n\nError: %s", err))
		return
	}
	addClientError(diags, summary, err)
}
