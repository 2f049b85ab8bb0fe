package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/planmodifiers"
)

// NewUserApplicationResource returns gitlab_user_application: an application owned by the token's
// user (`/user/applications`, GitLab 19.0+).
func NewUserApplicationResource() resource.Resource {
	return &applicationResource{kind: userApplications{}}
}

// userApplications: unlike instance applications, GitLab can read one by id and change its name and
// scopes in place (PUT), but it cannot renew the secret: a new secret needs a new application.
type userApplications struct{}

func (userApplications) typeName() string { return "_user_application" }

func (userApplications) noun() string { return "user application" }

func (userApplications) schemaVariant() applicationVariant {
	const inPlace = "Changing it updates the application in place: same `id`, same secret."
	return applicationVariant{
		description: "An OAuth application owned by the token's user, managed through GitLab's `/user/applications` API " +
			"(GitLab 19.0 or newer). Any user's token with the `api` scope works.\n\n" +
			"`name` and `scopes` change in place. GitLab cannot renew a user application's secret, so a change of " +
			"`secret_rotation_triggers` **replaces** the application: new `id`, new `application_id`, new secret. " +
			"Add `lifecycle { create_before_destroy = true }` to create the new application before the old one is deleted.",
		nameChange:        inPlace,
		scopesChange:      inPlace,
		triggersModifiers: []planmodifier.Map{planmodifiers.RequiresReplaceOnRotation()},
		triggersChange: "User applications cannot renew their secret, so a rotation **replaces** the application " +
			"(new `id`, `application_id` and secret); use `create_before_destroy` to switch over without a gap.",
	}
}

func (userApplications) create(ctx context.Context, c *gitlabclient.Client, opts gitlabclient.CreateOptions) (*gitlabclient.Application, error) {
	return c.CreateUserApplication(ctx, opts)
}

func (userApplications) read(ctx context.Context, c *gitlabclient.Client, id int64) (*gitlabclient.Application, error) {
	return c.UserApplication(ctx, id)
}

// update changes name and scopes with one PUT that sends only what changed. New triggers are only
// recorded: a rotation replaces the application, so it never gets here.
func (userApplications) update(ctx context.Context, c *gitlabclient.Client, id int64, state, plan applicationModel) (*gitlabclient.Application, error) {
	var changes gitlabclient.UpdateOptions
	if !plan.Name.Equal(state.Name) {
		name := plan.Name.ValueString()
		changes.Name = &name
	}
	if !plan.Scopes.Equal(state.Scopes) {
		if diags := plan.Scopes.ElementsAs(ctx, &changes.Scopes, false); diags.HasError() {
			return nil, diagError(diags)
		}
	}
	if changes.Name == nil && changes.Scopes == nil {
		return nil, nil
	}
	return c.UpdateUserApplication(ctx, id, changes)
}

func (userApplications) delete(ctx context.Context, c *gitlabclient.Client, id int64) error {
	return c.DeleteUserApplication(ctx, id)
}

func (userApplications) forbidden(id string) string {
	return "GitLab refused access to application " + id + " (403): it belongs to another user, or it is an instance-wide " +
		"application. Only its owner can manage it through /user/applications: use the owner's token, or " +
		"gitlab_instance_application for an instance-wide application."
}
