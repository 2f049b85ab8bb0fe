package provider

import (
	"context"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// instanceApplications are instance-wide applications (`/applications`, administrators only). GitLab
// can neither read one of them nor change it: reads use the shared snapshot of the list, only the
// secret changes in place (renew-secret), and every other change is a new application.
var instanceApplications = &applicationKind{
	name: "instance",
	noun: "instance application",
	resourceDescription: "An instance-wide OAuth application, managed through GitLab's `/applications` API. " +
		"Needs an administrator's token (with admin mode on, one with the `admin_mode` scope).\n\n" +
		"A change of `secret_rotation_triggers` renews the secret in place (GitLab 16.11 or newer): " +
		"the `id` and the OAuth client id stay, and the old secret stops working at once.",
	dataSourceDescription: "Every instance-wide OAuth application (`GET /applications`, administrators only), optionally filtered by name. " +
		"Never includes secrets: GitLab shows them only once. Useful to find the ids to import.",
	calls: applicationCalls{
		list: func(ctx context.Context, c *gitlabclient.Client, _ string) ([]gitlabclient.Application, error) {
			return c.ListInstanceApplications(ctx)
		},
		read: func(ctx context.Context, c *gitlabclient.Client, _ string, id int64) (*gitlabclient.Application, error) {
			return c.InstanceApplicationFromSnapshot(ctx, id)
		},
		create: func(ctx context.Context, c *gitlabclient.Client, _ string, opts gitlabclient.CreateOptions) (*gitlabclient.Application, error) {
			return c.CreateInstanceApplication(ctx, opts)
		},
		renew: func(ctx context.Context, c *gitlabclient.Client, _ string, id int64) (*gitlabclient.Application, error) {
			return c.RenewInstanceApplicationSecret(ctx, id)
		},
		delete: func(ctx context.Context, c *gitlabclient.Client, _ string, id int64) error {
			return c.DeleteInstanceApplication(ctx, id)
		},
	},
	forbidden: func(string) string {
		return "GitLab refused the request (403): instance applications can only be managed with an administrator's token, " +
			"and with admin mode on, one that also has the `admin_mode` scope. For applications owned by the token's user, " +
			"use gitlab_user_application; on GitLab.com, use gitlab_group_application."
	},
	movedFrom: officialApplicationStateMovers,
	hints: []errorHint{{
		err: gitlabclient.ErrRenewUnsupported,
		hint: "This GitLab cannot renew an application's secret (`POST /applications/:id/renew-secret`): it needs GitLab 16.11 or newer. " +
			"Upgrade GitLab, or replace the application to get a new secret (terraform apply -replace=...).",
	}},
}
