// Package fakegitlab is a fake GitLab for tests and the demo: a real HTTP server that behaves like
// GitLab's OAuth application APIs (shared/gitlab-api.md) — status codes, error bodies, validation,
// pagination, ownership — and lets tests look behind it: every request is recorded, applications can
// be changed behind the provider's back, faults can be injected and older GitLab versions played.
package fakegitlab

import (
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"
)

// Tokens registered on every fake GitLab.
const (
	AdminToken     = "glpat-fake-administrator-token"
	UserToken      = "glpat-fake-ordinary-user-token"
	OtherUserToken = "glpat-fake-other-user-token"
)

// Options make the fake play a particular GitLab.
type Options struct {
	// OmitScopes leaves `scopes` out of every answer, as GitLab did before it reported them.
	OmitScopes bool
	// NoUserApplications answers every /user/applications route with the catch-all 404 (GitLab < 19.0).
	NoUserApplications bool
	// NoRenewSecret answers renew-secret with the catch-all 404 (GitLab < 16.11).
	NoRenewSecret bool
	// AdminMode requires administrators' tokens to carry the admin_mode scope on instance routes.
	AdminMode bool
	// Scopes are the scopes the server is configured with; nil means every scope of GitLab 19.1.
	Scopes []string
}

// Application is an application as the fake stores it.
type Application struct {
	ID            int64
	OwnerID       int64 // 0 for an instance-wide application
	ApplicationID string
	Name          string
	RedirectURI   string
	Confidential  bool
	Scopes        []string
	secret        string
}

// Server is one fake GitLab.
type Server struct {
	opts Options

	mu       sync.Mutex
	apps     map[int64]*Application
	nextID   int64
	users    map[int64]*user
	tokens   map[string]*token
	requests []Request
	faults   []*Fault
	secrets  []string // every secret ever issued, for tests that search logs

	// URL is set once the server listens (NewTestServer, Serve).
	url string
}

type user struct {
	id       int64
	username string
	admin    bool
}

// TokenOptions describe a token's limits.
type TokenOptions struct {
	ReadOnly       bool // read_api instead of api: writes get 403 insufficient_scope
	Expired        bool
	Revoked        bool
	AdminModeScope bool // needed on instance routes when Options.AdminMode is on
}

type token struct {
	user *user
	TokenOptions
}

// New returns a fake GitLab with an administrator and two ordinary users, not yet listening.
func New(opts Options) *Server {
	s := &Server{opts: opts, apps: map[int64]*Application{}, users: map[int64]*user{}, tokens: map[string]*token{}, nextID: 1}
	admin := s.addUser("root", true)
	s.AddToken(admin, AdminToken, TokenOptions{AdminModeScope: true})
	s.AddToken(s.addUser("alice", false), UserToken, TokenOptions{})
	s.AddToken(s.addUser("bob", false), OtherUserToken, TokenOptions{})
	return s
}

// NewTestServer starts a fake GitLab on 127.0.0.1 for the test's lifetime.
func NewTestServer(t testing.TB, opts Options) *Server {
	t.Helper()
	s := New(opts)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	s.SetURL(ts.URL)
	return s
}

// SetURL records where the server listens (for pagination links).
func (s *Server) SetURL(url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.url = url
}

// URL is the base URL, without /api/v4.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// AddUser registers a user with a token of full (api) scope and returns the user's id.
func (s *Server) AddUser(username string, admin bool, tokenValue string) int64 {
	s.mu.Lock()
	id := s.addUserLocked(username, admin)
	s.mu.Unlock()
	s.AddToken(id, tokenValue, TokenOptions{AdminModeScope: admin})
	return id
}

func (s *Server) addUser(username string, admin bool) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addUserLocked(username, admin)
}

func (s *Server) addUserLocked(username string, admin bool) int64 {
	id := int64(len(s.users) + 1)
	s.users[id] = &user{id: id, username: username, admin: admin}
	return id
}

// AddToken gives the user another token, such as an expired or read-only one.
func (s *Server) AddToken(userID int64, value string, opts TokenOptions) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[value] = &token{user: s.users[userID], TokenOptions: opts}
}

// UserID returns the id of the token's user, or 0.
func (s *Server) UserID(tokenValue string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.tokens[tokenValue]; ok {
		return t.user.id
	}
	return 0
}

// Applications returns copies of every application, by id.
func (s *Server) Applications() []Application {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Application, 0, len(s.apps))
	for _, app := range s.apps {
		out = append(out, *app)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Application returns a copy of one application.
func (s *Server) Application(id int64) (Application, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	app, ok := s.apps[id]
	if !ok {
		return Application{}, false
	}
	return *app, true
}

// ModifyApplication changes an application behind the provider's back, as a user in GitLab's UI would.
func (s *Server) ModifyApplication(id int64, change func(*Application)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	app, ok := s.apps[id]
	if ok {
		change(app)
	}
	return ok
}

// DeleteApplication deletes an application behind the provider's back.
func (s *Server) DeleteApplication(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.apps[id]
	delete(s.apps, id)
	return ok
}

// IsValidSecret reports whether secret is the application's current secret.
func (s *Server) IsValidSecret(id int64, secret string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	app, ok := s.apps[id]
	return ok && secret != "" && app.secret == secret
}

// IssuedSecrets returns every secret the server ever issued, current or not.
func (s *Server) IssuedSecrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.secrets...)
}

// SeedApplications creates n applications for the owner (0: instance-wide) named prefix-00001 and so
// on, with redirect URI https://<name>.example.com/callback, scopes [api], confidential, and returns them.
func (s *Server) SeedApplications(ownerID int64, n int, prefix string) []Application {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Application, 0, n)
	for i := 1; i <= n; i++ {
		name := seedName(prefix, i)
		app := s.createLocked(ownerID, name, "https://"+name+".example.com/callback", []string{"api"}, true)
		out = append(out, *app)
	}
	return out
}

// Handler serves the fake GitLab.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}
