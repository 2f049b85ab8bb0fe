package fakegitlab

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"sort"
)

// entity renders an application as GitLab's API entity; the secret only when GitLab shows it
// (create and renew).
func (s *Server) entity(app *Application, withSecret bool) map[string]any {
	e := map[string]any{
		"id": app.ID, "application_id": app.ApplicationID, "application_name": app.Name,
		"callback_url": app.RedirectURI, "confidential": app.Confidential,
	}
	if !s.opts.OmitScopes {
		e["scopes"] = append([]string{}, app.Scopes...)
	}
	if withSecret {
		e["secret"] = app.secret
	}
	return e
}

func (s *Server) createLocked(ownerID int64, name, redirectURI string, scopes []string, confidential bool) *Application {
	app := &Application{
		ID: s.nextID, OwnerID: ownerID, ApplicationID: randomHex(32), Name: name, RedirectURI: redirectURI,
		Confidential: confidential, Scopes: scopes,
	}
	s.issueSecretLocked(app)
	s.nextID++
	s.apps[app.ID] = app
	return app
}

// create validates the parameters like GitLab and creates an application for the owner.
func (s *Server) create(w http.ResponseWriter, r *http.Request, ownerID int64) {
	p, err := readParams(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error()})
		return
	}
	if missing := p.missing(); missing != "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": missing})
		return
	}
	scopes := splitScopes(p.value("scopes"))
	if errs := s.validate(p.value("name"), p.value("redirect_uri"), scopes); len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": errs})
		return
	}
	s.mu.Lock()
	app := s.createLocked(ownerID, p.value("name"), p.value("redirect_uri"), scopes, p.boolean("confidential", true))
	body := s.entity(app, true)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, body)
}

// owned lists the owner's applications by id.
func (s *Server) owned(ownerID int64) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int64, 0, len(s.apps))
	for id, app := range s.apps {
		if app.OwnerID == ownerID {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	out := make([]map[string]any, len(ids))
	for i, id := range ids {
		out[i] = s.entity(s.apps[id], false)
	}
	return out
}

// --- Instance-wide applications: /applications --------------------------------------------------

func (s *Server) listInstance(w http.ResponseWriter, _ *http.Request, _ *token) {
	// One answer with every application: GitLab ignores page and per_page here.
	writeJSON(w, http.StatusOK, s.owned(0))
}

func (s *Server) createInstance(w http.ResponseWriter, r *http.Request, _ *token) {
	s.create(w, r, 0)
}

func (s *Server) deleteInstance(w http.ResponseWriter, id int64) {
	s.mu.Lock()
	app, ok := s.apps[id]
	if ok && app.OwnerID == 0 {
		delete(s.apps, id)
	}
	s.mu.Unlock()
	if !ok || app.OwnerID != 0 {
		applicationNotFound(w)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) renewSecret(w http.ResponseWriter, id int64) {
	s.mu.Lock()
	app, ok := s.apps[id]
	var body map[string]any
	if ok && app.OwnerID == 0 {
		s.issueSecretLocked(app)
		body = s.entity(app, true)
	}
	s.mu.Unlock()
	if body == nil {
		applicationNotFound(w)
		return
	}
	writeJSON(w, http.StatusCreated, body)
}

// --- Applications of the caller: /user/applications (GitLab 19.0+) -------------------------------

func (s *Server) listUser(w http.ResponseWriter, r *http.Request, caller *token) {
	paginate(w, r, s.URL(), s.owned(caller.user.id))
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, caller *token) {
	s.create(w, r, caller.user.id)
}

// ownedBy finds the caller's application: 404 when it does not exist, 403 when it is someone else's
// (or instance-wide). Called with s.mu held.
func (s *Server) ownedBy(w http.ResponseWriter, caller *token, id int64) *Application {
	app, ok := s.apps[id]
	switch {
	case !ok:
		applicationNotFound(w)
		return nil
	case app.OwnerID != caller.user.id:
		forbidden(w)
		return nil
	}
	return app
}

func (s *Server) getUser(w http.ResponseWriter, caller *token, id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if app := s.ownedBy(w, caller, id); app != nil {
		writeJSON(w, http.StatusOK, s.entity(app, false))
	}
}

// updateUser changes name and scopes; GitLab silently ignores redirect_uri and confidential here.
func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, caller *token, id int64) {
	p, err := readParams(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error()})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	app := s.ownedBy(w, caller, id)
	if app == nil {
		return
	}
	name, scopes := app.Name, app.Scopes
	if p.has("name") {
		name = p.value("name")
	}
	if p.has("scopes") {
		scopes = splitScopes(p.value("scopes"))
		if len(scopes) == 0 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": "scopes is empty"})
			return
		}
	}
	if errs := s.validate(name, app.RedirectURI, scopes); len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": errs})
		return
	}
	app.Name, app.Scopes = name, scopes
	writeJSON(w, http.StatusOK, s.entity(app, false))
}

func (s *Server) deleteUser(w http.ResponseWriter, caller *token, id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if app := s.ownedBy(w, caller, id); app != nil {
		delete(s.apps, id)
		w.WriteHeader(http.StatusNoContent)
	}
}

// issueSecretLocked gives the application a new secret; the old one stops working.
func (s *Server) issueSecretLocked(app *Application) {
	app.secret = "gloas-" + randomHex(32)
	s.secrets = append(s.secrets, app.secret)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func seedName(prefix string, i int) string { return fmt.Sprintf("%s-%05d", prefix, i) }
