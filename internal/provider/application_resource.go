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

// applicationResource is the resource of one application kind: gitlab_<kind>_application.
type applicationResource struct {
	kind   *applicationKind
	client *gitlabclient.Client
}

// newApplicationResource returns the resource factory of a kind.
func newApplicationResource(kind *applicationKind) func() resource.Resource {
	return func() resource.Resource { return &applicationResource{kind: kind} }
}

func (r *applicationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.kind.resourceTypeSuffix()
}

func (r *applicationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = applicationResourceSchema(r.kind)
}

func (r *applicationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *applicationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, diags := r.kind.getApplication(ctx, req.Plan.Get)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts, diags := plan.createOptions(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// What the client did but the user should know of (an application that arrived late after its
	// create was sent again) becomes a warning of this apply.
	ctx = gitlabclient.WithWarnings(ctx, func(w gitlabclient.CallWarning) { resp.Diagnostics.AddWarning(w.Summary, w.Detail) })
	app, err := r.kind.calls.create(ctx, r.client, plan.Owner.ValueString(), opts)
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the "+r.kind.noun, r.kind.explainCreateError(err, plan.Owner.ValueString()))
		return
	}
	resp.Diagnostics.Append(plan.refresh(app)...)
	clearSecretStale(ctx, resp.Private, &resp.Diagnostics)
	resp.Diagnostics.Append(r.kind.setApplication(ctx, resp.State.Set, resp.State.Schema, plan)...)
	resp.Diagnostics.Append(r.kind.setIdentity(ctx, resp.Identity, plan)...)
}

func (r *applicationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, id, ok := r.stateAndID(ctx, req.State.Get, &resp.Diagnostics)
	if !ok {
		return
	}
	// Before a possible removal too: a state written before identities existed has none.
	resp.Diagnostics.Append(r.kind.setMissingIdentity(ctx, resp.Identity, state)...)
	app, err := r.kind.calls.read(ctx, r.client, state.Owner.ValueString(), id)
	if errors.Is(err, gitlabclient.ErrNotFound) {
		// Deleted outside Terraform (or, for an owner's application, no longer the owner's): forget it,
		// so the next plan creates it again. A GitLab without the API, or an owner that does not exist,
		// answers differently and is an error, never a removal.
		r.warnDeletedOutside(state, &resp.Diagnostics)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		r.addError(&resp.Diagnostics, "Cannot read the "+r.kind.noun, state.ID.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(state.refresh(app)...)
	r.checkSecret(ctx, &state, resp.Private, &resp.Diagnostics)
	resp.Diagnostics.Append(r.kind.setApplication(ctx, resp.State.Set, resp.State.Schema, state)...)
}

// Update makes the in-place changes the kind's calls allow: name and scopes with one request that
// sends only what changed, and a renewed secret when the triggers ask for one or the refresh found the
// secret renewed outside Terraform (staleSecretKey). Whatever needs a new
// application never gets here (RequiresReplace). The secret comes from state (GitLab cannot show it)
// unless it is renewed. On failure the state stays as it was, old secret and triggers included, so the
// next apply tries again.
func (r *applicationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, diags := r.kind.getApplication(ctx, req.Plan.Get)
	resp.Diagnostics.Append(diags...)
	state, id, ok := r.stateAndID(ctx, req.State.Get, &resp.Diagnostics)
	if !ok {
		return
	}
	plan.Secret = state.Secret
	owner := state.Owner.ValueString()
	if r.kind.updatesInPlace() {
		changes, diags := plan.changesFrom(ctx, state)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		if changes.Name != nil || changes.Scopes != nil {
			app, err := r.kind.calls.update(ctx, r.client, owner, id, changes)
			if err != nil {
				r.addError(&resp.Diagnostics, "Cannot update the "+r.kind.noun, state.ID.ValueString(), err)
				return
			}
			resp.Diagnostics.Append(plan.refresh(app)...)
		}
	}
	stale := secretMarkedStale(ctx, req.Private, &resp.Diagnostics)
	if r.kind.renewsInPlace() && (stale || rotationPlanned(state.SecretRotationTriggers, plan.SecretRotationTriggers)) {
		app, err := r.kind.calls.renew(ctx, r.client, owner, id)
		if errors.Is(err, gitlabclient.ErrNoAnswer) {
			r.recordLostRenewal(ctx, state, resp.Private, func(m applicationModel) diag.Diagnostics {
				return r.kind.setApplication(ctx, resp.State.Set, resp.State.Schema, m)
			}, err, &resp.Diagnostics)
			return
		}
		if err != nil {
			r.addError(&resp.Diagnostics, "Cannot renew the secret of the "+r.kind.noun, state.ID.ValueString(), err)
			return
		}
		resp.Diagnostics.Append(plan.refresh(app)...)
		clearSecretStale(ctx, resp.Private, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(r.kind.setApplication(ctx, resp.State.Set, resp.State.Schema, plan)...)
	resp.Diagnostics.Append(r.kind.setMissingIdentity(ctx, resp.Identity, state)...)
}

func (r *applicationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, id, ok := r.stateAndID(ctx, req.State.Get, &resp.Diagnostics)
	if !ok {
		return
	}
	err := r.kind.calls.delete(ctx, r.client, state.Owner.ValueString(), id)
	if err != nil && !errors.Is(err, gitlabclient.ErrNotFound) { // already gone is what we wanted
		r.addError(&resp.Diagnostics, "Cannot delete the "+r.kind.noun, state.ID.ValueString(), err)
	}
}

// ImportState starts an import from the kind's import id or, Terraform 1.12+, from an identity.
func (r *applicationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.kind.importState(ctx, req, resp)
}

// stateAndID reads the state and the application's numeric id, and hands the client the state's secret
// to mask.
func (r *applicationResource) stateAndID(ctx context.Context, get func(context.Context, any) diag.Diagnostics, diags *diag.Diagnostics) (applicationModel, int64, bool) {
	state, d := r.kind.getApplication(ctx, get)
	diags.Append(d...)
	if diags.HasError() {
		return state, 0, false
	}
	id, err := state.numericID()
	if err != nil {
		diags.AddError("Invalid application id in state", err.Error())
		return state, 0, false
	}
	// Any answer about the application might quote the secret state holds; none may show it.
	r.client.KnowSecret(state.Secret.ValueString())
	return state, id, true
}

// addError explains a client error the way the kind's calls mean it.
func (r *applicationResource) addError(diags *diag.Diagnostics, summary, id string, err error) {
	diags.AddError(summary, r.kind.explain(err, id))
}
