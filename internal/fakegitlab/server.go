// Package fakegitlab is a fake GitLab for tests, the demo and the benchmark: a real HTTP server that
// behaves like GitLab's OAuth application APIs (status codes, error bodies, Grape's and the model's
// validation, pagination, ownership, admin mode) and lets tests look behind it: every request is
// recorded, applications can be changed behind the provider's back, faults can be injected and older
// GitLab versions played.
//
// One Server holds one GitLab instance: a single table of applications (instance-wide ones and those
// of users and of groups, with ids from one sequence, as in GitLab's oauth_applications table), its
// users and their tokens, and its groups with their members. Every method is safe for concurrent use,
// so parallel acceptance tests and the provider's concurrent Reads can hit one fake at once.
package fakegitlab

import (
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabscopes"
)

// Tokens registered on every fake GitLab, so tests need no setup for the common cases.
const (
	// AdminToken belongs to AdminUsername, an administrator; it carries the admin_mode scope.
	AdminToken = "glpat-fake-administrator-token"
	// UserToken belongs to UserUsername, an ordinary user.
	UserToken = "glpat-fake-ordinary-user-token"
	// OtherUserToken belongs to OtherUsername, another ordinary user (for "someone else's" cases).
	OtherUserToken = "glpat-fake-other-user-token"
)

// Usernames of the users registered on every fake GitLab (ids 1, 2 and 3).
const (
	AdminUsername = "root"
	UserUsername  = "alice"
	OtherUsername = "bob"
)

// InstanceOwner is the OwnerID of an instance-wide application (user ids start at 1).
const InstanceOwner int64 = 0

// Options make the fake play a particular GitLab. The zero value is a current GitLab (19.6) with
// every feature on.
type Options struct {
	// OmitScopes leaves `scopes` out of every answer, as GitLab did before it reported them.
	OmitScopes bool
	// NoUserApplications answers every /user/applications route with the catch-all 404 (GitLab < 19.0).
	NoUserApplications bool
	// NoGroupApplications answers every /groups/:id/applications route with the catch-all 404
	// (GitLab < 19.6).
	NoGroupApplications bool
	// GroupCreateStatus200 and UnpaginatedGroupList play a GitLab whose group applications API answers
	// otherwise than the fake's default reading of GitLab's documentation: create answers 200 instead of
	// 201, and the list sends every application at once, ignoring page and per_page, without pagination
	// headers.
	GroupCreateStatus200 bool
	UnpaginatedGroupList bool
	// NoRenewSecret answers renew-secret with the catch-all 404 (GitLab < 16.11).
	NoRenewSecret bool
	// AdminMode turns on GitLab's admin mode: an administrator's token also needs the admin_mode scope
	// (TokenOptions.AdminModeScope), or GitLab treats it as an ordinary user's (403 on instance routes).
	AdminMode bool
	// Scopes are the scopes the server is configured with, to play an older GitLab or one without
	// some features; nil means every scope of GitLab 19.1 (gitlabscopes.BuiltIn). `user:<name>` is always valid.
	// The discovery document lists them as scopes_supported.
	Scopes []string
	// ExtraScopes are added to Scopes: scopes of a GitLab newer than the provider's built-in list.
	ExtraScopes []string
	// HideDiscovery answers /.well-known/openid-configuration with 404, as a proxy that blocks it does.
	HideDiscovery bool
	// RequestLogLimit keeps only about the last RequestLogLimit requests in Requests() (0: all of
	// them), for long-running processes. Counts (CountRequests, Stats) stay exact.
	RequestLogLimit int
	// OnRequest, when set, is called with every request once it is answered (or cut), from the
	// request's goroutine: for example to t.Log what the provider did.
	OnRequest func(Request)
}

// Server is one fake GitLab. Create it with New and serve Handler (fakegitlabtest.NewTestServer does both for a test).
type Server struct {
	opts   Options
	scopes []string // the configured scopes, in order, for validation and the discovery document

	// mu guards the state below; the request log and the faults have locks of their own, so that
	// recording a request never waits for a big list to be rendered.
	mu      sync.Mutex
	apps    appStore
	users   map[int64]*user
	groups  map[int64]*group
	tokens  map[string]*token
	secrets []string // every secret ever issued, for tests that search logs for them
	url     string

	// router routes every request but the control routes (see newRouter); it is set once in New.
	router *http.ServeMux
	log    requestLog
	faults faultQueue
	// tokenChecks measures how many token endpoint requests run at once.
	tokenChecks inFlightGauge
	// tokenIntercepts are the answers of a gateway in front of the token endpoint, per client id
	// (InterceptTokenRequests).
	tokenIntercepts tokenIntercepts
}

// New returns a fake GitLab, not yet listening, with the users AdminUsername, UserUsername and
// OtherUsername and their tokens AdminToken, UserToken and OtherUserToken, and the groups GroupPath
// and OtherGroupPath.
func New(opts Options) *Server {
	s := &Server{
		opts:   opts,
		apps:   newAppStore(),
		users:  map[int64]*user{},
		groups: map[int64]*group{},
		tokens: map[string]*token{},
		log:    newRequestLog(opts.RequestLogLimit),
	}
	s.router = s.newRouter()
	s.scopes = slices.Clone(opts.Scopes)
	if opts.Scopes == nil {
		s.scopes = gitlabscopes.BuiltIn()
	}
	s.scopes = append(s.scopes, opts.ExtraScopes...)
	s.AddToken(s.addUser(AdminUsername, true), AdminToken, TokenOptions{AdminModeScope: true})
	user := s.addUser(UserUsername, false)
	other := s.addUser(OtherUsername, false)
	s.AddToken(user, UserToken, TokenOptions{})
	s.AddToken(other, OtherUserToken, TokenOptions{})
	s.addDefaultGroups(user, other)
	return s
}

// SetURL records where the server listens, for URL. fakegitlabtest's servers call it; a
// program that serves Handler itself should too. (Pagination links use the request's own URL.)
func (s *Server) SetURL(url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.url = url
}

// URL is the base URL, such as http://127.0.0.1:41234, without /api/v4.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// Handler serves the fake GitLab: the API under /api/v4 and the control routes under /-/fake/.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

// serveHTTP records the request, applies an injected fault if one matches, then routes it like GitLab.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if isControlPath(r.URL.Path) {
		s.serveControl(w, r)
		return
	}
	seq := s.log.begin(r)
	rec := &statusRecorder{ResponseWriter: w}
	defer func() {
		if req, ok := s.log.finish(seq, rec.status); ok && s.opts.OnRequest != nil {
			s.opts.OnRequest(req)
		}
	}()
	r.Body = http.MaxBytesReader(rec, r.Body, maxBodyBytes)
	// What a proxy gave up on and GitLab finished by now is visible to this request.
	s.faults.late.doDue(time.Now())
	if fault, ok := s.faults.take(r.Method, r.URL.EscapedPath()); ok {
		s.applyFault(fault, rec, r)
		return
	}
	s.route(rec, r)
}

// maxBodyBytes bounds a request body; GitLab's parameters are a few hundred bytes.
const maxBodyBytes = 1 << 20
