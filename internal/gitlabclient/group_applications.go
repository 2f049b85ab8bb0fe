package gitlabclient

import (
	"context"
	"fmt"
	"net/http"

	gl "gitlab.com/gitlab-org/api/client-go/v2"
)

// Applications of a group: /groups/:id/applications (GitLab 19.6+, also on GitLab.com), which
// client-go does not cover. They work like the user applications (list, read, update of name and
// scopes, delete, no renew-secret), for the group's Owners. group is the group's numeric id or its full
// path, as the user wrote it; a full path travels URL-encoded in one path segment (acme%2Fplatform),
// which client-go's NewRequest keeps as it is.
//
// Errors: ErrGroupNotFound when the group does not exist or the token's user cannot see it,
// ErrForbidden when the user is not an Owner, ErrNotFound for an application that is not (or no
// longer) one of this group's, ErrGroupApplicationsUnsupported on GitLab older than 19.6.

// groupRoute is the route of the group's applications, or of one of them with an id.
func groupRoute(group string, id ...int64) string {
	route := "groups/" + gl.PathEscape(group) + "/applications"
	for _, i := range id {
		route += fmt.Sprintf("/%d", i)
	}
	return route
}

// ListGroupApplications returns every application of the group, reading all pages.
func (c *Client) ListGroupApplications(ctx context.Context, group string) ([]Application, error) {
	return c.listAllPages(ctx, groupRoute(group))
}

// groupLister is ListGroupApplications for one group.
func (c *Client) groupLister(group string) func(context.Context) ([]Application, error) {
	return func(ctx context.Context) ([]Application, error) { return c.ListGroupApplications(ctx, group) }
}

// GroupApplicationFromSnapshot returns one application of the group, from the shared snapshot of the group's list
// when it is there; one missing from the snapshot is asked for by id, as UserApplicationFromSnapshot does.
func (c *Client) GroupApplicationFromSnapshot(ctx context.Context, group string, id int64) (*Application, error) {
	apps, err := c.groups.of(group).snapshot(ctx, c.groupLister(group))
	if err != nil {
		return nil, err
	}
	if app, ok := apps[id]; ok {
		return &app, nil
	}
	return c.GetGroupApplication(ctx, group, id)
}

// GetGroupApplication asks GitLab for one application of the group (GET), bypassing the snapshot.
func (c *Client) GetGroupApplication(ctx context.Context, group string, id int64) (*Application, error) {
	return c.getApplication(ctx, groupRoute(group, id))
}

// CreateGroupApplication creates an application of the group and returns it with its secret. When the
// answer is lost after GitLab may have created it, the orphan is deleted and the application created
// again, as for user applications.
func (c *Client) CreateGroupApplication(ctx context.Context, group string, opts CreateOptions) (*Application, error) {
	defer c.groups.invalidateAll()
	return c.createApplication(ctx, opts, c.recreateRoute("group application", groupRoute(group), groupKind(group), c.groups.of(group),
		c.groupLister(group), func(ctx context.Context, id int64) error { return c.DeleteGroupApplication(ctx, group, id) }))
}

// UpdateGroupApplication changes name and/or scopes in place (PUT); the secret stays.
func (c *Client) UpdateGroupApplication(ctx context.Context, group string, id int64, opts UpdateOptions) (*Application, error) {
	defer c.groups.invalidateAll()
	return c.updateApplication(ctx, groupRoute(group, id), opts)
}

// DeleteGroupApplication deletes the application; ErrNotFound when it is already gone.
func (c *Client) DeleteGroupApplication(ctx context.Context, group string, id int64) error {
	defer c.groups.invalidateAll()
	_, err := c.call(ctx, http.MethodDelete, groupRoute(group, id), nil, nil)
	return err
}
