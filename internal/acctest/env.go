// Package acctest is the acceptance-test harness: every test gets a fake GitLab of its own, or runs
// against the real GitLab named by GITLAB_BASE_URL and GITLAB_TOKEN.
package acctest

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// Env is the GitLab one test talks to, with the tokens it may use.
type Env struct {
	BaseURL string
	// AdminToken is an administrator's token.
	AdminToken string
	// UserToken and OtherUserToken belong to two ordinary users; empty on a real GitLab unless
	// GITLAB_USER_TOKEN and GITLAB_OTHER_USER_TOKEN are set.
	UserToken      string
	OtherUserToken string
	// Fake is the fake GitLab, nil on a real one.
	Fake *fakegitlab.Server
}

// Real reports whether tests run against a real GitLab.
func Real() bool {
	return os.Getenv("GITLAB_BASE_URL") != "" && os.Getenv("GITLAB_TOKEN") != ""
}

// New starts a fake GitLab for this test, or returns the real one.
func New(t *testing.T) *Env {
	t.Helper()
	if Real() {
		return &Env{
			BaseURL:        os.Getenv("GITLAB_BASE_URL"),
			AdminToken:     os.Getenv("GITLAB_TOKEN"),
			UserToken:      os.Getenv("GITLAB_USER_TOKEN"),
			OtherUserToken: os.Getenv("GITLAB_OTHER_USER_TOKEN"),
		}
	}
	return NewFake(t, fakegitlab.Options{})
}

// NewFake starts a fake GitLab with these options; the test is skipped against a real GitLab, whose
// version and faults a test cannot choose.
func NewFake(t *testing.T, opts fakegitlab.Options) *Env {
	t.Helper()
	if Real() {
		t.Skip("needs the fake GitLab: it plays a GitLab version, counts requests or changes what GitLab has no API for")
	}
	return ForFake(fakegitlab.NewTestServer(t, opts))
}

// ForFake is the Env of a fake GitLab the test started itself (behind TLS, for instance).
func ForFake(fake *fakegitlab.Server) *Env {
	return &Env{
		BaseURL:        fake.URL(),
		AdminToken:     fakegitlab.AdminToken,
		UserToken:      fakegitlab.UserToken,
		OtherUserToken: fakegitlab.OtherUserToken,
		Fake:           fake,
	}
}

// RequireFake skips the test on a real GitLab and returns the fake.
func (e *Env) RequireFake(t *testing.T) *fakegitlab.Server {
	t.Helper()
	if e.Fake == nil {
		t.Skip("needs the fake GitLab: it counts requests or changes what GitLab has no API for")
	}
	return e.Fake
}

// RequireUserToken returns an ordinary user's token, skipping the test when there is none.
func (e *Env) RequireUserToken(t *testing.T) string {
	t.Helper()
	if e.UserToken == "" {
		t.Skip("needs an ordinary user's token: set GITLAB_USER_TOKEN")
	}
	return e.UserToken
}

// ProviderConfig is the provider block for a token; tests put it in front of their configuration
// instead of using environment variables, so that they can run in parallel.
func (e *Env) ProviderConfig(token string) string {
	return e.ProviderConfigWith(token, "")
}

// ProviderConfigWith is ProviderConfig with more provider attributes, as HCL lines.
func (e *Env) ProviderConfigWith(token, extra string) string {
	return fmt.Sprintf(`
provider "gitlab" {
  base_url = %q
  token    = %q
  retries  = 2
%s}
`, e.BaseURL, token, extra)
}

// Client is a GitLab client for changes behind the provider's back.
func (e *Env) Client(t *testing.T, token string) *gitlabclient.Client {
	t.Helper()
	client, err := gitlabclient.New(gitlabclient.Config{BaseURL: e.BaseURL, Token: token, Retries: 2})
	if err != nil {
		t.Fatalf("creating a GitLab client: %v", err)
	}
	return client
}

// Name is a unique application name, so that tests against a real GitLab never collide.
func Name(prefix string) string {
	return acctest.RandomWithPrefix("tf-acc-" + prefix)
}

// ResetRequests clears the fake GitLab's request log (nothing on a real GitLab).
func (e *Env) ResetRequests() {
	if e.Fake != nil {
		e.Fake.ResetRequests()
	}
}

// CreateInstanceApplication creates an instance application outside Terraform, deleted again when the
// test ends (unless Terraform already did).
func (e *Env) CreateInstanceApplication(t *testing.T, opts gitlabclient.CreateOptions) *gitlabclient.Application {
	t.Helper()
	client := e.Client(t, e.AdminToken)
	app, err := client.CreateInstanceApplication(context.Background(), opts)
	if err != nil {
		t.Fatalf("creating instance application %q outside Terraform: %v", opts.Name, err)
	}
	t.Cleanup(func() { _ = client.DeleteInstanceApplication(context.Background(), app.ID) })
	return app
}

// CreateUserApplication creates an application of the token's user outside Terraform, deleted again
// when the test ends (unless Terraform already did).
func (e *Env) CreateUserApplication(t *testing.T, token string, opts gitlabclient.CreateOptions) *gitlabclient.Application {
	t.Helper()
	client := e.Client(t, token)
	app, err := client.CreateUserApplication(context.Background(), opts)
	if err != nil {
		t.Fatalf("creating user application %q outside Terraform: %v", opts.Name, err)
	}
	t.Cleanup(func() { _ = client.DeleteUserApplication(context.Background(), app.ID) })
	return app
}
