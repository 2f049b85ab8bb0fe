package fakegitlab

import (
	"net/http"
	"path"
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

// route is one of GitLab's API routes. Routing happens before authentication, as in Grape: a path
// GitLab has no route for gets the catch-all 404 even without a token. The checks then run in GitLab's
// order: the token (authenticate!), the route's before block (the instance routes' administrator, the
// group routes' group and role), Grape's validation of the application id, then the handler (which
// checks its other parameters first).
type route struct {
	// pattern is an http.ServeMux pattern. {id} is the application id, except on the group routes,
	// where it is the group (its id or URL-encoded full path) and {application_id} the application.
	// A GET pattern serves HEAD too, as in Grape.
	pattern string
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

// apiRoutes are the API routes the fake knows; anything else under /api/v4 is the catch-all 404.
// There is deliberately no GET or PUT for one instance application: GitLab has neither.
var apiRoutes = []route{
	{pattern: "GET /api/v4/user", exists: always, handle: (*Server).currentUser},

	{pattern: "GET /api/v4/applications", adminOnly: true, exists: always, handle: (*Server).listInstance},
	{pattern: "POST /api/v4/applications", adminOnly: true, exists: always, handle: (*Server).createInstance},
	{pattern: "DELETE /api/v4/applications/{id}", adminOnly: true, exists: always, handle: (*Server).deleteInstance},
	{pattern: "POST /api/v4/applications/{id}/renew-secret", adminOnly: true, exists: renewSecretExists, handle: (*Server).renewInstanceSecret},

	{pattern: "GET /api/v4/user/applications", exists: userApplicationsExist, handle: (*Server).listUser},
	{pattern: "POST /api/v4/user/applications", exists: userApplicationsExist, handle: (*Server).createUser},
	{pattern: "GET /api/v4/user/applications/{id}", exists: userApplicationsExist, handle: (*Server).getUser},
	{pattern: "PUT /api/v4/user/applications/{id}", exists: userApplicationsExist, handle: (*Server).updateUser},
	{pattern: "DELETE /api/v4/user/applications/{id}", exists: userApplicationsExist, handle: (*Server).deleteUser},

	{pattern: "GET /api/v4/groups/{id}/applications", inGroup: true, exists: groupApplicationsExist, handle: (*Server).listGroup},
	{pattern: "POST /api/v4/groups/{id}/applications", inGroup: true, exists: groupApplicationsExist, handle: (*Server).createGroup},
	{pattern: "GET /api/v4/groups/{id}/applications/{application_id}", inGroup: true, exists: groupApplicationsExist, handle: (*Server).getGroup},
	{pattern: "PUT /api/v4/groups/{id}/applications/{application_id}", inGroup: true, exists: groupApplicationsExist, handle: (*Server).updateGroup},
	{pattern: "DELETE /api/v4/groups/{id}/applications/{application_id}", inGroup: true, exists: groupApplicationsExist, handle: (*Server).deleteGroup},
}

// newRouter routes every path but the control routes, in one table: the API routes of the GitLab the
// Options play, the pages outside the API, and the catch-alls. ServeMux matches the path as sent,
// segment by segment, and decodes each segment on its own, as Rails does: a group's full path travels
// URL-encoded in one segment (acme%2Fplatform) and stays one. The catch-all patterns match every
// method, so a known path asked with another method gets GitLab's 404, not ServeMux's 405.
func (s *Server) newRouter() *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range apiRoutes {
		if rt.exists(s.opts) {
			mux.Handle(rt.pattern, s.apiHandler(rt))
		}
	}
	mux.HandleFunc(discoveryPath, s.serveDiscovery)
	mux.HandleFunc(tokenPath, s.serveToken)
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { notFoundPage(w) })
	mux.HandleFunc("/api/v4", func(w http.ResponseWriter, _ *http.Request) { routeNotFound().write(w) })
	mux.HandleFunc("/api/v4/", func(w http.ResponseWriter, _ *http.Request) { routeNotFound().write(w) })
	return mux
}

// route answers a request like GitLab. Under /api/v4 a trailing slash names the same route (Rails
// drops it), and a path with an empty or a dot segment, which ServeMux would redirect to its cleaned
// form, has no route.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	escaped := r.URL.EscapedPath()
	if strings.HasPrefix(escaped, "/api/v4/") {
		trimmed := strings.TrimRight(escaped, "/")
		if path.Clean(trimmed) != trimmed {
			routeNotFound().write(w)
			return
		}
		if trimmed != escaped {
			r = r.Clone(r.Context())
			r.URL.RawPath = trimmed
			r.URL.Path = strings.TrimRight(r.URL.Path, "/")
		}
	}
	s.router.ServeHTTP(w, r)
}

// apiHandler runs GitLab's checks for a route, then its handler.
func (s *Server) apiHandler(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.dispatch(rt, r).write(w)
	})
}

func (s *Server) dispatch(rt route, r *http.Request) *response {
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
		if c.group, refused = s.findGroup(c, r.PathValue("id")); refused != nil {
			return refused
		}
	}
	if rawID := r.PathValue(appParam); rawID != "" {
		id, err := strconv.ParseInt(rawID, 10, 64)
		if err != nil {
			return grapeError(appParam + " is invalid")
		}
		c.id = id
	}
	return rt.handle(s, c)
}
