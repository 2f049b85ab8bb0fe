package fakegitlab

// entity is GitLab's API::Entities::Application (and ApplicationWithSecret), the one shape of every
// answer about an application on both kinds of routes.
type entity struct {
	ID            int64    `json:"id"`
	ApplicationID string   `json:"application_id"`
	Name          string   `json:"application_name"`
	CallbackURL   string   `json:"callback_url"`
	Confidential  bool     `json:"confidential"`
	Scopes        []string `json:"scopes,omitzero"` // nil: left out, as older GitLab does
	Secret        string   `json:"secret,omitempty"`
}

// secretShown says whether an answer carries the secret: only create and renew-secret do.
type secretShown bool

const (
	withSecret    secretShown = true
	withoutSecret secretShown = false
)

// render turns an application into its entity. Called with s.mu held; the entity shares the stored
// Scopes slice, which is never changed in place, so it can be encoded after the lock is released.
func (s *Server) render(app *Application, secret secretShown) entity {
	e := entity{
		ID: app.ID, ApplicationID: app.ApplicationID, Name: app.Name,
		CallbackURL: app.RedirectURI, Confidential: app.Confidential,
	}
	if !s.opts.OmitScopes {
		e.Scopes = app.Scopes
		if e.Scopes == nil {
			e.Scopes = []string{}
		}
	}
	if secret {
		e.Secret = app.secret
	}
	return e
}

// renderAll renders a list of applications. Called with s.mu held.
func (s *Server) renderAll(apps []*Application) []entity {
	out := make([]entity, len(apps))
	for i, app := range apps {
		out[i] = s.render(app, withoutSecret)
	}
	return out
}
