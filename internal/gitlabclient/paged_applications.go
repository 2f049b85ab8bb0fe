package gitlabclient

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	gl "gitlab.com/gitlab-org/api/client-go/v2"
)

// What the user and group applications APIs share, which client-go covers for neither: a paginated
// list, GET, PUT of name and scopes, and a create that cannot be adopted after a lost answer (there is
// no renew-secret), so that the orphan is deleted and the application created again (lost_create.go).

// listPageSize is GitLab's largest page.
const listPageSize = 100

// maxListPages bounds a list: a million applications is not a real user or group.
const maxListPages = 10000

// listAllPages reads every page of a paginated list of applications. A GitLab that does not paginate
// the route (no X-Next-Page header, or an empty one) has sent everything at once: that answer is the
// last page. Any next page but the one after this one, or a next page after an empty one, is a broken
// pagination that would read forever or skip applications: an error.
func (c *Client) listAllPages(ctx context.Context, path string) ([]Application, error) {
	var out []Application
	opt := &gl.ListOptions{Page: 1, PerPage: listPageSize}
	for range maxListPages {
		var apps []*gl.Application
		resp, err := c.call(ctx, http.MethodGet, path, opt, &apps)
		if err != nil {
			return nil, err
		}
		page, err := fromGitLabList(http.MethodGet, path, apps)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		next := strings.TrimSpace(resp.Header.Get("X-Next-Page"))
		if next == "" {
			return out, nil
		}
		if want := strconv.FormatInt(opt.Page+1, 10); next != want || len(page) == 0 {
			return nil, fmt.Errorf("GET /api/v4/%s: %w: page %d of %d applications says the next page is %q, not %s",
				path, ErrNotGitLab, opt.Page, len(page), c.masks.clean(next, maxQuotedName), want)
		}
		opt.Page++
	}
	return nil, fmt.Errorf("listing %s: more than %d pages", path, maxListPages)
}

func (c *Client) getApplication(ctx context.Context, path string) (*Application, error) {
	var app *gl.Application
	_, err := c.call(ctx, http.MethodGet, path, nil, &app)
	if err == nil {
		err = c.checkAnswer(http.MethodGet, path, app, false)
	}
	if err != nil {
		return nil, err
	}
	return fromGitLab(app), nil
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
	var app *gl.Application
	_, err := c.call(ctx, http.MethodPut, path, &params, &app)
	if err == nil {
		err = c.checkAnswer(http.MethodPut, path, app, false)
	}
	if err != nil {
		return nil, err
	}
	return fromGitLab(app), nil
}

// recreateRoute is the createRoute of the user's or a group's applications: they cannot be renewed, so
// an orphan of a lost create (whose secret nobody has) is deleted, and the create sent again.
func (c *Client) recreateRoute(what, route, kind string, snapshot *snapshotCache, list func(context.Context) ([]Application, error),
	remove func(context.Context, int64) error,
) createRoute {
	return createRoute{
		kind: kind, what: what, deleteRoute: "/api/v4/" + route + "/:id",
		loadKnown: func(ctx context.Context) error { return c.known.load(ctx, kind, snapshot, list) },
		post: func(ctx context.Context, opts CreateOptions) (*Application, error) {
			return c.postApplication(ctx, route, opts)
		},
		list:   list,
		remove: remove,
	}
}

// postApplication creates an application (GitLab answers 201, or 200).
func (c *Client) postApplication(ctx context.Context, route string, opts CreateOptions) (*Application, error) {
	var app *gl.Application
	_, err := c.call(ctx, http.MethodPost, route, createParams(opts), &app)
	if err == nil {
		err = c.checkAnswer(http.MethodPost, route, app, true)
	}
	if err != nil {
		return nil, err
	}
	return fromGitLab(app), nil
}
