package fakegitlab

import "net/http"

// What the two kinds of application routes share: create, the lookup of one application with its
// ownership rule, and delete. The instance and user files hold only what differs.

// createApplication is POST /applications and POST /user/applications: Grape's parameter checks, the
// model's validation, then the application, answered 201 with its secret.
func (s *Server) createApplication(c *call, owner int64) *response {
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
	app := s.newApplication(owner, in.name, in.redirectURI, in.scopes, in.confidential)
	e := s.render(app, withSecret)
	s.mu.Unlock()
	return jsonResponse(http.StatusCreated, e)
}

// ownership decides whether a route may touch an application that exists, or what it answers instead.
type ownership func(app *Application, c *call) *response

// instanceWide: the instance routes do not see users' applications at all (404).
func instanceWide(app *Application, _ *call) *response {
	if app.OwnerID != InstanceOwner {
		return applicationNotFound()
	}
	return nil
}

// callersOwn: the user routes refuse someone else's application, or an instance-wide one (403).
func callersOwn(app *Application, c *call) *response {
	if app.OwnerID != c.caller.user.id {
		return forbidden()
	}
	return nil
}

// withApplication runs do with the application of the path's :id, under s.mu, once it exists (else
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

// deleteApplication is DELETE on both kinds of routes: 204 with an empty body.
func (s *Server) deleteApplication(c *call, allowed ownership) *response {
	return s.withApplication(c, allowed, func(app *Application) *response {
		s.apps.remove(app.ID)
		return noContent()
	})
}
