package fakegitlab

import "net/http"

// Applications of the caller: /api/v4/user/applications (GitLab 19.0+). Any authenticated user may
// call these routes; each sees and changes only their own applications. There is no renew-secret here.

// listUser answers one page of the caller's applications, in id order, with pagination headers.
func (s *Server) listUser(c *call) *response {
	return s.listOwned(c, userOwner(c.caller.user.id))
}

func (s *Server) createUser(c *call) *response {
	return s.createApplication(c, userOwner(c.caller.user.id), http.StatusCreated)
}

func (s *Server) getUser(c *call) *response {
	return s.getApplication(c, callersOwn)
}

func (s *Server) updateUser(c *call) *response {
	return s.updateApplication(c, callersOwn)
}

func (s *Server) deleteUser(c *call) *response {
	return s.deleteApplication(c, callersOwn)
}
