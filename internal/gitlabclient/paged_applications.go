package gitlabclient

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	gl "gitlab.com/gitlab-org/api/client-go/v2"
)

// What the user and group applications APIs share, which client-go covers for neither: a paginated
// list, GET, PUT of name and scopes, and a create that cannot be adopted after a lost answer (there is
// no renew-secret), so that the orphan is deleted and the application created again.

// listPageSize is GitLab's largest page.
const listPageSize = 100

// maxListPages bounds a list: a million applications is not a real user or group.
const maxListPages = 10000

// listAllPages reads every page of a paginated list of applications. A GitLab that does not paginate
// the route (no X-Next-Page header) has sent everything at once: that answer is the last page.
func (c *Client) listAllPages(ctx context.Context, path string) ([]Application, error) {
	var out []Application
	opt := &gl.ListOptions{Page: 1, PerPage: listPageSize}
	for range maxListPages {
		var apps []*gl.Application
		resp, err := c.call(ctx, http.MethodGet, path, opt, &apps)
		if err != nil {
			return nil, err
		}
		for _, a := range apps {
			out = append(out, *fromGitLab(a))
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
	return nil, fmt.Errorf("listing %s: more than %d pages", path, maxListPages)
}

func (c *Client) getApplication(ctx context.Context, path string) (*Application, error) {
	var app gl.Application
	if _, err := c.call(ctx, http.MethodGet, path, nil, &app); err != nil {
		return nil, err
	}
	return fromGitLab(&app), nil
}

// updateApplication sends PUT with the name and/or scopes; GitLab ignores anything else there.
func (c *Client) updateApplication(ctx context.Context, path string, opts UpdateOptions) (*Application, error) {
	params := struct {
		Name   *string `json:"name,omitempty"`
		Scopes *string `json:"scopes,omitempty"`
	}{Name: opts.Name}
	if len(opts.Scopes) > 0 {
		scopes := strings.Join(opts.Scopes, " ")
		params.Scopes = &scopes
	}
	var app gl.Application
	if _, err := c.call(ctx, http.MethodPut, path, &params, &app); err != nil {
		return nil, err
	}
	return fromGitLab(&app), nil
}

// recreatable describes the applications of one owner (the token's user, or a group) for a create
// whose answer may be lost.
type recreatable struct {
	what   string // "user application", for messages
	route  string // the create route, relative to /api/v4/
	kind   string // the createdIDs kind
	list   func(context.Context) ([]Application, error)
	delete func(context.Context, int64) error
}

// createReplacingLost creates the application (GitLab answers 201, or 200) and records its id as
// known. known holds the ids that existed before (knownErr when they could not be listed). When the
// answer is lost after GitLab may have created the application, the orphan among the applications not
// known before (whose secret nobody has) is deleted and the create sent again.
func (c *Client) createReplacingLost(ctx context.Context, opts CreateOptions, known map[int64]bool, knownErr error, r recreatable) (*Application, error) {
	app, err := c.postApplication(ctx, opts, r)
	if err == nil || !answerMayBeLost(err) {
		return app, err
	}
	if knownErr != nil {
		return nil, lostWithoutKnownIDs(err, knownErr)
	}
	orphan, findErr := findLostCreate(ctx, r.list, known, opts)
	if findErr != nil {
		return nil, fmt.Errorf("%w; looking for the application it may have created also failed: %w", err, findErr)
	}
	if orphan != nil {
		if err := r.delete(ctx, orphan.ID); err != nil {
			return nil, fmt.Errorf("%s %d was created but its answer was lost, and deleting it failed: %w", r.what, orphan.ID, err)
		}
	}
	// Nothing created by the lost request is left: sending the create again cannot duplicate it.
	return c.postApplication(ctx, opts, r)
}

func (c *Client) postApplication(ctx context.Context, opts CreateOptions, r recreatable) (*Application, error) {
	var app gl.Application
	if _, err := c.call(ctx, http.MethodPost, r.route, createParams(opts), &app); err != nil {
		return nil, err
	}
	c.created.add(r.kind, app.ID)
	return fromGitLab(&app), nil
}
