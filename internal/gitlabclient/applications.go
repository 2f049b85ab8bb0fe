package gitlabclient

import (
	"context"
	"net/http"
	"strings"

	gl "gitlab.com/gitlab-org/api/client-go/v2"
)

// Application is an OAuth application as GitLab reports it.
type Application struct {
	ID            int64
	ApplicationID string // the OAuth client id
	Name          string
	RedirectURI   string
	Confidential  bool
	// Scopes is nil when the server does not report scopes (older GitLab).
	Scopes []string
	// Secret is only set by create and renew: GitLab never shows it again.
	Secret string
}

// CreateOptions are the attributes of a new application.
type CreateOptions struct {
	Name        string
	RedirectURI string
	Scopes      []string
	// Confidential is always sent, so GitLab's default never decides.
	Confidential bool
}

// UpdateOptions are the changes of a user application; nil and empty fields are not sent.
type UpdateOptions struct {
	Name   *string
	Scopes []string
}

// User is the token's user.
type User struct {
	ID       int64
	Username string
	IsAdmin  bool
}

func fromGitLab(a *gl.Application) *Application {
	return &Application{
		ID: a.ID, ApplicationID: a.ApplicationID, Name: a.ApplicationName, RedirectURI: a.CallbackURL,
		Confidential: a.Confidential, Scopes: a.Scopes, Secret: a.Secret,
	}
}

// do runs one client-go call (auth, retries, rate limits) with an exchange that records GitLab's answer,
// and classifies the outcome. path is relative to /api/v4/, such as "applications/7".
func (c *Client) do(ctx context.Context, method, path string, send func(gl.RequestOptionFunc) (*gl.Response, error)) (*gl.Response, error) {
	ctx, ex := withExchange(ctx, method)
	resp, err := send(gl.WithContext(ctx))
	return resp, c.classify(ex, path, err)
}

// call sends a request to a route that client-go has no method for, through its NewRequest and Do.
func (c *Client) call(ctx context.Context, method, path string, opt, into any) (*gl.Response, error) {
	return c.do(ctx, method, path, func(withCtx gl.RequestOptionFunc) (*gl.Response, error) {
		req, err := c.gl.NewRequest(method, path, opt, []gl.RequestOptionFunc{withCtx})
		if err != nil {
			return nil, err
		}
		return c.gl.Do(req, into)
	})
}

// CurrentUser returns the token's user (GET /user): the cheapest proof that the token works.
func (c *Client) CurrentUser(ctx context.Context) (*User, error) {
	var u struct {
		ID       int64  `json:"id"`
		Username string `json:"username"`
		IsAdmin  bool   `json:"is_admin"`
	}
	if _, err := c.call(ctx, http.MethodGet, "user", nil, &u); err != nil {
		return nil, err
	}
	return &User{ID: u.ID, Username: u.Username, IsAdmin: u.IsAdmin}, nil
}

// createParams are the parameters of both create routes; GitLab takes scopes space-separated.
func createParams(opts CreateOptions) *gl.CreateApplicationOptions {
	scopes := strings.Join(opts.Scopes, " ")
	return &gl.CreateApplicationOptions{Name: &opts.Name, RedirectURI: &opts.RedirectURI, Scopes: &scopes, Confidential: &opts.Confidential}
}

// matches reports whether app looks like the one these options create.
func (opts CreateOptions) matches(app Application) bool {
	if app.Name != opts.Name || app.RedirectURI != opts.RedirectURI || app.Confidential != opts.Confidential {
		return false
	}
	if app.Scopes == nil { // an older GitLab does not say
		return true
	}
	want := make(map[string]bool, len(opts.Scopes))
	for _, s := range opts.Scopes {
		want[s] = true
	}
	if len(app.Scopes) != len(want) {
		return false
	}
	for _, s := range app.Scopes {
		if !want[s] {
			return false
		}
	}
	return true
}
