// Command officialprovider stands in for the official GitLab provider (gitlabhq/gitlab) in tests of
// `moved` blocks: its gitlab_application has the official resource's schema and manages instance
// applications through GitLab's /applications API, as the official one does. Nothing else of it is here.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return &officialProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/gitlabhq/gitlab"})
	if err != nil {
		log.Fatal(err)
	}
}

type officialProvider struct{}

func (*officialProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "gitlab"
}

func (*officialProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{Attributes: map[string]pschema.Attribute{
		"base_url": pschema.StringAttribute{Required: true},
		"token":    pschema.StringAttribute{Required: true, Sensitive: true},
	}}
}

func (*officialProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg struct {
		BaseURL types.String `tfsdk:"base_url"`
		Token   types.String `tfsdk:"token"`
	}
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := gitlabclient.New(gitlabclient.Config{BaseURL: cfg.BaseURL.ValueString(), Token: cfg.Token.ValueString()})
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the GitLab client", err.Error())
		return
	}
	resp.ResourceData = client
}

func (*officialProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &application{} }}
}

func (*officialProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type application struct{ client *gitlabclient.Client }

type applicationModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	RedirectURL   types.String `tfsdk:"redirect_url"`
	Scopes        types.Set    `tfsdk:"scopes"`
	Confidential  types.Bool   `tfsdk:"confidential"`
	Secret        types.String `tfsdk:"secret"`
	ApplicationID types.String `tfsdk:"application_id"`
}

func (*application) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "gitlab_application"
}

func (*application) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":             schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"name":           schema.StringAttribute{Required: true, PlanModifiers: replace},
		"redirect_url":   schema.StringAttribute{Required: true, PlanModifiers: replace},
		"scopes":         schema.SetAttribute{Required: true, ElementType: types.StringType, PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()}},
		"confidential":   schema.BoolAttribute{Optional: true, Computed: true},
		"secret":         schema.StringAttribute{Computed: true, Sensitive: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"application_id": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
	}}
}

func (a *application) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	client, ok := req.ProviderData.(*gitlabclient.Client)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("%T", req.ProviderData))
		return
	}
	a.client = client
}

func (a *application) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m applicationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	// As the official provider does: confidential is Optional and Computed, so it is unknown when the
	// configuration omits it, and ValueBool() of an unknown value sends false. An omitted confidential
	// makes a non-confidential application, whatever the official documentation's "Defaults to true".
	opts := gitlabclient.CreateOptions{Name: m.Name.ValueString(), RedirectURI: m.RedirectURL.ValueString(), Confidential: m.Confidential.ValueBool()}
	resp.Diagnostics.Append(m.Scopes.ElementsAs(ctx, &opts.Scopes, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	app, err := a.client.CreateInstanceApplication(ctx, opts)
	if err != nil {
		resp.Diagnostics.AddError("Unable to create application", err.Error())
		return
	}
	m.refresh(app)
	m.Secret = types.StringValue(app.Secret)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (a *application) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m applicationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	id, _ := strconv.ParseInt(m.ID.ValueString(), 10, 64)
	app, err := a.client.InstanceApplicationFromSnapshot(ctx, id)
	if errors.Is(err, gitlabclient.ErrNotFound) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read application", err.Error())
		return
	}
	m.refresh(app)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (*application) Update(_ context.Context, _ resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.AddError("Unexpected update", "every change to gitlab_application replaces it")
}

func (a *application) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m applicationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	id, _ := strconv.ParseInt(m.ID.ValueString(), 10, 64)
	if err := a.client.DeleteInstanceApplication(ctx, id); err != nil && !errors.Is(err, gitlabclient.ErrNotFound) {
		resp.Diagnostics.AddError("Unable to delete application", err.Error())
	}
}

// refresh copies what GitLab reports, except scopes and the secret, which the official resource keeps
// from its configuration and its create.
func (m *applicationModel) refresh(app *gitlabclient.Application) {
	m.ID = types.StringValue(strconv.FormatInt(app.ID, 10))
	m.Name = types.StringValue(app.Name)
	m.RedirectURL = types.StringValue(app.RedirectURI)
	m.Confidential = types.BoolValue(app.Confidential)
	m.ApplicationID = types.StringValue(app.ApplicationID)
}
