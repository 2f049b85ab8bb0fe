package gitlabclient

import (
	"context"
	"fmt"
	"net/http"
)

// Applications of the token's user: /user/applications (GitLab 19.0+), which client-go does not
// cover. GitLab can read and update one application here, but cannot renew its secret.

// ListUserApplications returns every application of the token's user, reading all pages.
func (c *Client) ListUserApplications(ctx context.Context) ([]Application, error) {
	return c.listAllPages(ctx, "user/applications")
}

// UserApplicationFromSnapshot returns one application of the token's user, from the shared snapshot of the list
// when it is there. An application missing from the snapshot is asked for by id: a page boundary may
// have moved while the list was read, and only GitLab's answer for the id tells a deleted application
// (ErrNotFound) from someone else's (ErrForbidden).
func (c *Client) UserApplicationFromSnapshot(ctx context.Context, id int64) (*Application, error) {
	apps, err := c.user.snapshot(ctx, c.ListUserApplications)
	if err != nil {
		return nil, err
	}
	if app, ok := apps[id]; ok {
		return &app, nil
	}
	return c.GetUserApplication(ctx, id)
}

// GetUserApplication asks GitLab for one application (GET), bypassing the snapshot; ErrNotFound when it does not exist, ErrForbidden when it
// belongs to someone else, ErrUserApplicationsUnsupported on GitLab older than 19.0.
func (c *Client) GetUserApplication(ctx context.Context, id int64) (*Application, error) {
	return c.getApplication(ctx, fmt.Sprintf("user/applications/%d", id))
}

// CreateUserApplication creates an application owned by the token's user and returns it with its
// secret. When the answer is lost after GitLab may have created it, the orphan (whose secret nobody
// has, and which cannot be renewed) is deleted and the application created again.
func (c *Client) CreateUserApplication(ctx context.Context, opts CreateOptions) (*Application, error) {
	defer c.user.invalidate()
	return c.createApplication(ctx, opts, c.recreateRoute("user application", "user/applications", userKind, &c.user,
		c.ListUserApplications, c.DeleteUserApplication))
}

// UpdateUserApplication changes name and/or scopes in place (PUT); the secret stays.
func (c *Client) UpdateUserApplication(ctx context.Context, id int64, opts UpdateOptions) (*Application, error) {
	defer c.user.invalidate()
	return c.updateApplication(ctx, fmt.Sprintf("user/applications/%d", id), opts)
}

// DeleteUserApplication deletes the application; ErrNotFound when it is already gone.
func (c *Client) DeleteUserApplication(ctx context.Context, id int64) error {
	defer c.user.invalidate()
	_, err := c.call(ctx, http.MethodDelete, fmt.Sprintf("user/applications/%d", id), nil, nil)
	return err
}
