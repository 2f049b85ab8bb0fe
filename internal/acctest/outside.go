package acctest

import (
	"context"
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// CreateInstanceApplication creates an instance application outside Terraform, deleted again when the
// test ends (unless Terraform already did).
func (e *Env) CreateInstanceApplication(t *testing.T, opts gitlabclient.CreateOptions) *gitlabclient.Application {
	t.Helper()
	client := e.Client(e.AdminToken)
	app, err := client.CreateInstanceApplication(context.Background(), opts)
	if err != nil {
		t.Fatalf("creating instance application %q outside Terraform: %v", opts.Name, err)
	}
	t.Cleanup(func() { _ = client.DeleteInstanceApplication(context.Background(), app.ID) })
	return app
}

// CreateUserApplication creates an application of the token's user outside Terraform, deleted again
// when the test ends (unless Terraform already did).
func (e *Env) CreateUserApplication(t *testing.T, token string, opts gitlabclient.CreateOptions) *gitlabclient.Application {
	t.Helper()
	client := e.Client(token)
	app, err := client.CreateUserApplication(context.Background(), opts)
	if err != nil {
		t.Fatalf("creating user application %q outside Terraform: %v", opts.Name, err)
	}
	t.Cleanup(func() { _ = client.DeleteUserApplication(context.Background(), app.ID) })
	return app
}

// CreateGroupApplication creates an application of the group outside Terraform, with a token that
// manages the group's applications (its Owner's, an administrator's), deleted again when the test ends
// (unless Terraform already did).
func (e *Env) CreateGroupApplication(t *testing.T, token, group string, opts gitlabclient.CreateOptions) *gitlabclient.Application {
	t.Helper()
	client := e.Client(token)
	app, err := client.CreateGroupApplication(context.Background(), group, opts)
	if err != nil {
		t.Fatalf("creating group application %q outside Terraform: %v", opts.Name, err)
	}
	t.Cleanup(func() { _ = client.DeleteGroupApplication(context.Background(), group, app.ID) })
	return app
}
