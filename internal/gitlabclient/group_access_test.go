package gitlabclient

import (
	"errors"
	"testing"
)

// TestCheckGroupApplicationsAccess: an Owner passes, with one GET per group however often the plan
// asks, and none at all for a group whose list a Read already holds; the create that follows loads
// its known ids from the same answer. A missing group and a Maintainer get what a create gets.
func TestCheckGroupApplicationsAccess(t *testing.T) {
	g := newTestGitLab(t)
	g.seedGroup(platformGroupID, 1, "app")
	c := g.client(t, readOnlyToken)
	const list = "/api/v4/groups/acme%2Fplatform/applications"
	for range 3 {
		if err := c.CheckGroupApplicationsAccess(t.Context(), "acme/platform"); err != nil {
			t.Fatalf("an Owner's read_api token: %v", err)
		}
	}
	if n := g.count("GET", list); n != 1 {
		t.Errorf("three checks of one group sent %d GETs of its list, want 1", n)
	}

	read := g.client(t, userToken)
	if _, err := read.GroupApplicationFromSnapshot(t.Context(), "acme/platform", 1); err != nil && !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
	before := g.count("GET", list)
	if err := read.CheckGroupApplicationsAccess(t.Context(), "acme/platform"); err != nil {
		t.Fatal(err)
	}
	if n := g.count("GET", list) - before; n != 0 {
		t.Errorf("a check after a Read of the group sent %d more GETs, want 0", n)
	}

	if err := c.CheckGroupApplicationsAccess(t.Context(), "acme/nope"); !errors.Is(err, ErrGroupNotFound) {
		t.Errorf("a missing group: %v, want ErrGroupNotFound", err)
	}
	if err := g.client(t, otherToken).CheckGroupApplicationsAccess(t.Context(), "acme/platform"); !errors.Is(err, ErrForbidden) {
		t.Errorf("a Maintainer: %v, want ErrForbidden", err)
	}
}
