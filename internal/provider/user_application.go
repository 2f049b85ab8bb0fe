package provider

import (
	"context"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// userApplications are owned by the token's user (`/user/applications`, GitLab 19.0+, self-managed and
// Dedicated). GitLab can read one by id and change its name and scopes in place (PUT), but cannot
// renew its secret: a new secret needs a new application.
var userApplications = &applicationKind{
	name: "user",
	noun: "user application",
	resourceDescription: "An OAuth application owned by the token's user, managed through GitLab's `/user/applications` API " +
		"(GitLab 19.0 or newer, self-managed and Dedicated). Any user's token with the `api` scope works.\n\n" +
		"`name` and `scopes` change in place. GitLab cannot renew a user application's secret, so a change of " +
		"`secret_rotation_triggers` **replaces** the application: new `id`, new `application_id`, new secret. " +
		"Add `lifecycle { create_before_destroy = true }` to create the new application before the old one is deleted. " +
		staleSecretReplaces,
	dataSourceDescription: "Every OAuth application owned by the token's user (`GET /user/applications`, all pages; GitLab 19.0 or newer), " +
		"optionally filtered by name. Never includes secrets. Useful to find the ids to import.",
	calls: applicationCalls{
		list: func(ctx context.Context, c *gitlabclient.Client, _ string) ([]gitlabclient.Application, error) {
			return c.ListUserApplications(ctx)
		},
		read: func(ctx context.Context, c *gitlabclient.Client, _ string, id int64) (*gitlabclient.Application, error) {
			return c.UserApplicationFromSnapshot(ctx, id)
		},
		create: func(ctx context.Context, c *gitlabclient.Client, _ string, opts gitlabclient.CreateOptions) (*gitlabclient.Application, error) {
			return c.CreateUserApplication(ctx, opts)
		},
		update: func(ctx context.Context, c *gitlabclient.Client, _ string, id int64, opts gitlabclient.UpdateOptions) (*gitlabclient.Application, error) {
			return c.UpdateUserApplication(ctx, id, opts)
		},
		delete: func(ctx context.Context, c *gitlabclient.Client, _ string, id int64) error {
			return c.DeleteUserApplication(ctx, id)
		},
	},
	forbidden: func(id string) string {
		if id == "" {
			return "GitLab refused to list the token user's applications (403)."
		}
		return "GitLab refused access to application " + id + " (403): it belongs to another user, or it is an instance-wide " +
			"application. Only its owner can manage it through /user/applications: use the owner's token, or " +
			"gitlab_instance_application for an instance-wide application."
	},
	hints: []errorHint{{
		err: gitlabclient.ErrUserApplicationsUnsupported,
		hint: "This GitLab has no user applications API (`/user/applications`): it needs GitLab 19.0 or newer, self-managed or Dedicated. " +
			"On GitLab.com, use gitlab_group_application; on older versions, gitlab_instance_application.",
	}},
}
