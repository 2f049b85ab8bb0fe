package gitlabclient

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	gl "gitlab.com/gitlab-org/api/client-go/v2"
)

// Applications of the token's user: /user/applications (GitLab 19.0+), which client-go does not
// cover. GitLab can read and update one application here, but cannot renew its secret.

// userListPageSize is GitLab's largest page.
const userListPageSize = 100

// ListUserApplications returns every application of the token's user, reading all pages.
func (c *Client) ListUserApplications(ctx context.Context) ([]Application, error) {
	var out []Application
	opt := &gl.ListOptions{Page: 1, PerPage: userListPageSize}
	for page := 0; page < 10000; page++ { // bounded: a million applications is not a real user
		var apps []*gl.Application
		resp, err := c.call(ctx, http.MethodGet, "user/applications", opt, &apps)
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
	return nil, fmt.Errorf("listing user applications: more than %d pages", 10000)
}

// UserApplication returns one application of the token's user, from the shared snapshot of the list
// when it is there. An application missing from the snapshot is asked for by id: a page boundary may
// have moved while the list was read, and only GitLab's answer for the id tells a deleted application
// (ErrNotFound) from someone else's (ErrForbidden).
func (c *Client) UserApplication(ctx context.Context, id int64) (*Application, error) {
	apps, err := c.user.snapshot(ctx, c.ListUserApplications)
	if err != nil {
		return nil, err
	}
	if app, ok := apps[id]; ok {
		return &app, nil
	}
	return c.GetUserApplication(ctx, id)
}

// GetUserApplication returns one application; ErrNotFound when it does not exist, ErrForbidden when it
// belongs to someone else, ErrUserApplicationsUnsupported on GitLab older than 19.0.
func (c *Client) GetUserApplication(ctx context.Context, id int64) (*Application, error) {
	var app gl.Application
	if _, err := c.call(ctx, http.MethodGet, fmt.Sprintf("user/applications/%d", id), nil, &app); err != nil {
		return nil, err
	}
	return fromGitLab(&app), nil
}

// CreateUserApplication creates an application owned by the token's user and returns it with its
// secret. When the answer is lost after GitLab may have created it, the orphan (whose secret nobody
// has, and which cannot be renewed) is deleted and the application created again.
func (c *Client) CreateUserApplication(ctx context.Context, opts CreateOptions) (*Application, error) {
	// As for instance applications: a failed list of the known ids does not stop the create.
	known, knownErr := c.created.knownUserIDs(ctx, c)
	defer c.user.invalidate()
	var app gl.Application
	_, err := c.call(ctx, http.MethodPost, "user/applications", createParams(opts), &app)
	if err == nil {
		c.created.addUser(app.ID)
		return fromGitLab(&app), nil
	}
	if !answerMayBeLost(err) {
		return nil, err
	}
	if knownErr != nil {
		return nil, lostWithoutKnownIDs(err, knownErr)
	}
	orphan, findErr := findLostCreate(ctx, c.ListUserApplications, known, opts)
	if findErr != nil {
		return nil, fmt.Errorf("%w; looking for the application it may have created also failed: %w", err, findErr)
	}
	if orphan != nil {
		if err := c.DeleteUserApplication(ctx, orphan.ID); err != nil {
			return nil, fmt.Errorf("user application %d was created but its answer was lost, and deleting it failed: %w", orphan.ID, err)
		}
	}
	// Nothing created by the lost request is left: sending the create again cannot duplicate it.
	if _, err := c.call(ctx, http.MethodPost, "user/applications", createParams(opts), &app); err != nil {
		return nil, err
	}
	c.created.addUser(app.ID)
	return fromGitLab(&app), nil
}

// UpdateUserApplication changes name and/or scopes in place (PUT); the secret stays.
func (c *Client) UpdateUserApplication(ctx context.Context, id int64, opts UpdateOptions) (*Application, error) {
	// PUT takes name and scopes only; GitLab ignores anything else.
	params := struct {
		Name   *string `json:"name,omitempty"`
		Scopes *string `json:"scopes,omitempty"`
	}{Name: opts.Name}
	if len(opts.Scopes) > 0 {
		scopes := strings.Join(opts.Scopes, " ")
		params.Scopes = &scopes
	}
	defer c.user.invalidate()
	var app gl.Application
	if _, err := c.call(ctx, http.MethodPut, fmt.Sprintf("user/applications/%d", id), &params, &app); err != nil {
		return nil, err
	}
	return fromGitLab(&app), nil
}

// DeleteUserApplication deletes the application; ErrNotFound when it is already gone.
func (c *Client) DeleteUserApplication(ctx context.Context, id int64) error {
	defer c.user.invalidate()
	_, err := c.call(ctx, http.MethodDelete, fmt.Sprintf("user/applications/%d", id), nil, nil)
	return err
}
