package provider

import (
	"context"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/validators"
)

// groupApplications are a group's applications (`/groups/:id/applications`, GitLab 19.6+): the only
// OAuth applications API open to ordinary users of GitLab.com. Like user applications, name and scopes
// change in place (PUT) and there is no renew route: a new secret needs a new application. The group
// is named as the user wrote it (an id or a full path) and sent URL-encoded.
var groupApplications = &applicationKind{
	name: "group",
	noun: "group application",
	resourceDescription: "An OAuth application owned by a group, managed through GitLab's `/groups/:id/applications` API " +
		"(GitLab 19.6 or newer). It is the only application API open to ordinary users of GitLab.com. " +
		"Needs the token of an Owner of the group, with the `api` scope. A plan that creates one asks GitLab whether " +
		"the group exists and the token may manage its applications (one `GET` per group, which a `read_api` token may send), " +
		"so a mistyped `group` or a Maintainer's token fails the plan with the message the apply would give.\n\n" +
		"`name` and `scopes` change in place. GitLab can neither change a group application's `redirect_uri` or `confidential` " +
		"nor renew its secret, so those changes and a change of `secret_rotation_triggers` **replace** the application: " +
		"new `id`, new `application_id`, new secret. Add `lifecycle { create_before_destroy = true }` to create the new " +
		"application before the old one is deleted. " + staleSecretReplaces,
	dataSourceDescription: "Every OAuth application of a group (`GET /groups/:id/applications`, all pages; GitLab 19.6 or newer), " +
		"optionally filtered by name. Needs the token of an Owner of the group. Never includes secrets. Useful to find the ids to import.",
	owner: &ownerAttribute{
		name: "group",
		description: "The group that owns the application: its full path (`acme/platform`) or its numeric id, " +
			"kept as written.",
		example:   "acme/platform",
		validator: validators.GroupReference(),
		check:     checkGroupAccess,
	},
	calls: applicationCalls{
		list: func(ctx context.Context, c *gitlabclient.Client, group string) ([]gitlabclient.Application, error) {
			return c.ListGroupApplications(ctx, group)
		},
		read: func(ctx context.Context, c *gitlabclient.Client, group string, id int64) (*gitlabclient.Application, error) {
			return c.GroupApplicationFromSnapshot(ctx, group, id)
		},
		create: func(ctx context.Context, c *gitlabclient.Client, group string, opts gitlabclient.CreateOptions) (*gitlabclient.Application, error) {
			return c.CreateGroupApplication(ctx, group, opts)
		},
		update: func(ctx context.Context, c *gitlabclient.Client, group string, id int64, opts gitlabclient.UpdateOptions) (*gitlabclient.Application, error) {
			return c.UpdateGroupApplication(ctx, group, id, opts)
		},
		delete: func(ctx context.Context, c *gitlabclient.Client, group string, id int64) error {
			return c.DeleteGroupApplication(ctx, group, id)
		},
	},
	forbidden: func(string) string {
		return "GitLab refused the request (403): managing a group's applications needs the Owner role in that group " +
			"(a Maintainer is not enough). Use the token of one of the group's Owners."
	},
	hints: []errorHint{
		{
			err: gitlabclient.ErrGroupNotFound,
			hint: "GitLab found no such group (404 Group Not Found): check `group` (the full path, such as acme/platform, " +
				"or the numeric id), and that the token's user can see the group.",
		},
		{
			err: gitlabclient.ErrGroupApplicationsUnsupported,
			hint: "This GitLab has no group applications API (`/groups/:id/applications`): it needs GitLab 19.6 or newer. " +
				"On older self-managed versions, use gitlab_user_application or, as an administrator, gitlab_instance_application.",
		},
	},
}
