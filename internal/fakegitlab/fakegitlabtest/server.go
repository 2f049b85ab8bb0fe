// Package fakegitlabtest starts fake GitLab servers for the length of a test. It is apart from
// package fakegitlab so that the process that runs the fake (internal/cmd/fakegitlab) does not link
// the testing and httptest packages.
package fakegitlabtest

import (
	"net/http/httptest"
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// NewTestServer starts a fake GitLab on 127.0.0.1 for the test's lifetime.
func NewTestServer(t testing.TB, opts fakegitlab.Options) *fakegitlab.Server {
	t.Helper()
	s := fakegitlab.New(opts)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	s.SetURL(ts.URL)
	return s
}
