package fakegitlab

import "net/http"

// What the three kinds of application routes share: list, create, the lookup of one application with
// its ownership rule, read, update and delete. The instance, user and group files hold only what
// differs.

// listOwned answers one page of the owner's applications, in id order, with pagination headers
// (/user/applications and /groups/:id/applications).
func (s *Server) listOwned(c *call, key owner) *response {
	page, refused := readPage(c.r)
	if refused != nil {
		return refused
	}
	s.mu.Lock()
	owned := s.apps.owned(key)
	total := len(owned)
	start, end := page.window(total)
	list := s.renderAll(owned[start:end])
	s.mu.Unlock()
	resp := jsonResponse(http.StatusOK, list)
	resp.header = page.headers(c, total)
	return resp
}

// createApplication is POST on every kind of route: Grape's parameter checks, the model's validation,
// then the application, answered with status (201 in GitLab) and its secret.
func (s *Server) createApplication(c *call, key owner, status int) *response {
	p, refused := readParams(c.r)
	if refused != nil {
		return refused
	}
	in, refused := p.createInput()
	if refused != nil {
		return refused
	}
	if refused := s.validate(in.name, in.redirectURI, in.scopes); refused != nil {
		return refused
	}
	s.mu.Lock()
	app := s.newApplication(key, in.name, in.redirectURI, in.scopes, in.confidential)
	e := s.render(app, withSecret)
	s.mu.Unlock()
	return jsonResponse(status, e)
}

// ownership decides whether a route may touch an application that exists, or what it answers instead.
type ownership func(app *Application, c *call) *response

// instanceWide: the instance routes do not see users' or groups' applications at all (404).
func instanceWide(app *Application, _ *call) *response {
	if app.owner() != instanceOwner {
		return applicationNotFound()
	}
	return nil
}

// callersOwn: the user routes refuse someone else's application, an instance-wide one or a group's (403).
func callersOwn(app *Application, c *call) *response {
	if app.owner() != userOwner(c.caller.user.id) {
		return forbidden()
	}
	return nil
}

// inPathsGroup: the group routes see only the applications of the path's group; any other is not
// found (404), like a deleted one.
func inPathsGroup(app *Application, c *call) *response {
	if app.owner() != groupOwner(c.group.ID) {
		return applicationNotFound()
	}
	return nil
}

// withApplication runs do with the application of the path's id, under s.mu, once it exists (else
// 404 Application Not Found) and the ownership rule allows it.
func (s *Server) withApplication(c *call, allowed ownership, do func(*Application) *response) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	app, ok := s.apps.byID[c.id]
	if !ok {
		return applicationNotFound()
	}
	if refused := allowed(app, c); refused != nil {
		return refused
	}
	return do(app)
}

// getApplication is GET of one user or group application: 200 without the secret.
func (s *Server) getApplication(c *call, allowed ownership) *response {
	return s.withApplication(c, allowed, func(app *Application) *response {
		return jsonResponse(http.StatusOK, s.render(app, withoutSecret))
	})
}

// updateApplication is PUT of a user or group application: it changes name and/or scopes and answers
// 200 without the secret; GitLab silently ignores redirect_uri and confidential here. The model
// validates the whole record, as Rails does on save.
func (s *Server) updateApplication(c *call, allowed ownership) *response {
	p, refused := readParams(c.r)
	if refused != nil {
		return refused
	}
	in, refused := p.updateInput()
	if refused != nil {
		return refused
	}
	return s.withApplication(c, allowed, func(app *Application) *response {
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

// deleteApplication is DELETE on every kind of route: 204 with an empty body.
func (s *Server) deleteApplication(c *call, allowed ownership) *response {
	return s.withApplication(c, allowed, func(app *Application) *response {
		s.apps.remove(app.ID)
		return noContent()
	})
}
