package gitlabclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// platformRoute is acme/platform's applications route as it must reach GitLab: the full path in one
// URL-encoded segment.
const platformRoute = "/api/v4/groups/acme%2Fplatform/applications"

func TestGroupApplicationsRoundTrip(t *testing.T) {
	ctx := context.Background()
	g := newTestGitLab(t)
	c := g.client(t, userToken)

	app, err := c.CreateGroupApplication(ctx, "acme/platform", createOpts)
	if err != nil {
		t.Fatal(err)
	}
	if app.Secret == "" || app.Name != "app" || fmt.Sprint(app.Scopes) != "[openid read_user]" || !app.Confidential {
		t.Errorf("created %+v", app)
	}
	post := g.log()[len(g.log())-1]
	if post.Method != http.MethodPost || post.Path != platformRoute || post.Body["scopes"] != "openid read_user" || post.Body["confidential"] != true {
		t.Errorf("create sent %s %s %v", post.Method, post.Path, post.Body)
	}
	if apps := g.sortedOf(0, platformGroupID); len(apps) != 1 || apps[0].id != app.ID {
		t.Errorf("GitLab has %v", apps)
	}

	// The group by id reaches the same application.
	got, err := c.GetGroupApplication(ctx, "21", app.ID)
	if err != nil || got.ApplicationID != app.ApplicationID || got.Secret != "" {
		t.Errorf("got %+v, %v", got, err)
	}
	if path := g.log()[len(g.log())-1].Path; path != fmt.Sprintf("/api/v4/groups/21/applications/%d", app.ID) {
		t.Errorf("get by id sent %s", path)
	}

	name := "renamed"
	updated, err := c.UpdateGroupApplication(ctx, "acme/platform", app.ID, UpdateOptions{Name: &name})
	if err != nil || updated.Name != "renamed" || fmt.Sprint(updated.Scopes) != "[openid read_user]" || updated.Secret != "" {
		t.Errorf("updated %+v, %v", updated, err)
	}
	if put := g.log()[len(g.log())-1]; put.Method != http.MethodPut || put.Path != fmt.Sprintf("%s/%d", platformRoute, app.ID) || len(put.Body) != 1 {
		t.Errorf("update sent %s %s %v, want the name only", put.Method, put.Path, put.Body)
	}
	if _, err := c.UpdateGroupApplication(ctx, "acme/platform", app.ID, UpdateOptions{Scopes: []string{"api"}}); err != nil {
		t.Fatal(err)
	}
	if put := g.log()[len(g.log())-1]; put.Body["scopes"] != "api" || put.Body["name"] != nil {
		t.Errorf("update sent %v, want the scopes only", put.Body)
	}
	list, err := c.ListGroupApplications(ctx, "acme/platform")
	if err != nil || len(list) != 1 || list[0].Name != "renamed" || fmt.Sprint(list[0].Scopes) != "[api]" {
		t.Errorf("listed %+v, %v", list, err)
	}
	if err := c.DeleteGroupApplication(ctx, "acme/platform", app.ID); err != nil {
		t.Fatal(err)
	}
	if del := g.log()[len(g.log())-1]; del.Method != http.MethodDelete || del.Path != fmt.Sprintf("%s/%d", platformRoute, app.ID) {
		t.Errorf("delete sent %s %s", del.Method, del.Path)
	}
	if _, err := c.GetGroupApplication(ctx, "acme/platform", app.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: %v, want ErrNotFound", err)
	}

	// Every character that is not safe in a path segment is encoded, "." included, as client-go
	// encodes project paths.
	_, err = c.ListGroupApplications(ctx, "acme/my.team")
	if path := g.log()[len(g.log())-1].Path; path != "/api/v4/groups/acme%2Fmy%2Eteam/applications" || !errors.Is(err, ErrGroupNotFound) {
		t.Errorf("listing acme/my.team sent %s and got %v", path, err)
	}
}

func TestGroupCreateAnswered200(t *testing.T) {
	g := newTestGitLab(t)
	g.groupCreate200 = true
	app, err := g.client(t, userToken).CreateGroupApplication(context.Background(), "acme/platform", createOpts)
	if err != nil || app.Secret == "" || app.ID == 0 {
		t.Fatalf("created %+v, %v", app, err)
	}
	if n := g.count(http.MethodPost, platformRoute); n != 1 {
		t.Errorf("%d creates, want 1", n)
	}
}

