package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/planmodifiers"
)

var (
	_ resource.ResourceWithConfigure   = &userApplicationResource{}
	_ resource.ResourceWithImportState = &userApplicationResource{}
)

// userApplicationResource manages an OAuth application owned by the token's user (`/user/applications`,
// GitLab 19.0+). Unlike instance applications, GitLab can read one by id and change its name and scopes
// in place, but it cannot renew the secret: a new secret needs a new application.
type userApplicationResource struct {
	client *gitlabclient.Client
}

// NewUserApplicationResource returns the gitlab_user_application resource.
func NewUserApplicationResource() resource.Resource {
	return &userApplicationResource{}
}

func (r *userApplicationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_application"
}

func (r *userApplicationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	const inPlace = "Changing it updates the application in place: same `id`, same secret."
	resp.Schema = applicationSchema(applicationVariant{
		description: "An OAuth application owned by the token's user, managed through GitLab's `/user/applications` API " +
			"(GitLab 19.0 or newer). Any user's token with the `api` scope works.\n\n" +
			"`name` and `scopes` change in place. GitLab cannot renew a user application's secret, so a change of " +
			"`secret_rotation_triggers` **replaces** the application: new `id`, new `application_id`, new secret. " +
			"Add `lifecycle { create_before_destroy = true }` to create the new application before the old one is deleted.",
		nameChange:        inPlace,
		scopesChange:      inPlace,
		triggersModifiers: []planmodifier.Map{planmodifiers.RequiresReplaceOnRotation()},
		triggersChange: "User applications cannot renew their secret, so a rotation **replaces** the application " +
			"(new `id`, `application_id` and secret); use `create_before_destroy` to switch over without a gap.",
	})
}

func (r *userApplicationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *userApplicationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
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
	app, err := r.client.CreateUserApplication(ctx, opts)
	if err != nil {
		r.addError(&resp.Diagnostics, "Cannot create the user application", "", err)
		return
	}
	resp.Diagnostics.Append(plan.refresh(ctx, app)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *userApplicationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
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
	app, err := r.client.UserApplication(ctx, id)
	if errors.Is(err, gitlabclient.ErrNotFound) {
		// Deleted outside Terraform: forget it, so the next plan creates it again. A GitLab without this
		// API answers differently (ErrUserApplicationsUnsupported) and is reported below, never removed.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		r.addError(&resp.Diagnostics, "Cannot read the user application", state.ID.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(state.refresh(ctx, app)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update changes name and scopes with one PUT, sending only what changed. New triggers are only recorded
// here: a rotation replaces the application (see RequiresReplaceOnRotation), so the secret always stays.
func (r *userApplicationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state applicationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.Secret = state.Secret

	var update gitlabclient.UpdateOptions
	if !plan.Name.Equal(state.Name) {
		name := plan.Name.ValueString()
		update.Name = &name
	}
	if !plan.Scopes.Equal(state.Scopes) {
		resp.Diagnostics.Append(plan.Scopes.ElementsAs(ctx, &update.Scopes, false)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if update.Name != nil || update.Scopes != nil {
		id, err := state.numericID()
		if err != nil {
			resp.Diagnostics.AddError("Invalid application id in state", err.Error())
			return
		}
		app, err := r.client.UpdateUserApplication(ctx, id, update)
		if err != nil {
			r.addError(&resp.Diagnostics, "Cannot update the user application", state.ID.ValueString(), err)
			return
		}
		resp.Diagnostics.Append(plan.refresh(ctx, app)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *userApplicationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
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
	err = r.client.DeleteUserApplication(ctx, id)
	if err != nil && !errors.Is(err, gitlabclient.ErrNotFound) { // already gone is what we wanted
		r.addError(&resp.Diagnostics, "Cannot delete the user application", state.ID.ValueString(), err)
	}
}

func (r *userApplicationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importApplication(ctx, req, resp)
}

// addError explains a client error; a 403 on these routes means the application is not the token user's.
func (r *userApplicationResource) addError(diags *diag.Diagnostics, summary, id string, err error) {
	if isForbidden(err) {
		diags.AddError(summary, fmt.Sprintf("GitLab refused access to application %s (403): it belongs to another user, "+
			"or it is an instance-wide application. Only its owner can manage it through /user/applications: use the "+
			"owner's token, or gitlab_instance_application for an instance-wide application.\n\nError: %s", id, err))
		return
	}
	addClientError(diags, summary, err)
}
