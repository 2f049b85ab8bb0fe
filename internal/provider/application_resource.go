package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

var (
	_ resource.ResourceWithConfigure   = &applicationResource{}
	_ resource.ResourceWithImportState = &applicationResource{}
)

// applicationKind is what differs between the two application resources, because GitLab's two APIs
// differ: the routes, what can change in place, and what a 403 means. instance_application_resource.go
// and user_application_resource.go each hold one; everything else is applicationResource.
type applicationKind interface {
	// typeName is the resource type's suffix, such as "_instance_application".
	typeName() string
	// noun names one application in messages, such as "instance application".
	noun() string
	schemaVariant() applicationVariant
	create(ctx context.Context, c *gitlabclient.Client, opts gitlabclient.CreateOptions) (*gitlabclient.Application, error)
	read(ctx context.Context, c *gitlabclient.Client, id int64) (*gitlabclient.Application, error)
	// update makes the in-place changes from state to plan; a nil application means GitLab had
	// nothing to change. Whatever needs a new application never gets here (RequiresReplace).
	update(ctx context.Context, c *gitlabclient.Client, id int64, state, plan applicationModel) (*gitlabclient.Application, error)
	delete(ctx context.Context, c *gitlabclient.Client, id int64) error
	// forbidden explains a plain 403 on this kind's routes.
	forbidden(id string) string
}

// applicationResource is one OAuth application resource; its kind says which.
type applicationResource struct {
	kind   applicationKind
	client *gitlabclient.Client
}

func (r *applicationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.kind.typeName()
}

func (r *applicationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = applicationSchema(r.kind.schemaVariant())
}

func (r *applicationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *applicationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
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
	app, err := r.kind.create(ctx, r.client, opts)
	if err != nil {
		r.addError(&resp.Diagnostics, "Cannot create the "+r.kind.noun(), "", err)
		return
	}
	resp.Diagnostics.Append(plan.refresh(app)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *applicationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, id, ok := r.stateAndID(ctx, req.State.Get, &resp.Diagnostics)
	if !ok {
		return
	}
	app, err := r.kind.read(ctx, r.client, id)
	if errors.Is(err, gitlabclient.ErrNotFound) {
		// Deleted outside Terraform: forget it, so the next plan creates it again. A GitLab without
		// the API answers differently (ErrUserApplicationsUnsupported) and is an error, never a removal.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		r.addError(&resp.Diagnostics, "Cannot read the "+r.kind.noun(), state.ID.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(state.refresh(app)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update keeps the secret from state (GitLab cannot show it) unless the kind's update issues a new one.
// On failure the state stays as it was, old secret and triggers included, so the next apply tries again.
func (r *applicationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan applicationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	state, id, ok := r.stateAndID(ctx, req.State.Get, &resp.Diagnostics)
	if !ok {
		return
	}
	plan.Secret = state.Secret
	app, err := r.kind.update(ctx, r.client, id, state, plan)
	if err != nil {
		r.addError(&resp.Diagnostics, "Cannot update the "+r.kind.noun(), state.ID.ValueString(), err)
		return
	}
	if app != nil {
		resp.Diagnostics.Append(plan.refresh(app)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *applicationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, id, ok := r.stateAndID(ctx, req.State.Get, &resp.Diagnostics)
	if !ok {
		return
	}
	err := r.kind.delete(ctx, r.client, id)
	if err != nil && !errors.Is(err, gitlabclient.ErrNotFound) { // already gone is what we wanted
		r.addError(&resp.Diagnostics, "Cannot delete the "+r.kind.noun(), state.ID.ValueString(), err)
	}
}

func (r *applicationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importApplication(ctx, req, resp)
}

// stateAndID reads the state and the application's numeric id.
func (r *applicationResource) stateAndID(ctx context.Context, get func(context.Context, any) diag.Diagnostics, diags *diag.Diagnostics) (applicationModel, int64, bool) {
	var state applicationModel
	diags.Append(get(ctx, &state)...)
	if diags.HasError() {
		return state, 0, false
	}
	id, err := state.numericID()
	if err != nil {
		diags.AddError("Invalid application id in state", err.Error())
		return state, 0, false
	}
	return state, id, true
}

// addError explains a client error, with what a 403 means on this kind's routes.
func (r *applicationResource) addError(diags *diag.Diagnostics, summary, id string, err error) {
	if isForbidden(err) {
		diags.AddError(summary, r.kind.forbidden(id)+"\n\nError: "+err.Error())
		return
	}
	addClientError(diags, summary, err)
}
