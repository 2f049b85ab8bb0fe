package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
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

func (l *applicationListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + l.kind.resourceTypeSuffix()
}

func (l *applicationListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	attributes := map[string]schema.Attribute{}
	for _, a := range l.kind.queryAttributes() {
		description := a.description
		if a.owner {
			description += " The results name it the same way."
		}
		attributes[a.name] = schema.StringAttribute{Required: a.owner, Optional: !a.owner, MarkdownDescription: description, Validators: a.validators}
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
	var config applicationsQueryModel
	var diags diag.Diagnostics
	config.Owner, diags = l.kind.getOwned(ctx, req.Config.Get, &config)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	apps, diags := l.kind.listApplications(ctx, l.client, config)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	if req.Limit > 0 && int64(len(apps)) > req.Limit {
		apps = apps[:req.Limit]
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for _, app := range apps {
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
		result.Diagnostics.Append(l.kind.setApplication(ctx, result.Resource.Set, result.Resource.Schema, m)...)
	}
	return result
}
