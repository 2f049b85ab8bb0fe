package fakegitlab

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// call is one API request on its way through a route: who asks, the application id of the path, and
// on the group routes the group of the path.
type call struct {
	r      *http.Request
	caller *token
	id     int64
	group  Group
}

// baseURL is the scheme and host the client used: GitLab builds links from request.url.
func (c *call) baseURL() string {
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.r.Host
}

// route is one of GitLab's API routes under /api/v4. Routing happens before authentication, as in
// Grape: a path GitLab has no route for gets the catch-all 404 even without a token. The checks then
// run in GitLab's order: the token (authenticate!), the route's before block (the instance routes'
// administrator, the group routes' group and role), Grape's validation of the application id, then
// the handler (which checks its other parameters first).
type route struct {
	method string
	// path under /api/v4/, with ":name" for a parameter: ":id" is the application id, except on the
	// group routes, where it is the group (its id or full path) and ":application_id" the application.
	path string
	// segments is path split on "/", filled in by init.
	segments []string
	// adminOnly: the instance routes, where a non-administrator gets 403 before anything else.
	adminOnly bool
	// inGroup: the group routes, where the group must be visible to the caller and owned by them.
	inGroup bool
	// exists tells whether the GitLab that the Options play has the route at all.
	exists func(Options) bool
	handle func(*Server, *call) *response
}

func always(Options) bool { return true }

func userApplicationsExist(o Options) bool { return !o.NoUserApplications }

func renewSecretExists(o Options) bool { return !o.NoRenewSecret }

func groupApplicationsExist(o Options) bool { return !o.NoGroupApplications }

// routes are the routes the fake knows; anything else is the catch-all 404. There is deliberately no
// GET or PUT for one instance application: GitLab has neither.
var routes = []route{
	{method: http.MethodGet, path: "user", exists: always, handle: (*Server).currentUser},

	{method: http.MethodGet, path: "applications", adminOnly: true, exists: always, handle: (*Server).listInstance},
	{method: http.MethodPost, path: "applications", adminOnly: true, exists: always, handle: (*Server).createInstance},
	{method: http.MethodDelete, path: "applications/:id", adminOnly: true, exists: always, handle: (*Server).deleteInstance},
	{method: http.MethodPost, path: "applications/:id/renew-secret", adminOnly: true, exists: renewSecretExists, handle: (*Server).renewInstanceSecret},

	{method: http.MethodGet, path: "user/applications", exists: userApplicationsExist, handle: (*Server).listUser},
	{method: http.MethodPost, path: "user/applications", exists: userApplicationsExist, handle: (*Server).createUser},
	{method: http.MethodGet, path: "user/applications/:id", exists: userApplicationsExist, handle: (*Server).getUser},
	{method: http.MethodPut, path: "user/applications/:id", exists: userApplicationsExist, handle: (*Server).updateUser},
	{method: http.MethodDelete, path: "user/applications/:id", exists: userApplicationsExist, handle: (*Server).deleteUser},

	{method: http.MethodGet, path: "groups/:id/applications", inGroup: true, exists: groupApplicationsExist, handle: (*Server).listGroup},
	{method: http.MethodPost, path: "groups/:id/applications", inGroup: true, exists: groupApplicationsExist, handle: (*Server).createGroup},
	{method: http.MethodGet, path: "groups/:id/applications/:application_id", inGroup: true, exists: groupApplicationsExist, handle: (*Server).getGroup},
	{method: http.MethodPut, path: "groups/:id/applications/:application_id", inGroup: true, exists: groupApplicationsExist, handle: (*Server).updateGroup},
	{method: http.MethodDelete, path: "groups/:id/applications/:application_id", inGroup: true, exists: groupApplicationsExist, handle: (*Server).deleteGroup},
}

func init() {
	for i := range routes {
		routes[i].segments = strings.Split(routes[i].path, "/")
	}
}

// serveAPI answers a request like GitLab. Paths outside /api/v4 belong to GitLab's web application,
// which answers an HTML page (what a base_url with a wrong path prefix gets). Routing works on the path
// as sent, split on "/" before each segment is decoded, as Rails does: a group's full path travels
// URL-encoded in one segment (acme%2Fplatform), which Go's r.URL.Path would already have split.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == discoveryPath {
		s.serveDiscovery(w, r)
		return
	}
	if r.URL.Path == tokenPath {
		s.serveToken(w, r)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), "/api/v4")
	if !ok || (rest != "" && rest[0] != '/') {
		notFoundPage(w)
		return
	}
	segments := strings.Split(strings.Trim(rest, "/"), "/")
	for i, seg := range segments {
		decoded, err := url.PathUnescape(seg)
		if err != nil {
			routeNotFound().write(w)
			return
		}
		segments[i] = decoded
	}
	s.dispatch(r, segments).write(w)
}

func (s *Server) dispatch(r *http.Request, segments []string) *response {
	rt, params := s.match(r.Method, segments)
	if rt == nil {
		return routeNotFound()
	}
	caller, refused := s.authenticate(r)
	if refused != nil {
		return refused
	}
	if rt.adminOnly && !s.actsAsAdmin(caller) {
		return forbidden()
	}
	c := &call{r: r, caller: caller}
	appParam := "id"
	if rt.inGroup {
		appParam = "application_id"
		if c.group, refused = s.findGroup(c, params["id"]); refused != nil {
			return refused
		}
	}
	if rawID, ok := params[appParam]; ok {
		id, err := strconv.ParseInt(rawID, 10, 64)
		if err != nil {
			return grapeError(appParam + " is invalid")
		}
		c.id = id
	}
	return rt.handle(s, c)
}

// match finds the route for a method and a path's segments under /api/v4/ (GET routes serve HEAD too,
// as in Grape), and the path's parameters.
func (s *Server) match(method string, segments []string) (*route, map[string]string) {
	if method == http.MethodHead {
		method = http.MethodGet
	}
	for i := range routes {
		rt := &routes[i]
		if rt.method != method || !rt.exists(s.opts) {
			continue
		}
		if params, ok := matchSegments(rt.segments, segments); ok {
			return rt, params
		}
	}
	return nil, nil
}

// matchSegments compares a route's segments with a path's; a ":name" segment matches any one non-empty
// segment, which it returns under name.
func matchSegments(pattern, segments []string) (map[string]string, bool) {
	if len(pattern) != len(segments) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range pattern {
		name, isParam := strings.CutPrefix(p, ":")
		switch {
		case isParam && segments[i] != "":
			params[name] = segments[i]
		case p != segments[i]:
			return nil, false
		}
	}
	return params, true
}
