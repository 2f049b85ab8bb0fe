package gitlabclient

import (
	"context"
	"fmt"
	"net/http"

	gl "gitlab.com/gitlab-org/api/client-go/v2"
)

// Instance-wide applications: /applications, administrators only. GitLab has no GET for one
// application and no PUT; its list is one unpaginated answer with every application.

// ListInstanceApplications returns every instance application, from GitLab (never from the snapshot).
func (c *Client) ListInstanceApplications(ctx context.Context) ([]Application, error) {
	var apps []*gl.Application
	_, err := c.do(ctx, http.MethodGet, "applications", func(withCtx gl.RequestOptionFunc) (resp *gl.Response, err error) {
		apps, resp, err = c.gl.Applications.ListApplications(nil, withCtx)
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return fromGitLabList(http.MethodGet, "applications", apps)
}

// InstanceApplicationFromSnapshot returns one instance application from the provider's snapshot of the list
// (see snapshotCache), or ErrNotFound.
func (c *Client) InstanceApplicationFromSnapshot(ctx context.Context, id int64) (*Application, error) {
	apps, err := c.instance.snapshot(ctx, c.ListInstanceApplications)
	if err != nil {
		return nil, err
	}
	app, ok := apps[id]
	if !ok {
		return nil, fmt.Errorf("instance application %d: %w", id, ErrNotFound)
	}
	return &app, nil
}

// CreateInstanceApplication creates an application and returns it with its secret. When the answer is
// lost after GitLab may have created it, the application is found and adopted, with a renewed secret,
// instead of being left behind.
func (c *Client) CreateInstanceApplication(ctx context.Context, opts CreateOptions) (*Application, error) {
	// The ids known before the create tell what it created if its answer is lost. A list that fails
	// does not stop the create: GitLab's answer to the create says more (a 403 names the POST).
	known, knownErr := c.known.forInstance(ctx, c)
	defer c.instance.invalidate()
	return c.createRecoveringLost(ctx, opts, known, knownErr, createRoute{
		kind: instanceKind,
		post: c.postInstanceApplication,
		list: c.ListInstanceApplications,
		recoverOrphan: func(ctx context.Context, orphan Application) (*Application, error) {
			// GitLab created it but its secret never arrived: adopt it with a new secret.
			renewed, err := c.RenewInstanceApplicationSecret(ctx, orphan.ID)
			if err != nil {
				return nil, fmt.Errorf("instance application %d was created but its answer was lost, and renewing its secret failed "+
					"(delete it, or import it and change secret_rotation_triggers): %w", orphan.ID, err)
			}
			return renewed, nil
		},
	})
}

func (c *Client) postInstanceApplication(ctx context.Context, opts CreateOptions) (*Application, error) {
	var app *gl.Application
	_, err := c.do(ctx, http.MethodPost, "applications", func(withCtx gl.RequestOptionFunc) (resp *gl.Response, err error) {
		app, resp, err = c.gl.Applications.CreateApplication(createParams(opts), withCtx)
		return resp, err
	})
	if err == nil {
		err = checkAnswer(http.MethodPost, "applications", app, true)
	}
	if err != nil {
		return nil, err
	}
	c.known.add(instanceKind, app.ID)
	return fromGitLab(app), nil
}

// RenewInstanceApplicationSecret gives the application a new secret; the old one stops working at once.
// An answer that is lost or cannot be read is ErrNoAnswer: the old secret may be dead already.
func (c *Client) RenewInstanceApplicationSecret(ctx context.Context, id int64) (*Application, error) {
	defer c.instance.invalidate()
	var app *gl.Application
	path := fmt.Sprintf("applications/%d/renew-secret", id)
	_, err := c.do(ctx, http.MethodPost, path, func(withCtx gl.RequestOptionFunc) (resp *gl.Response, err error) {
		app, resp, err = c.gl.Applications.RenewApplicationSecret(id, withCtx)
		return resp, err
	})
	if err == nil {
		err = checkAnswer(http.MethodPost, path, app, true)
	}
	if err != nil {
		return nil, err
	}
	return fromGitLab(app), nil
}

// DeleteInstanceApplication deletes the application; ErrNotFound when it is already gone.
func (c *Client) DeleteInstanceApplication(ctx context.Context, id int64) error {
	defer c.instance.invalidate()
	_, err := c.do(ctx, http.MethodDelete, fmt.Sprintf("applications/%d", id), func(withCtx gl.RequestOptionFunc) (*gl.Response, error) {
		return c.gl.Applications.DeleteApplication(id, withCtx)
	})
	return err
}
