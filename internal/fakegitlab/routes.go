package fakegitlab

import (
	"net/http"
	"strconv"
	"strings"
)

// call is one API request on its way through a route: who asks, and the :id of the path.
type call struct {
	r      *http.Request
	caller *token
	id     int64
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
// run in GitLab's order: the token (authenticate!), the administrator (the instance routes' before
// block), Grape's validation of :id, then the handler (which checks its other parameters first).
type route struct {
	method string
	// path under /api/v4/, with ":id" for an application id.
	path string
	// segments is path split on "/", filled in by init.
	segments []string
	// adminOnly: the instance routes, where a non-administrator gets 403 before anything else.
	adminOnly bool
	// exists tells whether the GitLab that the Options play has the route at all.
	exists func(Options) bool
	handle func(*Server, *call) *response
}

func always(Options) bool { return true }

func userApplicationsExist(o Options) bool { return !o.NoUserApplications }

func renewSecretExists(o Options) bool { return !o.NoRenewSecret }

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
}

func init() {
	for i := range routes {
		routes[i].segments = strings.Split(routes[i].path, "/")
	}
}

// serveAPI answers a request like GitLab. Paths outside /api/v4 belong to GitLab's web application,
// which answers an HTML page (what a base_url with a wrong path prefix gets).
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == discoveryPath {
		s.serveDiscovery(w, r)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/api/v4")
	if !ok || (rest != "" && rest[0] != '/') {
		notFoundPage(w)
		return
	}
	s.dispatch(r, strings.Trim(rest, "/")).write(w)
}

func (s *Server) dispatch(r *http.Request, path string) *response {
	rt, rawID := s.match(r.Method, path)
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
	if rawID != "" {
		id, err := strconv.ParseInt(rawID, 10, 64)
		if err != nil {
			return grapeError("id is invalid")
		}
		c.id = id
	}
	return rt.handle(s, c)
}

// match finds the route for a method and a path under /api/v4/ (GET routes serve HEAD too, as in
// Grape), and the raw :id segment.
func (s *Server) match(method, path string) (*route, string) {
	if method == http.MethodHead {
		method = http.MethodGet
	}
	segments := strings.Split(path, "/")
	for i := range routes {
		rt := &routes[i]
		if rt.method != method || !rt.exists(s.opts) {
			continue
		}
		if rawID, ok := matchSegments(rt.segments, segments); ok {
			return rt, rawID
		}
	}
	return nil, ""
}

// matchSegments compares a route's segments with a path's; ":id" matches any one non-empty segment,
// which it returns.
func matchSegments(pattern, segments []string) (string, bool) {
	if len(pattern) != len(segments) {
		return "", false
	}
	rawID := ""
	for i, p := range pattern {
		switch {
		case p == ":id" && segments[i] != "":
			rawID = segments[i]
		case p != segments[i]:
			return "", false
		}
	}
	return rawID, true
}
