package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/planmodifiers"
)

// NewInstanceApplicationResource returns gitlab_instance_application: an instance-wide application
// (`/applications`, administrators only).
func NewInstanceApplicationResource() resource.Resource {
	return &applicationResource{kind: instanceApplications{}}
}

// instanceApplications: GitLab can neither read one instance application nor change it. Reads use the
// shared snapshot of the list, and only the secret changes in place (renew-secret); every other change
// is a new application.
type instanceApplications struct{}

func (instanceApplications) typeName() string { return "_instance_application" }

func (instanceApplications) noun() string { return "instance application" }

func (instanceApplications) schemaVariant() applicationVariant {
	const replaced = "Changing it replaces the application: GitLab cannot change an instance application in place."
	return applicationVariant{
		description: "An instance-wide OAuth application, managed through GitLab's `/applications` API. " +
			"Needs an administrator's token (with admin mode on, one with the `admin_mode` scope).\n\n" +
			"A change of `secret_rotation_triggers` renews the secret in place (GitLab 16.11 or newer): " +
			"the `id` and the OAuth client id stay, and the old secret stops working at once.",
		nameModifiers:   []planmodifier.String{stringplanmodifier.RequiresReplace()},
		nameChange:      replaced,
		scopesModifiers: []planmodifier.Set{planmodifiers.RequiresReplaceUnlessStateNull()},
		scopesChange: replaced + " After an import from a GitLab that does not report scopes, the configured scopes " +
			"are adopted without a replacement.",
		triggersChange: "Instance applications renew their secret in place (`POST /applications/:id/renew-secret`): " +
			"same `id` and `application_id`, and the old secret stops working at once.",
	}
}

func (instanceApplications) create(ctx context.Context, c *gitlabclient.Client, opts gitlabclient.CreateOptions) (*gitlabclient.Application, error) {
	return c.CreateInstanceApplication(ctx, opts)
}

func (instanceApplications) read(ctx context.Context, c *gitlabclient.Client, id int64) (*gitlabclient.Application, error) {
	return c.InstanceApplication(ctx, id)
}

// update only ever renews the secret, when the triggers changed from one value to another; new
// triggers, or scopes adopted after an import, are only recorded.
func (instanceApplications) update(ctx context.Context, c *gitlabclient.Client, id int64, state, plan applicationModel) (*gitlabclient.Application, error) {
	if !planmodifiers.RotationPlanned(state.SecretRotationTriggers, plan.SecretRotationTriggers) {
		return nil, nil
	}
	return c.RenewInstanceApplicationSecret(ctx, id)
}

func (instanceApplications) delete(ctx context.Context, c *gitlabclient.Client, id int64) error {
	return c.DeleteInstanceApplication(ctx, id)
}

func (instanceApplications) forbidden(string) string {
	return "GitLab refused the request (403): instance applications can only be managed with an administrator's token, " +
		"and with admin mode on, one that also has the `admin_mode` scope. For applications owned by the token's user, " +
		"use gitlab_user_application."
}
