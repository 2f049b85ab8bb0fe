package fakegitlab

import "testing"

func TestFaultPathPatterns(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"", "/api/v4/anything", true},
		{"/api/v4/applications", "/api/v4/applications", true},
		{"/api/v4/applications", "/api/v4/applications/1/renew-secret", false},
		{"/api/v4/applications/", "/api/v4/applications/1/renew-secret", true},
		{"/api/v4/applications/", "/api/v4/applications", false},
		{"/api/v4/applications*", "/api/v4/applications", true},
		{"/api/v4/applications/:id/renew-secret", "/api/v4/applications/17/renew-secret", true},
		{"/api/v4/applications/:id/renew-secret", "/api/v4/applications/17", false},
		{"/api/v4/user/applications/:id", "/api/v4/user/applications", false},
	} {
		if got := matchFaultPath(tc.pattern, tc.path); got != tc.want {
			t.Errorf("%q matches %q: %v, want %v", tc.pattern, tc.path, got, tc.want)
		}
	}
}
