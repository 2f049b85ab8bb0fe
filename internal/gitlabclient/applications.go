package gitlabclient

import (
	"context"
	"errors"
	"fmt"
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

// UpdateOptions are the changes of a user or group application (PUT); nil and empty fields are not sent.
type UpdateOptions struct {
	Name   *string
	Scopes []string
}

// KnowSecret masks secret in every error and log of the client from now on: the provider hands it the
// secrets state holds, which an answer to any request (a proxy's page, say) might quote.
func (c *Client) KnowSecret(secret string) { c.masks.remember(secret) }

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
// and classifies the outcome. path is relative to /api/v4/, such as "applications/7". Every request of
// the client goes through here, so here no answer, however broken, may crash the provider: a panic in
// client-go's handling of it becomes an error (for a POST that got an answer, a lost one).
func (c *Client) do(ctx context.Context, method, path string, send func(gl.RequestOptionFunc) (*gl.Response, error)) (resp *gl.Response, err error) {
	ctx, ex := withExchange(ctx, method)
	defer func() {
		if p := recover(); p != nil {
			resp, err = nil, c.classify(ex, path, fmt.Errorf("%w: %v", errAnswerPanicked, p))
		}
	}()
	resp, err = send(gl.WithContext(ctx))
	return resp, c.classify(ex, path, err)
}

// errAnswerPanicked: sending the request or reading its answer panicked (in client-go, say).
var errAnswerPanicked = errors.New("handling the request or its answer failed")

// fromGitLabList turns a list answer into applications, refusing one that holds null: a list with a
// hole cannot tell a Read whether an application still exists.
func fromGitLabList(method, path string, apps []*gl.Application) ([]Application, error) {
	out := make([]Application, 0, len(apps))
	for i, a := range apps {
		if a == nil {
			return nil, fmt.Errorf("%s /api/v4/%s: %w: the list holds null at position %d instead of an application", method, path, ErrNotGitLab, i)
		}
		out = append(out, *fromGitLab(a))
	}
	return out, nil
}

// checkAnswer refuses an application answer without an id (such as a JSON null or {}), and, for a
// create or renew, without a secret: GitLab may have acted, so the answer is lost (ErrNoAnswer). A
// secret it accepts is masked in every later error and log of the client.
func (c *Client) checkAnswer(method, path string, app *gl.Application, wantSecret bool) error {
	if app != nil && app.Secret != "" {
		c.masks.remember(app.Secret)
	}
	switch {
	case app == nil || app.ID <= 0:
		if method == http.MethodPost {
			return fmt.Errorf("%s /api/v4/%s: %w: the answer holds no application id", method, path, ErrNoAnswer)
		}
		return fmt.Errorf("%s /api/v4/%s: %w: the answer holds no application id", method, path, ErrNotGitLab)
	case wantSecret && app.Secret == "":
		return fmt.Errorf("%s /api/v4/%s: %w: the answer holds no secret for application %d", method, path, ErrNoAnswer, app.ID)
	}
	return nil
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
