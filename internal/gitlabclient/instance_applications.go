package gitlabclient

import (
	"context"
	"errors"
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
// instead of being left behind (lost_create.go).
func (c *Client) CreateInstanceApplication(ctx context.Context, opts CreateOptions) (*Application, error) {
	defer c.instance.invalidate()
	return c.createApplication(ctx, opts, createRoute{
		kind: instanceKind, what: "instance application", deleteRoute: "/api/v4/applications/:id",
		loadKnown: func(ctx context.Context) error {
			return c.known.load(ctx, instanceKind, &c.instance, c.ListInstanceApplications)
		},
		post:   c.postInstanceApplication,
		list:   c.ListInstanceApplications,
		renew:  c.RenewInstanceApplicationSecret,
		remove: c.DeleteInstanceApplication,
	})
}

func (c *Client) postInstanceApplication(ctx context.Context, opts CreateOptions) (*Application, error) {
	var app *gl.Application
	_, err := c.do(ctx, http.MethodPost, "applications", func(withCtx gl.RequestOptionFunc) (resp *gl.Response, err error) {
		app, resp, err = c.gl.Applications.CreateApplication(createParams(opts), withCtx)
		return resp, err
	})
	if err == nil {
		err = c.checkAnswer(http.MethodPost, "applications", app, true)
	}
	if err != nil {
		return nil, err
	}
	return fromGitLab(app), nil
}

// RenewInstanceApplicationSecret gives the application a new secret; the old one stops working at once.
// An answer that is lost or cannot be read, or a proxy's 502/503/504 page in GitLab's place, is
// ErrNoAnswer: the old secret may be dead already.
func (c *Client) RenewInstanceApplicationSecret(ctx context.Context, id int64) (*Application, error) {
	defer c.instance.invalidate()
	var app *gl.Application
	path := fmt.Sprintf("applications/%d/renew-secret", id)
	_, err := c.do(ctx, http.MethodPost, path, func(withCtx gl.RequestOptionFunc) (resp *gl.Response, err error) {
		app, resp, err = c.gl.Applications.RenewApplicationSecret(id, withCtx)
		return resp, err
	})
	if err == nil {
		err = c.checkAnswer(http.MethodPost, path, app, true)
	}
	if err != nil && !errors.Is(err, ErrNoAnswer) && answerMayBeLost(err) {
		err = fmt.Errorf("%w: a proxy answered in GitLab's place, after which the renewal may have happened: %w", ErrNoAnswer, err)
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
