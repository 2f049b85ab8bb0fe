package fakegitlab_test

import (
	"net/url"
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
)

// TestRouting: the path is routed as sent, as GitLab does. A group's URL-encoded full path is one
// segment; a known path asked with a method it has no route for, an empty or a dot segment, and any
// unknown path under /api/v4 get the API's catch-all 404 body; a path outside the API gets GitLab's
// HTML page; a trailing slash names the same route.
func TestRouting(t *testing.T) {
	t.Parallel()
	s := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	encoded := "/api/v4/groups/" + url.PathEscape(fakegitlab.GroupPath) + "/applications"
	for _, tc := range []struct {
		name, method, path string
		status             int
		want               string
	}{
		{"an encoded full path is one segment", "GET", encoded, 200, "[]"},
		{"with a trailing slash", "GET", encoded + "/", 200, "[]"},
		{"a full path not encoded is several", "GET", "/api/v4/groups/" + fakegitlab.GroupPath + "/applications", 404, bodyRouteNotFound},
		{"a method the path has no route for", "PATCH", encoded, 404, bodyRouteNotFound},
		{"an empty segment", "GET", "/api/v4//user/applications", 404, bodyRouteNotFound},
		{"a dot segment", "GET", "/api/v4/user/./applications", 404, bodyRouteNotFound},
		{"an empty group", "GET", "/api/v4/groups//applications", 404, bodyRouteNotFound},
		{"HEAD where GET has a route", "HEAD", "/api/v4/user/applications", 200, ""},
	} {
		send(t, s, fakegitlab.UserToken, tc.method, tc.path, "").expect(t, tc.name, tc.status, tc.want)
	}
	page := send(t, s, fakegitlab.UserToken, "GET", "/gitlab/api/v4/user", "").expect(t, "outside the API", 404, "*")
	if ct := page.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("outside the API: Content-Type %q, want GitLab's HTML page", ct)
	}
}
