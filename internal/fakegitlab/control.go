package fakegitlab

import (
	"net/http"
	"strconv"
)

// serveControl serves /-/fake/..., for the benchmark and the demo, which run the fake as a process:
// GET stats (request counts), POST reset-stats, POST seed?count=N&owner=instance|<username>&prefix=P.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/-/fake/stats" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, s.Stats())
	case r.URL.Path == "/-/fake/reset-stats" && r.Method == http.MethodPost:
		s.ResetRequests()
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/-/fake/seed" && r.Method == http.MethodPost:
		q := r.URL.Query()
		count, err := strconv.Atoi(q.Get("count"))
		if err != nil || count < 0 || count > 100000 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": "count must be a number from 0 to 100000"})
			return
		}
		owner, ok := s.ownerByName(q.Get("owner"))
		if !ok {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": "owner must be instance or a username"})
			return
		}
		prefix := q.Get("prefix")
		if prefix == "" {
			prefix = "seeded"
		}
		apps := s.SeedApplications(owner, count, prefix)
		ids := make([]int64, len(apps))
		for i, app := range apps {
			ids[i] = app.ID
		}
		writeJSON(w, http.StatusCreated, map[string]any{"ids": ids})
	default:
		notFoundRoute(w)
	}
}

func (s *Server) ownerByName(name string) (int64, bool) {
	if name == "" || name == "instance" {
		return 0, true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, u := range s.users {
		if u.username == name {
			return id, true
		}
	}
	return 0, false
}
