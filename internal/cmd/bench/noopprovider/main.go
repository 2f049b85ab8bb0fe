// Command noopprovider is the benchmark's floor: a framework provider whose resource has the shape of
// gitlab_instance_application but does no work at all, so that `terraform plan` over it measures what
// Terraform and the plugin protocol cost by themselves.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
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

func (noopProvider) Schema(context.Context, fwprovider.SchemaRequest, *fwprovider.SchemaResponse) {}

func (noopProvider) Configure(context.Context, fwprovider.ConfigureRequest, *fwprovider.ConfigureResponse) {
}

func (noopProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return item{} }}
}

func (noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type item struct{}

// item imports by id like gitlab_instance_application, so the floor can be adopted the same way.
var _ resource.ResourceWithImportState = item{}

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

func (item) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_item"
}

func (item) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
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
}

func (item) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m itemModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID, m.ApplicationID, m.Secret = m.Name, types.StringValue("client-id"), types.StringValue("secret")
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (item) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m itemModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (item) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m itemModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (item) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// ImportState adopts any id: Read then keeps what state has, the id alone, as GitLab's list would fill in
// the rest for the real resource.
func (item) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
