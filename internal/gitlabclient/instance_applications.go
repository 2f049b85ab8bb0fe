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
	out := make([]Application, len(apps))
	for i, a := range apps {
		out[i] = *fromGitLab(a)
	}
	return out, nil
}

// InstanceApplication returns one instance application from the provider's snapshot of the list
// (see snapshotCache), or ErrNotFound.
func (c *Client) InstanceApplication(ctx context.Context, id int64) (*Application, error) {
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
	known, knownErr := c.created.knownInstanceIDs(ctx, c)
	defer c.instance.invalidate()
	app, err := c.postInstanceApplication(ctx, opts)
	if err == nil {
		return app, nil
	}
	if !answerMayBeLost(err) {
		return nil, err
	}
	if knownErr != nil {
		return nil, lostWithoutKnownIDs(err, knownErr)
	}
	orphan, findErr := findLostCreate(ctx, c.ListInstanceApplications, known, opts)
	if findErr != nil {
		return nil, fmt.Errorf("%w; looking for the application it may have created also failed: %w", err, findErr)
	}
	if orphan == nil { // GitLab did not create it: sending the create again cannot duplicate it
		return c.postInstanceApplication(ctx, opts)
	}
	// GitLab created it but its secret never arrived: adopt it with a new secret.
	c.created.add(instanceKind, orphan.ID)
	renewed, err := c.RenewInstanceApplicationSecret(ctx, orphan.ID)
	if err != nil {
		return nil, fmt.Errorf("instance application %d was created but its answer was lost, and renewing its secret failed "+
			"(delete it, or import it and change secret_rotation_triggers): %w", orphan.ID, err)
	}
	return renewed, nil
}

func (c *Client) postInstanceApplication(ctx context.Context, opts CreateOptions) (*Application, error) {
	var app *gl.Application
	_, err := c.do(ctx, http.MethodPost, "applications", func(withCtx gl.RequestOptionFunc) (resp *gl.Response, err error) {
		app, resp, err = c.gl.Applications.CreateApplication(createParams(opts), withCtx)
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	c.created.add(instanceKind, app.ID)
	return fromGitLab(app), nil
}

// RenewInstanceApplicationSecret gives the application a new secret; the old one stops working at once.
func (c *Client) RenewInstanceApplicationSecret(ctx context.Context, id int64) (*Application, error) {
	defer c.instance.invalidate()
	var app *gl.Application
	_, err := c.do(ctx, http.MethodPost, fmt.Sprintf("applications/%d/renew-secret", id), func(withCtx gl.RequestOptionFunc) (resp *gl.Response, err error) {
		app, resp, err = c.gl.Applications.RenewApplicationSecret(id, withCtx)
		return resp, err
	})
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

// answerMayBeLost reports a create whose outcome is unknown: no answer arrived (but a connection was
// made), or a proxy answered 502/503/504 in GitLab's place.
func answerMayBeLost(err error) bool {
	if errors.Is(err, ErrNoAnswer) {
		return !nothingSent(err)
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		switch apiErr.StatusCode {
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
	}
	return false
}

func lostWithoutKnownIDs(err, knownErr error) error {
	return fmt.Errorf("%w; the create may have happened, but listing the applications before it failed, "+
		"so what it created cannot be told apart (check GitLab for a duplicate): %w", err, knownErr)
}

// findLostCreate looks for an application that matches the create and was not there before it.
func findLostCreate(ctx context.Context, list func(context.Context) ([]Application, error), known map[int64]bool, opts CreateOptions) (*Application, error) {
	apps, err := list(ctx)
	if err != nil {
		return nil, err
	}
	var found *Application
	for i := range apps {
		if !known[apps[i].ID] && opts.matches(apps[i]) && (found == nil || apps[i].ID > found.ID) {
			found = &apps[i]
		}
	}
	return found, nil
}
