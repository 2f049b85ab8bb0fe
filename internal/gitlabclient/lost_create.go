package gitlabclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// A create is never resent blindly: when its answer is lost (no answer, an answer that cannot be read,
// or a proxy's 502/503/504 in GitLab's place), GitLab may have created the application, whose secret
// then nobody has. The client looks for it among the applications it did not know before the create,
// and either adopts it (instance applications: a renewed secret) or deletes it and creates it again
// (user and group applications, which cannot be renewed).

// createRoute is what recovering a lost create needs to know of one kind of application.
type createRoute struct {
	kind string // the knownIDs kind
	post func(context.Context, CreateOptions) (*Application, error)
	list func(context.Context) ([]Application, error)
	// recoverOrphan makes the application a lost create left behind usable: it returns the adopted
	// application, or nil once the orphan is gone and the create may be sent again.
	recoverOrphan func(ctx context.Context, orphan Application) (*Application, error)
}

// createRecoveringLost creates the application. known holds the ids that existed before (knownErr
// when they could not be listed): when the answer is lost, what the create made is the matching
// application not among them.
func (c *Client) createRecoveringLost(ctx context.Context, opts CreateOptions, known map[int64]bool, knownErr error, r createRoute) (*Application, error) {
	app, err := r.post(ctx, opts)
	if err == nil || !answerMayBeLost(err) {
		return app, err
	}
	if knownErr != nil {
		return nil, fmt.Errorf("%w; the create may have happened, but listing the applications before it failed, "+
			"so what it created cannot be told apart (check GitLab for a duplicate): %w", err, knownErr)
	}
	orphan, findErr := findLostCreate(ctx, r.list, known, opts)
	if findErr != nil {
		return nil, fmt.Errorf("%w; looking for the application it may have created also failed: %w", err, findErr)
	}
	if orphan != nil {
		c.known.add(r.kind, orphan.ID)
		adopted, err := r.recoverOrphan(ctx, *orphan)
		if err != nil || adopted != nil {
			return adopted, err
		}
	}
	// Nothing created by the lost request is left: sending the create again cannot duplicate it.
	return r.post(ctx, opts)
}

// answerMayBeLost reports a create whose outcome is unknown: no answer arrived (but a connection was
// made) or could be read, or a proxy answered 502/503/504 in GitLab's place.
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
