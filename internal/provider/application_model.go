package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// applicationModel is the Terraform data of every application resource.
type applicationModel struct {
	// Owner is the owner attribute's value (the group) of kinds that have one; getOwned and setOwned
	// map it.
	Owner types.String `tfsdk:"-"`

	ID                     types.String `tfsdk:"id"`
	Name                   types.String `tfsdk:"name"`
	RedirectURI            types.String `tfsdk:"redirect_uri"`
	Scopes                 types.Set    `tfsdk:"scopes"`
	Confidential           types.Bool   `tfsdk:"confidential"`
	SecretRotationTriggers types.Map    `tfsdk:"secret_rotation_triggers"`
	ApplicationID          types.String `tfsdk:"application_id"`
	Secret                 types.String `tfsdk:"secret"`
}

func (m applicationModel) createOptions(ctx context.Context) (gitlabclient.CreateOptions, diag.Diagnostics) {
	opts := gitlabclient.CreateOptions{
		Name:         m.Name.ValueString(),
		RedirectURI:  m.RedirectURI.ValueString(),
		Confidential: m.Confidential.ValueBool(),
	}
	diags := m.Scopes.ElementsAs(ctx, &opts.Scopes, false)
	return opts, diags
}

// changesFrom is what an in-place update sends: name and scopes, each only when it changed.
func (m applicationModel) changesFrom(ctx context.Context, state applicationModel) (gitlabclient.UpdateOptions, diag.Diagnostics) {
	var changes gitlabclient.UpdateOptions
	var diags diag.Diagnostics
	if !m.Name.Equal(state.Name) {
		name := m.Name.ValueString()
		changes.Name = &name
	}
	if !m.Scopes.Equal(state.Scopes) {
		diags = m.Scopes.ElementsAs(ctx, &changes.Scopes, false)
	}
	return changes, diags
}

// numericID is the id GitLab uses in paths.
func (m applicationModel) numericID() (int64, error) {
	return parseApplicationID(m.ID.ValueString())
}

// refresh copies what GitLab reports into the model. The secret is only replaced when GitLab sent one
// (create and renew): no read can see it. Scopes are kept when an older GitLab leaves them out.
func (m *applicationModel) refresh(app *gitlabclient.Application) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(strconv.FormatInt(app.ID, 10))
	m.Name = types.StringValue(app.Name)
	m.RedirectURI = types.StringValue(app.RedirectURI)
	m.Confidential = types.BoolValue(app.Confidential)
	m.ApplicationID = types.StringValue(app.ApplicationID)
	if app.Scopes != nil {
		m.Scopes, diags = stringSet(app.Scopes)
	}
	if app.Secret != "" {
		m.Secret = types.StringValue(app.Secret)
	}
	return diags
}

// stringSet builds a set of strings without reflection: Read runs it for every managed application.
func stringSet(values []string) (types.Set, diag.Diagnostics) {
	elements := make([]attr.Value, len(values))
	for i, v := range values {
		elements[i] = types.StringValue(v)
	}
	return types.SetValue(types.StringType, elements)
}

func parseApplicationID(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not an application id: GitLab's application ids are positive whole numbers, "+
			"such as the `id` shown by `GET /applications` (not the OAuth client id)", id)
	}
	return n, nil
}

// getApplication reads a plan or a state of the kind's resource into the model.
func (k *applicationKind) getApplication(ctx context.Context, get func(context.Context, any) diag.Diagnostics) (applicationModel, diag.Diagnostics) {
	var m applicationModel
	var diags diag.Diagnostics
	m.Owner, diags = k.getOwned(ctx, get, &m)
	return m, diags
}

// setApplication writes the model into a state of the kind's resource.
func (k *applicationKind) setApplication(ctx context.Context, set func(context.Context, any) diag.Diagnostics, schema terraformSchema, m applicationModel) diag.Diagnostics {
	return k.setOwned(ctx, set, schema, m, m.Owner)
}

// clientFromProviderData is the Configure step shared by every resource and data source.
func clientFromProviderData(providerData any, diags *diag.Diagnostics) *gitlabclient.Client {
	if providerData == nil { // Terraform validates configuration before the provider is configured.
		return nil
	}
	client, ok := providerData.(*gitlabclient.Client)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *gitlabclient.Client, got %T; please report this issue", providerData))
	}
	return client
}
