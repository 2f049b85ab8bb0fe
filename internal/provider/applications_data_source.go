package provider

import (
	"context"
	"regexp"
	"sort"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/validators"
)

var (
	_ datasource.DataSourceWithConfigure = &applicationsDataSource{}
)

// applicationsDataSource lists applications, to find what to import. Both data sources share it and
// differ only in the list they read: GitLab's instance list (one answer) or the user's (paginated).
type applicationsDataSource struct {
	typeSuffix  string
	description string
	list        func(ctx context.Context, client *gitlabclient.Client) ([]gitlabclient.Application, error)
	// forbidden explains a 403 from this list.
	forbidden string
	client    *gitlabclient.Client
}

// NewInstanceApplicationsDataSource returns the gitlab_instance_applications data source.
func NewInstanceApplicationsDataSource() datasource.DataSource {
	return &applicationsDataSource{
		typeSuffix: "_instance_applications",
		description: "Every instance-wide OAuth application (`GET /applications`, administrators only), optionally filtered by name. " +
			"Never includes secrets: GitLab shows them only once. Useful to find the ids to import.",
		list: func(ctx context.Context, c *gitlabclient.Client) ([]gitlabclient.Application, error) {
			return c.ListInstanceApplications(ctx)
		},
		forbidden: "Listing instance applications needs an administrator's token (with admin mode on, one with the `admin_mode` scope).",
	}
}

// NewUserApplicationsDataSource returns the gitlab_user_applications data source.
func NewUserApplicationsDataSource() datasource.DataSource {
	return &applicationsDataSource{
		typeSuffix: "_user_applications",
		description: "Every OAuth application owned by the token's user (`GET /user/applications`, all pages; GitLab 19.0 or newer), " +
			"optionally filtered by name. Never includes secrets. Useful to find the ids to import.",
		list: func(ctx context.Context, c *gitlabclient.Client) ([]gitlabclient.Application, error) {
			return c.ListUserApplications(ctx)
		},
		forbidden: "GitLab refused to list the token user's applications.",
	}
}

type applicationsDataSourceModel struct {
	Name         types.String              `tfsdk:"name"`
	NameRegex    types.String              `tfsdk:"name_regex"`
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
	resp.TypeName = req.ProviderTypeName + d.typeSuffix
}

func (d *applicationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: d.description,
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the applications with exactly this name.",
			},
			"name_regex": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the applications whose name matches this regular expression (RE2 syntax, as Go's `regexp`).",
				Validators:          []validator.String{validators.RegularExpression()},
			},
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
		},
	}
}

func (d *applicationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *applicationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config applicationsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var nameRegex *regexp.Regexp
	if !config.NameRegex.IsNull() {
		nameRegex = regexp.MustCompile(config.NameRegex.ValueString()) // checked by validators.RegularExpression
	}
	apps, err := d.list(ctx, d.client)
	if err != nil {
		summary := "Cannot list applications"
		if isForbidden(err) {
			resp.Diagnostics.AddError(summary, d.forbidden+"\n\nError: "+err.Error())
			return
		}
		addClientError(&resp.Diagnostics, summary, err)
		return
	}
	sort.Slice(apps, func(i, j int) bool { return apps[i].ID < apps[j].ID })
	config.Applications = []applicationSummaryModel{}
	for _, app := range apps {
		if !config.Name.IsNull() && app.Name != config.Name.ValueString() {
			continue
		}
		if nameRegex != nil && !nameRegex.MatchString(app.Name) {
			continue
		}
		summary := applicationSummaryModel{
			ID:            types.StringValue(strconv.FormatInt(app.ID, 10)),
			ApplicationID: types.StringValue(app.ApplicationID),
			Name:          types.StringValue(app.Name),
			RedirectURI:   types.StringValue(app.RedirectURI),
			Confidential:  types.BoolValue(app.Confidential),
			Scopes:        types.SetNull(types.StringType),
		}
		if app.Scopes != nil {
			var diags diag.Diagnostics
			summary.Scopes, diags = types.SetValueFrom(ctx, types.StringType, app.Scopes)
			resp.Diagnostics.Append(diags...)
		}
		config.Applications = append(config.Applications, summary)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &config)...)
}
