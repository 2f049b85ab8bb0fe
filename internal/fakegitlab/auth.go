package fakegitlab

import (
	"net/http"
	"strings"
)

// authenticate finds the caller's token (PRIVATE-TOKEN or Authorization: Bearer) and answers 401 like
// GitLab when there is none or it no longer works.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (*token, bool) {
	value := r.Header.Get("Private-Token")
	if value == "" {
		value, _ = strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	}
	s.mu.Lock()
	t, ok := s.tokens[value]
	s.mu.Unlock()
	switch {
	case !ok:
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401 Unauthorized"})
		return nil, false
	case t.Expired:
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_token", "error_description": "Token is expired. You can either do re-authorization or token refresh."})
		return nil, false
	case t.Revoked:
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_token", "error_description": "Token was revoked. You have to re-authorize from the user."})
		return nil, false
	}
	if t.ReadOnly && r.Method != http.MethodGet && r.Method != http.MethodHead {
		insufficientScope(w)
		return nil, false
	}
	return t, true
}

func insufficientScope(w http.ResponseWriter) {
	writeJSON(w, http.StatusForbidden, map[string]any{
		"error":             "insufficient_scope",
		"error_description": "The request requires higher privileges than provided by the access token.",
		"scope":             "api",
	})
}

// onlyAdmin guards the instance routes: administrators only, and with admin mode on, only tokens with
// the admin_mode scope.
func (s *Server) onlyAdmin(w http.ResponseWriter, r *http.Request, caller *token, next func(http.ResponseWriter, *http.Request, *token)) {
	if !caller.user.admin || (s.opts.AdminMode && !caller.AdminModeScope) {
		forbidden(w)
		return
	}
	next(w, r, caller)
}

func forbidden(w http.ResponseWriter) {
	writeJSON(w, http.StatusForbidden, map[string]any{"message": "403 Forbidden"})
}

func notFoundRoute(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, map[string]any{"error": "404 Not Found"})
}

func applicationNotFound(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Application Not Found"})
}
