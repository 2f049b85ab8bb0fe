package fakegitlab

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
)

// user is a GitLab user; administrators may use the instance routes.
type user struct {
	id       int64
	username string
	admin    bool
}

// TokenOptions describe a token's limits, to play the ways GitLab refuses a token.
type TokenOptions struct {
	// ReadOnly gives the token read_api instead of api: GET works, writes get 403 insufficient_scope.
	ReadOnly bool
	// Expired and Revoked tokens get 401 invalid_token with GitLab's description.
	Expired bool
	Revoked bool
	// AdminModeScope is the admin_mode scope, which an administrator's token needs on instance routes
	// when Options.AdminMode is on.
	AdminModeScope bool
	// OAuth makes it an OAuth access token (one an application obtained for the user) instead of a
	// personal, group or project access token: GitLab finds it only in `Authorization: Bearer` or the
	// access_token parameter, never in PRIVATE-TOKEN or private_token.
	OAuth bool
}

type token struct {
	user *user
	TokenOptions
}

func (s *Server) addUser(username string, admin bool) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		if u.username == username {
			panic(fmt.Sprintf("fakegitlab: user %q already exists", username))
		}
	}
	id := int64(len(s.users) + 1)
	s.users[id] = &user{id: id, username: username, admin: admin}
	return id
}

// AddToken gives the user another token, such as an expired or read-only one, and returns it: value,
// or a new random token when value is empty (64 hex digits for an OAuth access token, as Doorkeeper's). An existing token of that value is replaced. It panics on
// an unknown user id, which is a bug in the test.
func (s *Server) AddToken(userID int64, value string, opts TokenOptions) string {
	switch {
	case value == "" && opts.OAuth:
		value = randomHex(32)
	case value == "":
		value = "glpat-" + randomHex(10)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[userID]
	if !ok {
		panic(fmt.Sprintf("fakegitlab: AddToken for unknown user %d", userID))
	}
	s.tokens[value] = &token{user: u, TokenOptions: opts}
	return value
}

// RemoveToken deletes a token: requests with it get 401 like any unknown token.
func (s *Server) RemoveToken(value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tokens, value)
}

// UserID returns the id of the token's user, or 0 for an unknown token.
func (s *Server) UserID(token string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.tokens[token]; ok {
		return t.user.id
	}
	return 0
}

// userByName finds a user's id by username.
func (s *Server) userByName(username string) (int64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, u := range s.users {
		if u.username == username {
			return id, true
		}
	}
	return 0, false
}

// credentials finds the token where GitLab looks (Gitlab::Auth::AuthFinders): the PRIVATE-TOKEN
// header, a Bearer token, then the private_token and access_token query parameters. accessTokenOnly
// says it was found where GitLab looks for a personal (group, project) access token alone: PRIVATE-TOKEN
// and private_token; an OAuth access token is found only in a Bearer token or access_token. A
// JOB-TOKEN is not looked at: CI job tokens cannot use these routes.
func credentials(r *http.Request) (value string, accessTokenOnly bool) {
	if v := r.Header.Get("Private-Token"); v != "" {
		return v, true
	}
	if v, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return strings.TrimSpace(v), false
	}
	q := r.URL.Query()
	if v := q.Get("private_token"); v != "" {
		return v, true
	}
	return q.Get("access_token"), false
}

// authenticate is GitLab's authenticate!: 401 for a missing or unknown token (an OAuth access token
// where only access tokens are looked for is unknown there), 401 invalid_token for an expired or
// revoked one (in that order, as AccessTokenValidationService checks), 403 insufficient_scope when a
// read_api token tries to write.
func (s *Server) authenticate(r *http.Request) (*token, *response) {
	value, accessTokenOnly := credentials(r)
	s.mu.Lock()
	t, ok := s.tokens[value]
	s.mu.Unlock()
	switch {
	case !ok, t.OAuth && accessTokenOnly:
		return nil, messageError(http.StatusUnauthorized, "401 Unauthorized")
	case t.Expired:
		return nil, invalidToken("Token is expired. You can either do re-authorization or token refresh.")
	case t.Revoked:
		return nil, invalidToken("Token was revoked. You have to re-authorize from the user.")
	case t.ReadOnly && r.Method != http.MethodGet && r.Method != http.MethodHead:
		return nil, insufficientScope()
	}
	return t, nil
}

// actsAsAdmin reports whether GitLab treats the caller as an administrator: an admin, and with admin
// mode on, a token with the admin_mode scope.
func (s *Server) actsAsAdmin(t *token) bool {
	return t.user.admin && (!s.opts.AdminMode || t.AdminModeScope)
}

func invalidToken(description string) *response {
	resp := jsonResponse(http.StatusUnauthorized, orderedObject{{"error", "invalid_token"}, {"error_description", description}})
	resp.header = http.Header{"Www-Authenticate": {fmt.Sprintf(`Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description=%q`, description)}}
	return resp
}

func insufficientScope() *response {
	const description = "The request requires higher privileges than provided by the access token."
	resp := jsonResponse(http.StatusForbidden, orderedObject{
		{"error", "insufficient_scope"}, {"error_description", description}, {"scope", "api"},
	})
	resp.header = http.Header{"Www-Authenticate": {fmt.Sprintf(`Bearer realm="Protected by OAuth 2.0", error="insufficient_scope", error_description=%q, scope="api"`, description)}}
	return resp
}

// currentUser is GET /user. GitLab shows is_admin only to callers it treats as administrators
// (Entities::UserWithAdmin); everyone else gets Entities::UserPublic, without it.
func (s *Server) currentUser(c *call) *response {
	u := c.caller.user
	body := orderedObject{
		{"id", u.id}, {"username", u.username}, {"name", u.username}, {"state", "active"}, {"locked", false},
		{"avatar_url", nil}, {"web_url", c.baseURL() + "/" + u.username}, {"email", u.username + "@example.com"},
		{"bot", false},
	}
	if s.actsAsAdmin(c.caller) {
		body = append(body, field{"is_admin", true})
	}
	return jsonResponse(http.StatusOK, body)
}

func randomHex(bytes int) string {
	b := make([]byte, bytes)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
