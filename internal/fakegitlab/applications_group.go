package fakegitlab

import "net/http"

// Applications of a group: /api/v4/groups/:id/applications (GitLab 19.6+). routes.go has found the
// group and checked that the caller owns it (or is an administrator) before any of these runs. The
// routes mirror the user applications': list, create, read, update (name and scopes) and delete, with
// no renew-secret; an application of another group is not found here.

// listGroup answers one page of the group's applications, in id order, with pagination headers; with
// Options.UnpaginatedGroupList, all of them at once without any.
func (s *Server) listGroup(c *call) *response {
	if !s.opts.UnpaginatedGroupList {
		return s.listOwned(c, groupOwner(c.group.ID))
	}
	s.mu.Lock()
	list := s.renderAll(s.apps.owned(groupOwner(c.group.ID)))
	s.mu.Unlock()
	return jsonResponse(http.StatusOK, list)
}

// createGroup answers 201, or 200 with Options.GroupCreateStatus200.
func (s *Server) createGroup(c *call) *response {
	status := http.StatusCreated
	if s.opts.GroupCreateStatus200 {
		status = http.StatusOK
	}
	return s.createApplication(c, groupOwner(c.group.ID), status)
}

func (s *Server) getGroup(c *call) *response {
	return s.getApplication(c, inPathsGroup)
}

func (s *Server) updateGroup(c *call) *response {
	return s.updateApplication(c, inPathsGroup)
}

func (s *Server) deleteGroup(c *call) *response {
	return s.deleteApplication(c, inPathsGroup)
}
