// Package acctest is the acceptance-test harness: every test gets a fake GitLab of its own, or runs
// against the real GitLab named by GITLAB_BASE_URL and GITLAB_TOKEN.
package acctest

import (
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/testcerts"
)

// Env is the GitLab one test talks to, with the tokens it may use.
type Env struct {
	t       *testing.T
	BaseURL string
	// AdminToken is an administrator's token.
	AdminToken string
	// UserToken and OtherUserToken belong to two ordinary users; empty on a real GitLab unless
	// GITLAB_USER_TOKEN and GITLAB_OTHER_USER_TOKEN are set.
	UserToken      string
	OtherUserToken string
	// Group is a group whose Owner holds GroupToken; empty on a real GitLab unless GITLAB_GROUP is set.
	Group      string
	GroupToken string
	// Fake is the fake GitLab, nil on a real one.
	Fake *fakegitlab.Server
	// tls is how the harness's own client reaches a fake behind TLS.
	tls testcerts.Files
}

// Real reports whether tests run against a real GitLab.
func Real() bool {
	return os.Getenv("GITLAB_BASE_URL") != "" && os.Getenv("GITLAB_TOKEN") != ""
}

// Option says what a test needs of its GitLab.
type Option func(*setup)

type setup struct {
	fakeOnly string // why the test needs the fake; empty when any GitLab will do
	options  fakegitlab.Options
	server   *fakegitlab.Server
	tls      testcerts.Files
}

// Fake plays a particular GitLab (a version, a configuration): the test needs the fake.
func Fake(opts fakegitlab.Options) Option {
	return func(s *setup) {
		s.options = opts
		if s.fakeOnly == "" {
			s.fakeOnly = "it plays a particular GitLab version or configuration"
		}
	}
}

// FakeOnly says the test needs the fake GitLab and why (it counts requests, injects faults, or
// changes what GitLab has no API for); on a real GitLab it is skipped with that reason.
func FakeOnly(reason string) Option {
	return func(s *setup) { s.fakeOnly = reason }
}

// TLSServer uses a fake GitLab the test started behind TLS; the harness's own client trusts its CA
// and presents its client certificate.
func TLSServer(fake *fakegitlab.Server, files testcerts.Files) Option {
	return func(s *setup) {
		s.server, s.tls = fake, files
		if s.fakeOnly == "" {
			s.fakeOnly = "it serves the fake GitLab behind TLS"
		}
	}
}

// New returns the GitLab this test talks to: a fake of its own, or the real one when GITLAB_BASE_URL
// and GITLAB_TOKEN name one and the test can run there.
func New(t *testing.T, options ...Option) *Env {
	t.Helper()
	var s setup
	for _, option := range options {
		option(&s)
	}
	if Real() {
		if s.fakeOnly != "" {
			t.Skip("needs the fake GitLab: " + s.fakeOnly)
		}
		return &Env{
			t:              t,
			BaseURL:        os.Getenv("GITLAB_BASE_URL"),
			AdminToken:     os.Getenv("GITLAB_TOKEN"),
			UserToken:      os.Getenv("GITLAB_USER_TOKEN"),
			OtherUserToken: os.Getenv("GITLAB_OTHER_USER_TOKEN"),
			Group:          os.Getenv("GITLAB_GROUP"),
			GroupToken:     firstNonEmpty(os.Getenv("GITLAB_GROUP_TOKEN"), os.Getenv("GITLAB_TOKEN")),
		}
	}
	fake := s.server
	if fake == nil {
		fake = fakegitlabtest.NewTestServer(t, s.options)
	}
	return &Env{
		t:              t,
		BaseURL:        fake.URL(),
		AdminToken:     fakegitlab.AdminToken,
		UserToken:      fakegitlab.UserToken,
		OtherUserToken: fakegitlab.OtherUserToken,
		Group:          fakegitlab.GroupPath,
		GroupToken:     fakegitlab.UserToken,
		Fake:           fake,
		tls:            s.tls,
	}
}

// Token is the token that manages applications of a resource type: an administrator's for instance
// applications, an ordinary user's for user applications, a group Owner's for group applications.
// A test whose token a real GitLab was not given is skipped.
func (e *Env) Token(resourceType string) string {
	e.t.Helper()
	switch resourceType {
	case "gitlab_instance_application", "gitlab_instance_applications":
		return e.AdminToken
	case "gitlab_user_application", "gitlab_user_applications":
		if e.UserToken == "" {
			e.t.Skip("needs an ordinary user's token: set GITLAB_USER_TOKEN")
		}
		return e.UserToken
	case "gitlab_group_application", "gitlab_group_applications":
		if e.Group == "" {
			e.t.Skip("needs a group and its Owner's token: set GITLAB_GROUP and GITLAB_GROUP_TOKEN")
		}
		return e.GroupToken
	}
	e.t.Fatalf("no token for resource type %q", resourceType)
	return ""
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

// ImportBlock is an `import` block that brings the object with this id to the address.
func ImportBlock(to, id string) string {
	return fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", to, id)
}

// Client is a GitLab client for changes and checks behind the provider's back.
func (e *Env) Client(token string) *gitlabclient.Client {
	e.t.Helper()
	client, err := gitlabclient.New(gitlabclient.Config{
		BaseURL: e.BaseURL, Token: token, Retries: 2,
		CACertFile: e.tls.CACert, ClientCert: e.tls.ClientCert, ClientKey: e.tls.ClientKey,
	})
	if err != nil {
		e.t.Fatalf("creating a GitLab client: %v", err)
	}
	return client
}

// NamePrefix starts the name of every application the tests create, and only theirs: the sweeper
// (make sweep) deletes what failed tests left on a real GitLab by it.
const NamePrefix = "tf-acc-"

// Name is a unique application name, so that tests against a real GitLab never collide.
func Name(prefix string) string {
	return acctest.RandomWithPrefix(NamePrefix + prefix)
}

// ResetRequests clears the fake GitLab's request log (nothing on a real GitLab).
func (e *Env) ResetRequests() {
	if e.Fake != nil {
		e.Fake.ResetRequests()
	}
}

// fakeOnlyCheck reports whether a check that only the fake can make runs; on a real GitLab it says in
// the test's output that it was left out, so that nothing passes silently.
func (e *Env) fakeOnlyCheck(what string) bool {
	if e.Fake != nil {
		return true
	}
	e.t.Logf("not checked on a real GitLab (only the fake can tell): %s", what)
	return false
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