func TestListGroupApplicationsReadsEveryPage(t *testing.T) {
	ctx := context.Background()
	g := newTestGitLab(t)
	g.seedGroup(platformGroupID, 250, "app")
	g.seedGroup(otherGroupID, 5, "theirs")
	g.seed(2, 3, "mine")
	c := g.client(t, userToken)
	apps, err := c.ListGroupApplications(ctx, "acme/platform")
	if err != nil {
		t.Fatal(err)
	}
	if len(apps) != 250 || apps[0].Name != "app-00001" || apps[249].Name != "app-00250" {
		t.Errorf("listed %d applications", len(apps))
	}
	var queries []string
	for _, r := range g.log() {
		queries = append(queries, r.Path+"?"+r.Query)
	}
	want := fmt.Sprintf("[%[1]s?page=1&per_page=100 %[1]s?page=2&per_page=100 %[1]s?page=3&per_page=100]", platformRoute)
	if fmt.Sprint(queries) != want {
		t.Errorf("requests %v\nwant %s", queries, want)
	}

	// A GitLab that does not paginate the route sends everything at once: one request, all of it.
	g.unpaginatedGroups = true
	apps, err = c.ListGroupApplications(ctx, "21")
	if err != nil || len(apps) != 250 {
		t.Errorf("unpaginated: %d applications, %v", len(apps), err)
	}
	if n := g.count(http.MethodGet, "/api/v4/groups/21/applications"); n != 1 {
		t.Errorf("unpaginated: %d requests, want 1", n)
	}
}

func TestGroupErrorsTellWhatHappened(t *testing.T) {
	ctx := context.Background()
	g := newTestGitLab(t)
	old := newTestGitLab(t)
	old.noGroupApps = true
	theirs := g.seedGroup(otherGroupID, 1, "theirs")[0]
	mine := g.seedGroup(platformGroupID, 1, "mine")[0]
	user, maintainer := g.client(t, userToken), g.client(t, otherToken)
	oldUser := old.client(t, userToken)
	name := "x"

	for _, tc := range []struct {
		name    string
		call    func() error
		want    error
		message string
	}{
		{"an unknown group", func() error { _, err := user.ListGroupApplications(ctx, "acme/nope"); return err },
			ErrGroupNotFound, "GitLab answered 404 Not Found to GET /api/v4/groups/acme%2Fnope/applications: 404 Group Not Found"},
		{"a group the user cannot see", func() error { _, err := user.GetGroupApplication(ctx, "acme/other", theirs.id); return err },
			ErrGroupNotFound, "404 Group Not Found"},
		{"an unknown group id", func() error { _, err := user.CreateGroupApplication(ctx, "999", createOpts); return err },
			ErrGroupNotFound, "POST /api/v4/groups/999/applications"},
		{"a Maintainer", func() error {
			_, err := maintainer.CreateGroupApplication(ctx, "acme/platform", createOpts)
			return err
		},
			ErrForbidden, "GitLab answered 403 Forbidden to POST " + platformRoute + ": 403 Forbidden"},
		{"another group's application", func() error {
			_, err := g.client(t, adminToken).GetGroupApplication(ctx, "acme/platform", theirs.id)
			return err
		}, ErrNotFound, "404 Application Not Found"},
		{"a deleted application", func() error { return user.DeleteGroupApplication(ctx, "acme/platform", 999) },
			ErrNotFound, "404 Application Not Found"},
		{"a read-only token", func() error {
			_, err := g.client(t, readOnlyToken).UpdateGroupApplication(ctx, "acme/platform", mine.id, UpdateOptions{Name: &name})
			return err
		}, ErrInsufficientScope, "insufficient_scope"},
		{"GitLab older than 19.6: list", func() error { _, err := oldUser.ListGroupApplications(ctx, "acme/platform"); return err },
			ErrGroupApplicationsUnsupported, "GET " + platformRoute + ": 404 Not Found"},
		{"GitLab older than 19.6: get", func() error { _, err := oldUser.GetGroupApplication(ctx, "acme/platform", 1); return err },
			ErrGroupApplicationsUnsupported, ""},
		{"GitLab older than 19.6: read through the snapshot", func() error { _, err := oldUser.GroupApplicationFromSnapshot(ctx, "21", 1); return err },
			ErrGroupApplicationsUnsupported, ""},
		{"GitLab older than 19.6: create", func() error { _, err := oldUser.CreateGroupApplication(ctx, "acme/platform", createOpts); return err },
			ErrGroupApplicationsUnsupported, ""},
		{"GitLab older than 19.6: update", func() error {
			_, err := oldUser.UpdateGroupApplication(ctx, "acme/platform", 1, UpdateOptions{Name: &name})
			return err
		}, ErrGroupApplicationsUnsupported, ""},
		{"GitLab older than 19.6: delete", func() error { return oldUser.DeleteGroupApplication(ctx, "acme/platform", 1) },
			ErrGroupApplicationsUnsupported, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if !errors.Is(err, tc.want) {
				t.Fatalf("%v is not %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.message) {
				t.Errorf("%q does not say %q", err, tc.message)
			}
			allowed := []error{tc.want}
			if errors.Is(tc.want, ErrInsufficientScope) {
				allowed = append(allowed, ErrForbidden) // a missing scope is also forbidden
			}
			for _, other := range []error{ErrNotFound, ErrGroupNotFound, ErrGroupApplicationsUnsupported, ErrUserApplicationsUnsupported,
				ErrRenewUnsupported, ErrUnauthorized, ErrForbidden, ErrNotGitLab, ErrNoAnswer} {
				if errors.Is(err, other) && !slices.Contains(allowed, other) {
					t.Errorf("%v is also %v", err, other)
				}
			}
		})
	}
	if len(g.sortedOf(0, platformGroupID)) != 1 || len(g.sortedOf(0, otherGroupID)) != 1 {
		t.Error("a refused request changed the applications")
	}
}

