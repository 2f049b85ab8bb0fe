package fakegitlab

import (
	"net/http"
	"strconv"
	"strings"
)

// serveHTTP records the request, applies any injected fault, then routes it like GitLab.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/-/fake/") {
		s.serveControl(w, r)
		return
	}
	rec := &statusRecorder{ResponseWriter: w}
	entry := s.record(r)
	defer func() { s.setStatus(entry, rec.status) }()
	if fault := s.takeFault(r); fault != nil {
		fault.apply(rec, r, func(w http.ResponseWriter) { s.route(w, r) })
		return
	}
	s.route(rec, r)
}

// route dispatches /api/v4 like GitLab's Grape API; anything else is the catch-all 404.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	path, ok := strings.CutPrefix(r.URL.Path, "/api/v4/")
	if !ok {
		notFoundRoute(w)
		return
	}
	caller, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case path == "user" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"id": caller.user.id, "username": caller.user.username, "is_admin": caller.user.admin, "state": "active"})
	case parts[0] == "applications":
		s.routeInstance(w, r, caller, parts[1:])
	case len(parts) >= 2 && parts[0] == "user" && parts[1] == "applications" && !s.opts.NoUserApplications:
		s.routeUser(w, r, caller, parts[2:])
	default:
		notFoundRoute(w)
	}
}

func (s *Server) routeInstance(w http.ResponseWriter, r *http.Request, caller *token, rest []string) {
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
		s.onlyAdmin(w, r, caller, s.listInstance)
	case len(rest) == 0 && r.Method == http.MethodPost:
		s.onlyAdmin(w, r, caller, s.createInstance)
	case len(rest) == 1 && r.Method == http.MethodDelete:
		s.withID(w, rest[0], func(id int64) {
			s.onlyAdmin(w, r, caller, func(w http.ResponseWriter, r *http.Request, _ *token) { s.deleteInstance(w, id) })
		})
	case len(rest) == 2 && rest[1] == "renew-secret" && r.Method == http.MethodPost && !s.opts.NoRenewSecret:
		s.withID(w, rest[0], func(id int64) {
			s.onlyAdmin(w, r, caller, func(w http.ResponseWriter, r *http.Request, _ *token) { s.renewSecret(w, id) })
		})
	default:
		notFoundRoute(w)
	}
}

func (s *Server) routeUser(w http.ResponseWriter, r *http.Request, caller *token, rest []string) {
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
		s.listUser(w, r, caller)
	case len(rest) == 0 && r.Method == http.MethodPost:
		s.createUser(w, r, caller)
	case len(rest) == 1 && r.Method == http.MethodGet:
		s.withID(w, rest[0], func(id int64) { s.getUser(w, caller, id) })
	case len(rest) == 1 && r.Method == http.MethodPut:
		s.withID(w, rest[0], func(id int64) { s.updateUser(w, r, caller, id) })
	case len(rest) == 1 && r.Method == http.MethodDelete:
		s.withID(w, rest[0], func(id int64) { s.deleteUser(w, caller, id) })
	default:
		notFoundRoute(w)
	}
}

// withID parses a path id as Grape does: a non-integer is 400 "id is invalid".
func (s *Server) withID(w http.ResponseWriter, raw string, next func(int64)) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "id is invalid"})
		return
	}
	next(id)
}
