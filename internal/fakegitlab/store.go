package fakegitlab

import (
	"fmt"
	"slices"
	"sort"
)

// Application is an application as the fake stores it: one table for the three kinds, as GitLab's
// oauth_applications, told apart by the owner.
type Application struct {
	ID int64
	// OwnerID is the owning user's id for a user application, else InstanceOwner (0).
	OwnerID int64
	// GroupID is the owning group's id for a group application, else 0. An application with neither
	// an OwnerID nor a GroupID is instance-wide.
	GroupID       int64
	ApplicationID string // the OAuth client id: 64 lowercase hex digits
	Name          string
	RedirectURI   string // verbatim, possibly several URIs separated by whitespace
	Confidential  bool
	Scopes        []string
	secret        string // no API shows it again; IsValidSecret checks it
}

// owner is who an application belongs to: the instance (the zero value), a user or a group.
type owner struct {
	user, group int64
}

var instanceOwner = owner{}

func userOwner(id int64) owner { return owner{user: id} }

func groupOwner(id int64) owner { return owner{group: id} }

func (app *Application) owner() owner { return owner{user: app.OwnerID, group: app.GroupID} }

// appStore is the table of applications, indexed for the two questions the routes ask: one
// application by id, and one owner's applications in id order (every owner's list is sorted by id). Ids only
// grow, so a create appends to its owner's list and a page of a list is a slice of it: listing never
// scans or sorts the whole table, which keeps the fake fast with many thousands of applications.
//
// Stored Scopes slices are never changed in place (every change assigns a new slice), so rendered
// answers may share them and be encoded after the lock is released.
type appStore struct {
	byID    map[int64]*Application
	byOwner map[owner][]*Application
	nextID  int64
}

func newAppStore() appStore {
	return appStore{byID: map[int64]*Application{}, byOwner: map[owner][]*Application{}, nextID: 1}
}

// add gives the application the next id and stores it.
func (st *appStore) add(app *Application) {
	app.ID = st.nextID
	st.nextID++
	st.byID[app.ID] = app
	st.byOwner[app.owner()] = append(st.byOwner[app.owner()], app)
}

func (st *appStore) remove(id int64) bool {
	app, ok := st.byID[id]
	if !ok {
		return false
	}
	delete(st.byID, id)
	st.unindex(app)
	return true
}

func (st *appStore) unindex(app *Application) {
	key := app.owner()
	list := st.byOwner[key]
	if i, found := slices.BinarySearchFunc(list, app.ID, byID); found {
		list = slices.Delete(list, i, i+1)
	}
	if len(list) == 0 {
		delete(st.byOwner, key)
	} else {
		st.byOwner[key] = list
	}
}

func (st *appStore) index(app *Application) {
	key := app.owner()
	list := st.byOwner[key]
	i, _ := slices.BinarySearchFunc(list, app.ID, byID)
	st.byOwner[key] = slices.Insert(list, i, app)
}

func byID(app *Application, id int64) int {
	switch {
	case app.ID < id:
		return -1
	case app.ID > id:
		return 1
	}
	return 0
}

// owned is the owner's applications in id order; the slice belongs to the store.
func (st *appStore) owned(key owner) []*Application { return st.byOwner[key] }

// newApplication creates an application with a new client id and secret. Called with s.mu held.
func (s *Server) newApplication(key owner, name, redirectURI string, scopes []string, confidential bool) *Application {
	app := &Application{
		OwnerID: key.user, GroupID: key.group, ApplicationID: randomHex(32), Name: name, RedirectURI: redirectURI,
		Confidential: confidential, Scopes: scopes,
	}
	s.issueSecret(app)
	s.apps.add(app)
	return app
}

// issueSecret gives the application a new secret; the old one stops working at once. Called with
// s.mu held.
func (s *Server) issueSecret(app *Application) {
	app.secret = "gloas-" + randomHex(32)
	s.secrets = append(s.secrets, app.secret)
}

// --- State for tests: what GitLab's UI or database would show or change ------------------------------

// Applications returns copies of every application, instance-wide, users' and groups', in id order.
func (s *Server) Applications() []Application {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Application, 0, len(s.apps.byID))
	for _, app := range s.apps.byID {
		out = append(out, app.copy())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// ModifyApplication changes an application behind the provider's back, as someone in GitLab's UI
// would (rename, rescope, another redirect URI, even another owner or group), and reports whether it
// exists.
// change gets a copy, outside the server's lock (so it may call the Server), which is stored back
// afterwards unless the application was deleted meanwhile; the id and the secret cannot change. No
// validation runs.
func (s *Server) ModifyApplication(id int64, change func(*Application)) bool {
	changed, ok := s.copyOf(id)
	if !ok {
		return false
	}
	change(&changed)
	s.mu.Lock()
	defer s.mu.Unlock()
	app, ok := s.apps.byID[id]
	if !ok {
		return false
	}
	changed.ID, changed.secret = app.ID, app.secret
	changed.Scopes = slices.Clone(changed.Scopes)
	if changed.owner() != app.owner() {
		s.apps.unindex(app)
		*app = changed
		s.apps.index(app)
	} else {
		*app = changed
	}
	return true
}

// copyOf returns a copy of one application.
func (s *Server) copyOf(id int64) (Application, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	app, ok := s.apps.byID[id]
	if !ok {
		return Application{}, false
	}
	return app.copy(), true
}

// IsValidSecret reports whether secret is the application's current secret: the one from its create,
// or from its last renew-secret.
func (s *Server) IsValidSecret(id int64, secret string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	app, ok := s.apps.byID[id]
	return ok && secret != "" && app.secret == secret
}

// IssuedSecrets returns every secret the server ever issued, current or not, so tests can check that
// none leaks into logs or output.
func (s *Server) IssuedSecrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.secrets)
}

// SeedApplications creates n applications for the owner (InstanceOwner or a user id) named
// prefix-00001, prefix-00002 and so on, with redirect URI https://<name>.example.com/callback, scopes
// [api] and confidential, and returns them. The benchmark's configuration relies on this shape.
func (s *Server) SeedApplications(ownerID int64, n int, prefix string) []Application {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[ownerID]; !ok && ownerID != InstanceOwner {
		panic(fmt.Sprintf("fakegitlab: SeedApplications for unknown user %d", ownerID))
	}
	return s.seed(userOwner(ownerID), n, prefix)
}

// SeedGroupApplications creates n applications of the group, shaped as SeedApplications does.
func (s *Server) SeedGroupApplications(groupID int64, n int, prefix string) []Application {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.groups[groupID]; !ok {
		panic(fmt.Sprintf("fakegitlab: SeedGroupApplications for unknown group %d", groupID))
	}
	return s.seed(groupOwner(groupID), n, prefix)
}

// seed creates the applications of SeedApplications and SeedGroupApplications. Called with s.mu held.
func (s *Server) seed(key owner, n int, prefix string) []Application {
	out := make([]Application, 0, n)
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("%s-%05d", prefix, i)
		app := s.newApplication(key, name, "https://"+name+".example.com/callback", []string{"api"}, true)
		out = append(out, app.copy())
	}
	return out
}

func (app *Application) copy() Application {
	c := *app
	c.Scopes = slices.Clone(app.Scopes)
	return c
}