func TestGroupSnapshots(t *testing.T) {
	ctx := context.Background()
	g := newTestGitLab(t)
	platform := g.seedGroup(platformGroupID, 150, "app")
	other := g.seedGroup(otherGroupID, 3, "other")
	g.fault(testFault{method: http.MethodGet, path: platformRoute, delay: 50 * time.Millisecond})
	c := g.client(t, adminToken)

	// Concurrent reads of one group share one list, whatever case its path is written in.
	var wg sync.WaitGroup
	for i, app := range platform {
		group := "acme/platform"
		if i%2 == 1 {
			group = "ACME/Platform"
		}
		wg.Go(func() {
			if got, err := c.GroupApplicationFromSnapshot(ctx, group, app.id); err != nil || got.Name != app.name {
				t.Errorf("application %d: %+v, %v", app.id, got, err)
			}
		})
	}
	wg.Wait()
	platformLists := func() int {
		return g.count(http.MethodGet, platformRoute) + g.count(http.MethodGet, "/api/v4/groups/ACME%2FPlatform/applications")
	}
	if n := platformLists(); n != 2 {
		t.Errorf("150 reads cost %d list pages, want 2", n)
	}
	// Another group has a snapshot of its own.
	for _, app := range other {
		if got, err := c.GroupApplicationFromSnapshot(ctx, "22", app.id); err != nil || got.Name != app.name {
			t.Errorf("application %d: %+v, %v", app.id, got, err)
		}
	}
	if n := g.count(http.MethodGet, "/api/v4/groups/22/applications"); n != 1 {
		t.Errorf("3 reads of group 22 listed %d times, want once", n)
	}
	// An application missing from the snapshot is asked for by id, and what GitLab says counts.
	if _, err := c.GroupApplicationFromSnapshot(ctx, "acme/platform", other[0].id); !errors.Is(err, ErrNotFound) {
		t.Errorf("another group's application: %v, want ErrNotFound", err)
	}
	if n := g.count(http.MethodGet, fmt.Sprintf("%s/%d", platformRoute, other[0].id)); n != 1 {
		t.Errorf("%d GETs of the missing application, want 1", n)
	}

	// A write drops the snapshots of every group: the client cannot know that "21" and
	// "acme/platform" are one group, and a read after a write must see it.
	if got, err := c.GroupApplicationFromSnapshot(ctx, "21", platform[1].id); err != nil || got.Name != platform[1].name {
		t.Fatalf("read by id: %+v, %v", got, err)
	}
	name := "renamed"
	if _, err := c.UpdateGroupApplication(ctx, "acme/platform", platform[1].id, UpdateOptions{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.GroupApplicationFromSnapshot(ctx, "21", platform[1].id); err != nil || got.Name != "renamed" {
		t.Errorf("read by id after an update by path: %+v, %v", got, err)
	}
	if n := g.count(http.MethodGet, "/api/v4/groups/21/applications"); n != 4 {
		t.Errorf("group 21 listed %d pages, want 2 before the update and 2 after", n)
	}
	if err := c.DeleteGroupApplication(ctx, "acme/platform", platform[0].id); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GroupApplicationFromSnapshot(ctx, "acme/platform", platform[0].id); !errors.Is(err, ErrNotFound) {
		t.Errorf("read after delete: %v, want ErrNotFound", err)
	}
	if n := platformLists(); n != 4 {
		t.Errorf("after the delete, %d list pages, want 4", n)
	}
	if _, err := c.GroupApplicationFromSnapshot(ctx, "22", other[1].id); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateGroupApplication(ctx, "22", createOpts); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GroupApplicationFromSnapshot(ctx, "22", other[2].id); err != nil {
		t.Fatal(err)
	}
	// Group 22: the first list, the list after the writes to acme/platform (whose snapshot gives the
	// create its known ids), the list after the create.
	if n := g.count(http.MethodGet, "/api/v4/groups/22/applications"); n != 3 {
		t.Errorf("group 22 listed %d times, want 3", n)
	}
}

func TestGroupLostCreates(t *testing.T) {
	ctx := context.Background()
	t.Run("an application created before the answer was lost is replaced", func(t *testing.T) {
		g := newTestGitLab(t)
		g.seedGroup(platformGroupID, 1, "app") // same attributes, but known before the create: kept
		same := createOpts
		same.Name, same.Scopes = "app-00001", []string{"read_user"}
		g.fault(testFault{method: http.MethodPost, path: platformRoute, status: http.StatusGatewayTimeout, afterWork: true})
		app, err := g.client(t, userToken).CreateGroupApplication(ctx, "acme/platform", same)
		if err != nil {
			t.Fatal(err)
		}
		apps := g.sortedOf(0, platformGroupID)
		if len(apps) != 2 || apps[0].id != 1 || apps[1].id != app.ID || app.ID != 3 || app.Secret == "" {
			t.Errorf("created %+v; GitLab has %d applications", app, len(apps))
		}
		if n := g.count(http.MethodDelete, platformRoute+"/2"); n != 1 {
			t.Errorf("%d deletes of the orphan, want 1", n)
		}
		if n := g.count(http.MethodPost, platformRoute); n != 2 {
			t.Errorf("%d creates, want 2", n)
		}
	})
	t.Run("a cut connection before GitLab acted: created once", func(t *testing.T) {
		g := newTestGitLab(t)
		g.fault(testFault{method: http.MethodPost, path: "/api/v4/groups/21/applications", cut: true})
		app, err := g.client(t, userToken).CreateGroupApplication(ctx, "21", createOpts)
		if err != nil {
			t.Fatal(err)
		}
		if apps := g.sortedOf(0, platformGroupID); len(apps) != 1 || apps[0].id != app.ID {
			t.Errorf("GitLab has %v", apps)
		}
		if n := g.count(http.MethodDelete, fmt.Sprintf("/api/v4/groups/21/applications/%d", app.ID)); n != 0 {
			t.Errorf("deleted the new application")
		}
	})
	t.Run("an application created through another name of the group is never taken for the orphan", func(t *testing.T) {
		g := newTestGitLab(t)
		c := g.client(t, userToken)
		first, err := c.CreateGroupApplication(ctx, "21", CreateOptions{Name: "first", RedirectURI: "https://first.example.com/cb", Scopes: []string{"api"}})
		if err != nil {
			t.Fatal(err)
		}
		byPath, err := c.CreateGroupApplication(ctx, "acme/platform", createOpts)
		if err != nil {
			t.Fatal(err)
		}
		g.fault(testFault{method: http.MethodPost, path: "/api/v4/groups/21/applications", status: http.StatusBadGateway})
		byID, err := c.CreateGroupApplication(ctx, "21", createOpts) // same attributes as byPath
		if err != nil {
			t.Fatal(err)
		}
		apps := g.sortedOf(0, platformGroupID)
		if len(apps) != 3 || apps[0].id != first.ID || apps[1].id != byPath.ID || apps[2].id != byID.ID {
			t.Errorf("GitLab has %d applications, want %d, %d and %d", len(apps), first.ID, byPath.ID, byID.ID)
		}
		for _, r := range g.log() {
			if r.Method == http.MethodDelete {
				t.Errorf("deleted %s", r.Path)
			}
		}
	})
}
