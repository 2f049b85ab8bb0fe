package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/validators"
)

var (
	_ provider.ProviderWithListResources = &gitlabProvider{}
	_ list.ListResourceWithConfigure     = &applicationListResource{}
)

// ListResources are what `terraform query` (Terraform 1.14+) can list: one per application kind, named
// like its resource.
func (p *gitlabProvider) ListResources(_ context.Context) []func() list.ListResource {
	return buildForEachKind(newApplicationListResource)
}

// applicationListResource finds the existing applications of one kind, so that `terraform query
// -generate-config-out` can write their configuration and import blocks. Each result carries the
// resource's identity and the application's name; the resource itself only when asked, and never a
// secret, which GitLab shows only when it issues one.
type applicationListResource struct {
	kind   *applicationKind
	client *gitlabclient.Client
}

func newApplicationListResource(kind *applicationKind) func() list.ListResource {
	return func() list.ListResource { return &applicationListResource{kind: kind} }
}

// applicationListConfigModel is a list block's configuration; Owner is mapped by
// ownedApplicationListConfigModel, as in applicationModel.
type applicationListConfigModel struct {
	Owner     types.String `tfsdk:"-"`
	Name      types.String `tfsdk:"name"`
	NameRegex types.String `tfsdk:"name_regex"`
}

type ownedApplicationListConfigModel struct {
	applicationListConfigModel
	Group types.String `tfsdk:"group"`
}

func (l *applicationListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + l.kind.resourceTypeSuffix()
}

func (l *applicationListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
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
	}
	if owner := l.kind.owner; owner != nil {
		attributes[owner.name] = schema.StringAttribute{
			Required:            true,
			MarkdownDescription: owner.description + " The results name it the same way.",
			Validators:          []validator.String{validators.GroupReference()},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the existing " + l.kind.noun + "s for `terraform query` (Terraform 1.14 or newer), " +
			"optionally filtered by name, with one list request per page of GitLab's answer. Each result carries the " +
			"resource identity and the application's name as display name; with `include_resource = true`, the resource " +
			"too, without its secret (GitLab shows a secret only when it issues one).",
		Attributes: attributes,
	}
}

func (l *applicationListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (l *applicationListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	config, diags := l.getConfig(ctx, req.Config.Get)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	filter, err := newNameFilter(config.Name, config.NameRegex)
	if err != nil {
		diags.AddError("Invalid name_regex", err.Error())
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	apps, err := l.kind.routes.list(ctx, l.client, config.Owner.ValueString())
	if err != nil {
		diags.AddError("Cannot list "+l.kind.noun+"s", l.kind.explain(err, ""))
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	sort.Slice(apps, func(i, j int) bool { return apps[i].ID < apps[j].ID })
	stream.Results = func(push func(list.ListResult) bool) {
		var pushed int64
		for _, app := range apps {
			if req.Limit > 0 && pushed == req.Limit {
				return
			}
			if !filter.matches(app.Name) {
				continue
			}
			pushed++
			if !push(l.result(ctx, req, config.Owner, app)) {
				return
			}
		}
	}
}

// result is one application as `terraform query` shows it, and as -generate-config-out writes it:
// what GitLab reports, with no secret and no rotation triggers.
func (l *applicationListResource) result(ctx context.Context, req list.ListRequest, owner types.String, app gitlabclient.Application) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = app.Name
	app.Secret = "" // a list never carries one; this keeps it that way
	m := applicationModel{
		Owner:                  owner,
		Scopes:                 types.SetNull(types.StringType),
		SecretRotationTriggers: types.MapNull(types.StringType),
		Secret:                 types.StringNull(),
	}
	result.Diagnostics.Append(m.refresh(&app)...)
	result.Diagnostics.Append(l.kind.setIdentity(ctx, result.Identity, m)...)
	if req.IncludeResource {
		result.Diagnostics.Append(l.kind.setApplication(ctx, result.Resource.Set, m)...)
	}
	return result
}

func (l *applicationListResource) getConfig(ctx context.Context, get func(context.Context, any) diag.Diagnostics) (applicationListConfigModel, diag.Diagnostics) {
	if l.kind.owner == nil {
		var config applicationListConfigModel
		diags := get(ctx, &config)
		return config, diags
	}
	var config ownedApplicationListConfigModel
	diags := get(ctx, &config)
	config.Owner = config.Group
	return config.applicationListConfigModel, diags
}
