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
	// Owner is mapped by ownedApplicationsDataSourceModel, as in applicationModel.
	Owner        types.String              `tfsdk:"-"`
	Name         types.String              `tfsdk:"name"`
	NameRegex    types.String              `tfsdk:"name_regex"`
	Applications []applicationSummaryModel `tfsdk:"applications"`
}

type ownedApplicationsDataSourceModel struct {
	applicationsDataSourceModel
	Group types.String `tfsdk:"group"`
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
		"name": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: nameFilterDescription,
		},
		"name_regex": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: nameRegexFilterDescription,
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
	}
	if owner := d.kind.owner; owner != nil {
		attributes[owner.name] = schema.StringAttribute{
			Required:            true,
			MarkdownDescription: owner.description,
			Validators:          []validator.String{validators.GroupReference()},
		}
	}
	resp.Schema = schema.Schema{MarkdownDescription: d.kind.dataSourceDescription, Attributes: attributes}
}

func (d *applicationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *applicationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	config, diags := d.getConfig(ctx, req.Config.Get)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	filter, err := newNameFilter(config.Name, config.NameRegex)
	if err != nil {
		resp.Diagnostics.AddError("Invalid name_regex", err.Error())
		return
	}
	apps, err := d.kind.routes.list(ctx, d.client, config.Owner.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Cannot list "+d.kind.noun+"s", d.kind.explain(err, ""))
		return
	}
	sort.Slice(apps, func(i, j int) bool { return apps[i].ID < apps[j].ID })
	config.Applications = []applicationSummaryModel{}
	for _, app := range apps {
		if !filter.matches(app.Name) {
			continue
		}
		summary, diags := newApplicationSummary(app)
		resp.Diagnostics.Append(diags...)
		config.Applications = append(config.Applications, summary)
	}
	if d.kind.owner == nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, config)...)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, ownedApplicationsDataSourceModel{applicationsDataSourceModel: config, Group: config.Owner})...)
}

func (d *applicationsDataSource) getConfig(ctx context.Context, get func(context.Context, any) diag.Diagnostics) (applicationsDataSourceModel, diag.Diagnostics) {
	if d.kind.owner == nil {
		var config applicationsDataSourceModel
		diags := get(ctx, &config)
		return config, diags
	}
	var config ownedApplicationsDataSourceModel
	diags := get(ctx, &config)
	config.Owner = config.Group
	return config.applicationsDataSourceModel, diags
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

// The descriptions of the name filters of the data sources and the list resources, which nameFilter
// applies.
const (
	nameFilterDescription      = "Only the applications with exactly this name."
	nameRegexFilterDescription = "Only the applications whose name matches this regular expression (RE2 syntax, as Go's `regexp`)."
)

// nameFilter keeps the applications with a name equal to `name` and matching `name_regex`, each
// when set. The data sources and the list resources share it.
type nameFilter struct {
	name  *string
	regex *regexp.Regexp
}

// newNameFilter compiles the filter. validators.RegularExpression refuses a bad expression at plan
// time; one that reaches here unchecked (an unknown value then) is an error, not a panic.
func newNameFilter(name, nameRegex types.String) (nameFilter, error) {
	var f nameFilter
	if !name.IsNull() {
		v := name.ValueString()
		f.name = &v
	}
	if !nameRegex.IsNull() {
		re, err := regexp.Compile(nameRegex.ValueString())
		if err != nil {
			return f, err
		}
		f.regex = re
	}
	return f, nil
}

func (f nameFilter) matches(name string) bool {
	return (f.name == nil || *f.name == name) && (f.regex == nil || f.regex.MatchString(name))
}
