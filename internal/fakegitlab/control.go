package fakegitlab

import (
	"net/http"
	"strconv"
	"strings"
)

// Control routes, outside /api/v4, for the demo and the benchmark, which run the fake as a process and
// cannot call its methods. They need no token, are not recorded, and are not faulted.
const controlPrefix = "/-/fake/"

func isControlPath(path string) bool { return strings.HasPrefix(path, controlPrefix) }

// maxSeed bounds one seed request.
const maxSeed = 100_000

// serveControl serves
//
//	GET  /-/fake/stats                                       request counts per "METHOD path" (ids as :id)
//	POST /-/fake/reset-stats                                 empties the request log (204)
//	POST /-/fake/seed?count=N&owner=instance|<username>&prefix=P   SeedApplications (201, {"ids":[...]})
//	POST /-/fake/seed?count=N&group=<full path>&prefix=P           SeedGroupApplications (201, {"ids":[...]})
//	GET  /-/fake/token-peak                                  {"peak_in_flight":N}: the most token endpoint requests at once since the last ask
//	POST /-/fake/renew-secret?id=N                           RenewSecretOutside, any kind (204; 404 when there is no such application)
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	switch route := r.Method + " " + strings.TrimPrefix(r.URL.Path, controlPrefix); route {
	case "GET stats":
		jsonResponse(http.StatusOK, s.Stats()).write(w)
	case "POST reset-stats":
		s.ResetRequests()
		noContent().write(w)
	case "POST seed":
		s.controlSeed(r).write(w)
	case "GET token-peak":
		jsonResponse(http.StatusOK, map[string]int{"peak_in_flight": s.TokenRequestsPeak()}).write(w)
	case "POST renew-secret":
		s.controlRenewSecret(r).write(w)
	default:
		jsonResponse(http.StatusNotFound, map[string]string{"error": "unknown control route " + route}).write(w)
	}
}

func (s *Server) controlSeed(r *http.Request) *response {
	q := r.URL.Query()
	count, err := strconv.Atoi(q.Get("count"))
	if err != nil || count < 0 || count > maxSeed {
		return grapeError("count must be a number from 0 to " + strconv.Itoa(maxSeed))
	}
	prefix := q.Get("prefix")
	if prefix == "" {
		prefix = "seeded"
	}
	var apps []Application
	if path := q.Get("group"); path != "" {
		if q.Has("owner") {
			return grapeError("owner and group are mutually exclusive")
		}
		g, ok := s.GroupByPath(path)
		if !ok {
			return grapeError("group must be the full path of a group")
		}
		apps = s.SeedGroupApplications(g.ID, count, prefix)
	} else {
		owner := InstanceOwner
		if name := q.Get("owner"); name != "" && name != "instance" {
			id, ok := s.userByName(name)
			if !ok {
				return grapeError("owner must be instance or a username")
			}
			owner = id
		}
		apps = s.SeedApplications(owner, count, prefix)
	}
	ids := make([]int64, len(apps))
	for i, app := range apps {
		ids[i] = app.ID
	}
	return jsonResponse(http.StatusCreated, map[string][]int64{"ids": ids})
}

func (s *Server) controlRenewSecret(r *http.Request) *response {
	id, err := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
	if err != nil {
		return grapeError("id must be an application id")
	}
	if !s.RenewSecretOutside(id) {
		return applicationNotFound()
	}
	return noContent()
}
