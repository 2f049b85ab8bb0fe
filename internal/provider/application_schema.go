package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/planmodifiers"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/validators"
)

// applicationVariant holds what differs between the two application resources, because GitLab's two
// APIs differ: which changes are made in place and which need a new application. Everything else in
// the schema is shared.
type applicationVariant struct {
	description string

	nameModifiers     []planmodifier.String
	nameChange        string
	scopesModifiers   []planmodifier.Set
	scopesChange      string
	triggersModifiers []planmodifier.Map
	triggersChange    string
}

func applicationSchema(v applicationVariant) schema.Schema {
	return schema.Schema{
		MarkdownDescription: v.description,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "GitLab's numeric id of the application, used in API paths and for import. Not the OAuth client id.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The application's name, shown to users when they authorize it. " + v.nameChange,
				Validators:          []validator.String{validators.ApplicationName()},
				PlanModifiers:       v.nameModifiers,
			},
			"redirect_uri": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The redirect URI, or several separated by ASCII whitespace (spaces, tabs, newlines; a no-break space " +
					"does not separate), stored as written. The plan checks each with GitLab's own rules: a valid RFC 3986 URI (ASCII only, " +
					"a host in punycode), with a scheme or a host (`//app.example.com/cb` is fine), not opaque (`myapp:cb`), no fragment, " +
					"not `data:`, `javascript:` or `vbscript:`. `http`, `https`, custom schemes such as `myapp://callback` or " +
					"`com.example.app:/oauth` and the out-of-band `urn:ietf:wg:oauth:2.0:oob` (and `:auto`) are allowed. " +
					"Changing it replaces the application: GitLab cannot change it in place.",
				Validators:    []validator.String{validators.RedirectURI()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"scopes": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The OAuth scopes the application may request, such as `openid`, `read_user` or `api` " +
					"(exact and case-sensitive; `user:<name>` is accepted too). The plan checks them against the scopes the server " +
					"lists in its OpenID discovery document, so a scope newer than this provider works; when that list cannot be " +
					"read, a scope the provider does not know only warns and GitLab decides at apply. " + v.scopesChange,
				Validators:    []validator.Set{validators.Scopes()},
				PlanModifiers: v.scopesModifiers,
			},
			"confidential": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "Whether the application can keep its secret confidential (a server-side application). " +
					"Set `false` for mobile or single-page applications that use PKCE. Defaults to `true`. " +
					"Changing it replaces the application.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"secret_rotation_triggers": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Arbitrary values that, when changed from one value to another, give the application a new secret, " +
					"for example `{ rotation = time_rotating.oauth.id }`. Setting the map for the first time (also after an import) or " +
					"removing it rotates nothing. " + v.triggersChange,
				PlanModifiers: v.triggersModifiers,
			},
			"application_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The OAuth client id (`client_id`) that the application presents to GitLab.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"secret": schema.StringAttribute{
				Computed:  true,
				Sensitive: true,
				MarkdownDescription: "The OAuth client secret. GitLab shows it only when it issues it, so Terraform state holds the only copy: " +
					"it is null after an import until the next rotation.",
				PlanModifiers: []planmodifier.String{planmodifiers.SecretRotation()},
			},
		},
	}
}
