package gitlabclient

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The group applications API of testGitLab: two private groups, where user 2 is the Owner of
// acme/platform (user 3 a Maintainer) and user 3 the Owner of acme/other. The administrator (user 1)
// may manage both.

const (
	platformGroupID int64 = 21
	otherGroupID    int64 = 22
)

var testGroups = map[int64]struct {
	path    string
	members map[int64]string // user id → role
}{
	platformGroupID: {"acme/platform", map[int64]string{2: "owner", 3: "maintainer"}},
	otherGroupID:    {"acme/other", map[int64]string{3: "owner"}},
}

// seedGroup creates n applications of the group.
func (g *testGitLab) seedGroup(group int64, n int, prefix string) []testApp {
	apps := g.seed(0, n, prefix)
	g.mu.Lock()
	defer g.mu.Unlock()
	for i := range apps {
		g.apps[apps[i].id].group = group
		apps[i].group = group
	}
	return apps
}

// groupRoute serves /groups/:id/applications[/:application_id]; rawGroup is the path segment as sent.
func (g *testGitLab) groupRoute(w http.ResponseWriter, r *http.Request, user int64, rawGroup string, rest []string, body map[string]any) {
	if len(rest) > 1 {
		writeJSON(w, http.StatusNotFound, catchAll)
		return
	}
	group := findTestGroup(rawGroup)
	role := testGroups[group].members[user]
	switch {
	case group == 0 || (role == "" && user != 1):
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Group Not Found"})
		return
	case role != "owner" && user != 1:
		writeJSON(w, http.StatusForbidden, map[string]any{"message": "403 Forbidden"})
		return
	}
	if len(rest) == 0 {
		switch r.Method {
		case http.MethodGet:
			if g.unpaginatedGroups {
				out := []map[string]any{}
				for _, app := range g.sortedOf(0, group) {
					out = append(out, g.entity(app, ""))
				}
				writeJSON(w, http.StatusOK, out)
				return
			}
			g.listPage(w, r, g.sortedOf(0, group))
		case http.MethodPost:
			status := http.StatusCreated
			if g.groupCreate200 {
				status = http.StatusOK
			}
			g.createFrom(w, 0, group, status, body)
		default:
			writeJSON(w, http.StatusNotFound, catchAll)
		}
		return
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "application_id is invalid"})
		return
	}
	app := g.apps[id]
	if app == nil || app.group != group {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Application Not Found"})
		return
	}
	g.serveApplication(w, r, body, id, app)
}

// findTestGroup resolves an id or a URL-encoded full path (case ignored), or returns 0.
func findTestGroup(rawGroup string) int64 {
	decoded, err := url.PathUnescape(rawGroup)
	if err != nil {
		return 0
	}
	if id, err := strconv.ParseInt(decoded, 10, 64); err == nil {
		if _, ok := testGroups[id]; ok {
			return id
		}
		return 0
	}
	for id, grp := range testGroups {
		if strings.EqualFold(grp.path, decoded) {
			return id
		}
	}
	return 0
}
