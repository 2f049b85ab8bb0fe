package fakegitlab

import "net/http"

// Applications of the caller: /api/v4/user/applications (GitLab 19.0+). Any authenticated user may
// call these routes; each sees and changes only their own applications. There is no renew-secret here.

// listUser answers one page of the caller's applications, in id order, with pagination headers.
func (s *Server) listUser(c *call) *response {
	page, refused := readPage(c.r)
	if refused != nil {
		return refused
	}
	s.mu.Lock()
	owned := s.apps.owned(c.caller.user.id)
	total := len(owned)
	start, end := page.window(total)
	list := s.renderAll(owned[start:end])
	s.mu.Unlock()
	resp := jsonResponse(http.StatusOK, list)
	resp.header = page.headers(c, total)
	return resp
}

func (s *Server) createUser(c *call) *response {
	return s.createApplication(c, c.caller.user.id)
}

func (s *Server) getUser(c *call) *response {
	return s.withApplication(c, callersOwn, func(app *Application) *response {
		return jsonResponse(http.StatusOK, s.render(app, withoutSecret))
	})
}

// updateUser changes name and/or scopes and answers 200 without the secret; GitLab silently ignores
// redirect_uri and confidential here. The model validates the whole record, as Rails does on save.
func (s *Server) updateUser(c *call) *response {
	p, refused := readParams(c.r)
	if refused != nil {
		return refused
	}
	in, refused := p.updateInput()
	if refused != nil {
		return refused
	}
	return s.withApplication(c, callersOwn, func(app *Application) *response {
		name, scopes := app.Name, app.Scopes
		if in.name != nil {
			name = *in.name
		}
		if in.scopes != nil {
			scopes = in.scopes
		}
		if refused := s.validate(name, app.RedirectURI, scopes); refused != nil {
			return refused
		}
		app.Name, app.Scopes = name, scopes
		return jsonResponse(http.StatusOK, s.render(app, withoutSecret))
	})
}

func (s *Server) deleteUser(c *call) *response {
	return s.deleteApplication(c, callersOwn)
}
