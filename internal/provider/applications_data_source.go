package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

var _ datasource.DataSourceWithConfigure = &applicationsDataSource{}

// applicationsDataSource lists one kind's applications (gitlab_<kind>_applications), to find what to
// import. It never shows a secret: GitLab shows one only when it issues it.
type applicationsDataSource struct {
	kind   *applicationKind
	client *gitlabclient.Client
}

// newApplicationsDataSource returns the data source factory of a kind.
func newApplicationsDataSource(kind *applicationKind) func() datasource.DataSource {
	return func() datasource.DataSource { return &applicationsDataSource{kind: kind} }
}

type applicationsDataSourceModel struct {
	applicationsQueryModel
	Applications []applicationSummaryModel `tfsdk:"applications"`
}

type applicationSummaryModel struct {
	ID            types.String `tfsdk:"id"`
	ApplicationID types.String `tfsdk:"application_id"`
	Name          types.String `tfsdk:"name"`
	RedirectURI   types.String `tfsdk:"redirect_uri"`
	Confidential  types.Bool   `tfsdk:"confidential"`
	Scopes        types.Set    `tfsdk:"scopes"`
}

func (d *applicationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.kind.dataSourceTypeSuffix()
}

func (d *applicationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := map[string]schema.Attribute{
		"applications": schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: "The applications, ordered by `id`.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id":             schema.StringAttribute{Computed: true, MarkdownDescription: "GitLab's numeric id, used for import."},
				"application_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The OAuth client id."},
				"name":           schema.StringAttribute{Computed: true, MarkdownDescription: "The application's name."},
				"redirect_uri":   schema.StringAttribute{Computed: true, MarkdownDescription: "The redirect URIs, as stored."},
				"confidential":   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the application is confidential."},
				"scopes": schema.SetAttribute{
					Computed: true, ElementType: types.StringType,
					MarkdownDescription: "The scopes; null on a GitLab that does not report them.",
				},
			}},
		},
	}
	for _, a := range d.kind.queryAttributes() {
		attributes[a.name] = schema.StringAttribute{Required: a.owner, Optional: !a.owner, MarkdownDescription: a.description, Validators: a.validators}
	}
	resp.Schema = schema.Schema{MarkdownDescription: d.kind.dataSourceDescription, Attributes: attributes}
}

func (d *applicationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *applicationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config applicationsDataSourceModel
	var diags diag.Diagnostics
	config.Owner, diags = d.kind.getOwned(ctx, req.Config.Get, &config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	apps, diags := d.kind.listApplications(ctx, d.client, config.applicationsQueryModel)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	config.Applications = make([]applicationSummaryModel, 0, len(apps))
	for _, app := range apps {
		summary, diags := newApplicationSummary(app)
		resp.Diagnostics.Append(diags...)
		config.Applications = append(config.Applications, summary)
	}
	resp.Diagnostics.Append(d.kind.setOwned(ctx, resp.State.Set, resp.State.Schema, config, config.Owner)...)
}

func newApplicationSummary(app gitlabclient.Application) (applicationSummaryModel, diag.Diagnostics) {
	summary := applicationSummaryModel{
		ID:            types.StringValue(strconv.FormatInt(app.ID, 10)),
		ApplicationID: types.StringValue(app.ApplicationID),
		Name:          types.StringValue(app.Name),
		RedirectURI:   types.StringValue(app.RedirectURI),
		Confidential:  types.BoolValue(app.Confidential),
		Scopes:        types.SetNull(types.StringType),
	}
	var diags diag.Diagnostics
	if app.Scopes != nil {
		summary.Scopes, diags = stringSet(app.Scopes)
	}
	return summary, diags
}
