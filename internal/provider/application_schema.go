package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
	const scopesDescription = "The OAuth scopes the application may request, such as `openid`, `read_user` or `api` " +
		"(exact and case-sensitive; `user:<name>` is accepted too). The plan checks them against the scopes the server " +
		"lists in its OpenID discovery document, so a scope newer than this provider works; when that list cannot be " +
		"read, a scope the provider does not know only warns and GitLab decides at apply. "
	replaced := "Changing it replaces the application: GitLab cannot change " + kind.noun + "s in place."

	name := schema.StringAttribute{
		Required:            true,
		MarkdownDescription: "The application's name, shown to users when they authorize it. " + inPlace,
		Validators:          []validator.String{validators.ApplicationName()},
	}
	scopes := schema.SetAttribute{
		Required:            true,
		ElementType:         types.StringType,
		MarkdownDescription: scopesDescription + inPlace,
		Validators:          []validator.Set{setvalidator.SizeAtLeast(1), validators.Scopes()},
	}
	if !kind.updatesInPlace() {
		name.MarkdownDescription = "The application's name, shown to users when they authorize it. " + replaced
		name.PlanModifiers = []planmodifier.String{stringplanmodifier.RequiresReplace()}
		scopes.MarkdownDescription = scopesDescription + replaced + " After an import from a GitLab " +
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
		triggers.MarkdownDescription += "GitLab cannot renew the secret of " + kind.noun + "s, so a rotation **replaces** " +
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
			MarkdownDescription: "The redirect URI, or several separated by ASCII whitespace (spaces, tabs, newlines; a no-break space " +
				"does not separate), stored as written. The plan checks each with GitLab's own rules: a valid RFC 3986 URI (ASCII only, " +
				"a host in punycode), with a scheme or a host (`//app.example.com/cb` is fine), not opaque (`myapp:cb`), no fragment, " +
				"not `data:`, `javascript:` or `vbscript:`. `http`, `https`, custom schemes such as `myapp://callback` or " +
				"`com.example.app:/oauth` and the out-of-band `urn:ietf:wg:oauth:2.0:oob` (and `:auto`) are allowed. " +
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
			Computed:            true,
			Sensitive:           true,
			MarkdownDescription: secretDescription(kind),
			PlanModifiers: []planmodifier.String{planmodifiers.SecretRotation(triggersPath, rotationPlanned,
				planmodifiers.StaleSecret{PrivateKey: staleSecretKey, Replace: !kind.renewsInPlace(), UsedIf: confidentialPath})},
		},
	}
	if kind.owner != nil {
		attributes[kind.owner.name] = schema.StringAttribute{
			Required: true,
			MarkdownDescription: kind.owner.description + " Changing it to another " + kind.owner.name + " replaces the application; " +
				"writing the same " + kind.owner.name + " another way (its id for its full path, or the other way round) changes nothing but state.",
			Validators: []validator.String{kind.owner.validator},
		}
	}
	return schema.Schema{MarkdownDescription: kind.resourceDescription, Attributes: attributes}
}

// staleSecretReplaces is what a stale secret costs a kind without a renew route, in its description.
const staleSecretReplaces = "With the provider's `check_secrets`, a secret found renewed outside Terraform (GitLab's \"Renew secret\" " +
	"button, another tool) **replaces** the application too, as the plan shows: new `id`, new `application_id`, new secret. " +
	"A public application (`confidential = false`), whose clients never send the secret, is not replaced: a warning reports it."

// confidentialPath is the attribute that says whether an application's clients use its secret.
var confidentialPath = path.Root("confidential")

// secretDescription says what happens to the secret, and what a stale one costs for the kind.
func secretDescription(kind *applicationKind) string {
	description := "The OAuth client secret. GitLab shows it only when it issues it, so Terraform state holds the only copy: " +
		"it is null after an import until the next rotation. With the provider's `check_secrets`, a refresh that finds it " +
		"renewed outside Terraform (twice, with GitLab's own answer) sets it to null, keeps the old one aside and puts it back " +
		"if a later check finds it working again. "
	if kind.renewsInPlace() {
		return description + "The plan then renews it in place: same `id` and `application_id`."
	}
	return description + "GitLab's API cannot renew the secret of " + kind.noun + "s, so the plan then **replaces** the " +
		"application: a new `id`, `application_id` and secret (use `create_before_destroy` to switch over without a gap). " +
		"A public application (`confidential = false`), whose clients never send the secret, is not replaced: the warning " +
		"reports it, and the state shows no secret."
}
