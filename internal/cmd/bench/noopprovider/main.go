// Command noopprovider is the benchmark's floor: a framework provider whose resources have the shape of
// gitlab_instance_application (noop_item) and gitlab_group_application (noop_group_item), with the same
// provider configuration, attributes and identity, but do no work at all, so that `terraform plan` over
// them measures what Terraform and the plugin protocol cost by themselves for each kind.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/sdklogs"
)

func main() {
	debug := flag.Bool("debug", false, "serve in debug mode (one long-lived process)")
	flag.Parse()
	if !*debug { // the floor skips unread logs exactly as the provider under test does
		sdklogs.DropUnread()
	}
	err := providerserver.Serve(context.Background(), func() fwprovider.Provider { return noopProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/gitlab-oauth/noop", ProtocolVersion: 6, Debug: *debug})
	if err != nil {
		log.Fatal(err)
	}
}

type noopProvider struct{}

func (noopProvider) Metadata(_ context.Context, _ fwprovider.MetadataRequest, resp *fwprovider.MetadataResponse) {
	resp.TypeName = "noop"
}

// Schema takes the configuration the provider under test takes in the benchmark, and ignores it.
func (noopProvider) Schema(_ context.Context, _ fwprovider.SchemaRequest, resp *fwprovider.SchemaResponse) {
	resp.Schema = providerschema.Schema{Attributes: map[string]providerschema.Attribute{
		"base_url": providerschema.StringAttribute{Optional: true},
		"token":    providerschema.StringAttribute{Optional: true, Sensitive: true},
	}}
}

func (noopProvider) Configure(context.Context, fwprovider.ConfigureRequest, *fwprovider.ConfigureResponse) {
}

func (noopProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource { return item{} },
		func() resource.Resource { return item{owned: true} },
	}
}

func (noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// item is noop_item, or noop_group_item when owned: with a `group` attribute and identity like
// gitlab_group_application's.
type item struct{ owned bool }

// item imports by id like gitlab_instance_application, so the floor can be adopted the same way.
var (
	_ resource.ResourceWithImportState = item{}
	_ resource.ResourceWithIdentity    = item{}
)

type itemModel struct {
	ID                     types.String `tfsdk:"id"`
	Name                   types.String `tfsdk:"name"`
	RedirectURI            types.String `tfsdk:"redirect_uri"`
	Scopes                 types.Set    `tfsdk:"scopes"`
	Confidential           types.Bool   `tfsdk:"confidential"`
	SecretRotationTriggers types.Map    `tfsdk:"secret_rotation_triggers"`
	ApplicationID          types.String `tfsdk:"application_id"`
	Secret                 types.String `tfsdk:"secret"`
}

type groupItemModel struct {
	itemModel
	Group types.String `tfsdk:"group"`
}

type identityModel struct {
	ID types.String `tfsdk:"id"`
}

type groupIdentityModel struct {
	Group types.String `tfsdk:"group"`
	ID    types.String `tfsdk:"id"`
}

func (i item) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_item"
	if i.owned {
		resp.TypeName = req.ProviderTypeName + "_group_item"
	}
}

func (i item) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":                       schema.StringAttribute{Computed: true, PlanModifiers: keep},
		"name":                     schema.StringAttribute{Required: true},
		"redirect_uri":             schema.StringAttribute{Required: true},
		"scopes":                   schema.SetAttribute{Required: true, ElementType: types.StringType},
		"confidential":             schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
		"secret_rotation_triggers": schema.MapAttribute{Optional: true, ElementType: types.StringType},
		"application_id":           schema.StringAttribute{Computed: true, PlanModifiers: keep},
		"secret":                   schema.StringAttribute{Computed: true, Sensitive: true, PlanModifiers: keep},
	}}
	if i.owned {
		resp.Schema.Attributes["group"] = schema.StringAttribute{Required: true}
	}
}

func (i item) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true},
	}}
	if i.owned {
		resp.IdentitySchema.Attributes["group"] = identityschema.StringAttribute{RequiredForImport: true}
	}
}

// get, set and setIdentity map the resource's data, as the provider under test does for each kind.
func (i item) get(ctx context.Context, get func(context.Context, any) diag.Diagnostics) (itemModel, types.String, diag.Diagnostics) {
	if !i.owned {
		var m itemModel
		diags := get(ctx, &m)
		return m, types.StringNull(), diags
	}
	var m groupItemModel
	diags := get(ctx, &m)
	return m.itemModel, m.Group, diags
}

func (i item) set(ctx context.Context, set func(context.Context, any) diag.Diagnostics, m itemModel, group types.String) diag.Diagnostics {
	if !i.owned {
		return set(ctx, m)
	}
	return set(ctx, groupItemModel{itemModel: m, Group: group})
}

// setIdentity writes the identity when there is none yet, as Read and Update do in the provider.
func (i item) setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, m itemModel, group types.String) diag.Diagnostics {
	if identity == nil || !identity.Raw.IsFullyNull() {
		return nil
	}
	if !i.owned {
		return identity.Set(ctx, identityModel{ID: m.ID})
	}
	return identity.Set(ctx, groupIdentityModel{Group: group, ID: m.ID})
}

func (i item) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	m, group, diags := i.get(ctx, req.Plan.Get)
	resp.Diagnostics.Append(diags...)
	m.ID, m.ApplicationID, m.Secret = m.Name, types.StringValue("client-id"), types.StringValue("secret")
	resp.Diagnostics.Append(i.set(ctx, resp.State.Set, m, group)...)
	resp.Diagnostics.Append(i.setIdentity(ctx, resp.Identity, m, group)...)
}

func (i item) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	m, group, diags := i.get(ctx, req.State.Get)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(i.setIdentity(ctx, resp.Identity, m, group)...)
	resp.Diagnostics.Append(i.set(ctx, resp.State.Set, m, group)...)
}

func (i item) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	m, group, diags := i.get(ctx, req.Plan.Get)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(i.set(ctx, resp.State.Set, m, group)...)
	resp.Diagnostics.Append(i.setIdentity(ctx, resp.Identity, m, group)...)
}

func (item) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// ImportState adopts any id: Read then keeps what state has, the id alone, as GitLab's list would fill in
// the rest for the real resource.
func (item) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
