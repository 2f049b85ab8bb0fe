package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
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

// applicationResourceSchema is the schema of a kind's resource. What changes in place and what needs a
// new application follows from the kind's routes: without an update route, name and scopes replace
// the application; without a renew route, so does a rotation.
func applicationResourceSchema(kind *applicationKind) schema.Schema {
	const inPlace = "Changing it updates the application in place: same `id`, same secret."
	replaced := "Changing it replaces the application: GitLab cannot change a " + kind.noun + " in place."

	name := schema.StringAttribute{
		Required:            true,
		MarkdownDescription: "The application's name, shown to users when they authorize it. " + inPlace,
		Validators:          []validator.String{validators.ApplicationName()},
	}
	scopes := schema.SetAttribute{
		Required:    true,
		ElementType: types.StringType,
		MarkdownDescription: "The OAuth scopes the application may request, such as `openid`, `read_user` or `api` " +
			"(exact and case-sensitive; `user:<name>` is accepted too). " + inPlace,
		Validators: []validator.Set{setvalidator.SizeAtLeast(1), validators.Scopes()},
	}
	if !kind.updatesInPlace() {
		name.MarkdownDescription = "The application's name, shown to users when they authorize it. " + replaced
		name.PlanModifiers = []planmodifier.String{stringplanmodifier.RequiresReplace()}
		scopes.MarkdownDescription = "The OAuth scopes the application may request, such as `openid`, `read_user` or `api` " +
			"(exact and case-sensitive; `user:<name>` is accepted too). " + replaced + " After an import from a GitLab " +
			"that does not report scopes, the configured scopes are adopted without a replacement."
		scopes.PlanModifiers = []planmodifier.Set{planmodifiers.RequiresReplaceUnlessStateNull()}
	}

	triggers := schema.MapAttribute{
		Optional:    true,
		ElementType: types.StringType,
		MarkdownDescription: "Arbitrary values that, when changed from one value to another, give the application a new secret, " +
			"for example `{ rotation = time_rotating.oauth.id }`. Setting the map for the first time (also after an import) or " +
			"removing it rotates nothing. ",
	}
	if kind.renewsInPlace() {
		triggers.MarkdownDescription += "A rotation renews the secret in place: same `id` and `application_id`, " +
			"and the old secret stops working at once."
	} else {
		triggers.MarkdownDescription += "GitLab cannot renew a " + kind.noun + "'s secret, so a rotation **replaces** " +
			"the application (new `id`, `application_id` and secret); use `create_before_destroy` to switch over without a gap."
		triggers.PlanModifiers = []planmodifier.Map{planmodifiers.RequiresReplaceOnRotation(rotationPlanned)}
	}

	attributes := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "GitLab's numeric id of the application, used in API paths and for import. Not the OAuth client id.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"name":   name,
		"scopes": scopes,
		"redirect_uri": schema.StringAttribute{
			Required: true,
			MarkdownDescription: "The redirect URI, or several separated by whitespace (a space or a newline), stored as written. " +
				"Each must be absolute and carry no fragment; `http`, `https` and custom schemes such as `myapp://callback` are allowed. " +
				"Changing it replaces the application: GitLab cannot change it in place.",
			Validators:    []validator.String{validators.RedirectURI()},
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
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
		"secret_rotation_triggers": triggers,
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
			PlanModifiers: []planmodifier.String{planmodifiers.SecretRotation(triggersPath, rotationPlanned)},
		},
	}
	if kind.owner != nil {
		attributes[kind.owner.name] = schema.StringAttribute{
			Required:            true,
			MarkdownDescription: kind.owner.description + " Changing it replaces the application.",
			Validators:          []validator.String{validators.GroupReference()},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		}
	}
	return schema.Schema{MarkdownDescription: kind.resourceDescription, Attributes: attributes}
}
