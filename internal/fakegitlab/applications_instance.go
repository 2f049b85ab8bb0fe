package fakegitlab

import "net/http"

// Instance-wide applications: /api/v4/applications, administrators only (routes.go checks that before
// any of these runs). GitLab has no GET and no PUT for one of them: reading one means listing all, and
// only the secret changes in place.

// listInstance answers every instance application at once: the route is not paginated, page and
// per_page are ignored and there are no pagination headers.
func (s *Server) listInstance(*call) *response {
	s.mu.Lock()
	list := s.renderAll(s.apps.owned(instanceOwner))
	s.mu.Unlock()
	return jsonResponse(http.StatusOK, list)
}

func (s *Server) createInstance(c *call) *response {
	return s.createApplication(c, instanceOwner, http.StatusCreated)
}

func (s *Server) deleteInstance(c *call) *response {
	return s.deleteApplication(c, instanceWide)
}

// renewInstanceSecret answers 201 with a new secret; the old one stops working at once.
func (s *Server) renewInstanceSecret(c *call) *response {
	return s.withApplication(c, instanceWide, func(app *Application) *response {
		s.issueSecret(app)
		return jsonResponse(http.StatusCreated, s.render(app, withSecret))
	})
}
