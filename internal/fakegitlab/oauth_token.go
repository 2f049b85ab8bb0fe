package fakegitlab

import (
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
)

// tokenPath is Doorkeeper's token endpoint, at the instance's root (not under /api/v4), served without
// a GitLab token.
const tokenPath = "/oauth/token"

// Doorkeeper's error descriptions (config/locales/en.yml).
const (
	describeInvalidRequest = "Missing required parameter: %s."
	describeInvalidClient  = "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."
	describeInvalidGrant   = "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."
	describeUnsupported    = "The authorization grant type is not supported by the authorization server."
)

// serveToken answers POST /oauth/token as GitLab's Doorkeeper does for the grants that need something
// issued before (authorization_code and refresh_token): the fake never issues codes or tokens, so a
// client that authenticates always gets invalid_grant. The checks run in Doorkeeper's order: the grant
// type (blank: invalid_request; one GitLab does not enable: unsupported_grant_type), the request's
// parameters (blank: invalid_request), the client (HTTP Basic first, then the client_id and
// client_secret fields; a public client authenticates with a blank secret; else invalid_client, the only
// 401), then the grant (invalid_grant). The other grants GitLab enables (password, client_credentials,
// device_code) would issue a token, which the fake does not play: they answer unsupported_grant_type.
// Parameters come from the body and the query string alike, as Rails merges them.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		notFoundPage(w) // Rails has no other route here
		return
	}
	defer s.tokenChecks.enter()()
	if err := r.ParseForm(); err != nil {
		oauthErrorAnswer(http.StatusBadRequest, "invalid_request", "The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.").write(w)
		return
	}
	if intercepted, ok := s.tokenIntercepts.take(r); ok {
		writeFaultAnswer(intercepted, w)
		return
	}
	s.tokenAnswer(r).write(w)
}

func (s *Server) tokenAnswer(r *http.Request) *response {
	var required []string
	switch grant := r.Form.Get("grant_type"); grant {
	case "":
		return oauthErrorAnswer(http.StatusBadRequest, "invalid_request", strings.Replace(describeInvalidRequest, "%s", "grant_type", 1))
	case "authorization_code":
		required = []string{"code", "redirect_uri"}
	case "refresh_token":
		required = []string{"refresh_token"}
	default:
		return oauthErrorAnswer(http.StatusBadRequest, "unsupported_grant_type", describeUnsupported)
	}
	for _, name := range required {
		if strings.TrimSpace(r.Form.Get(name)) == "" {
			return oauthErrorAnswer(http.StatusBadRequest, "invalid_request", strings.Replace(describeInvalidRequest, "%s", name, 1))
		}
	}
	uid, secret := clientCredentials(r)
	if !s.clientAuthenticates(uid, secret) {
		answer := oauthErrorAnswer(http.StatusUnauthorized, "invalid_client", describeInvalidClient)
		answer.header = http.Header{"Www-Authenticate": {`Bearer realm="Doorkeeper", error="invalid_client", error_description="` + describeInvalidClient + `"`}}
		return answer
	}
	return oauthErrorAnswer(http.StatusBadRequest, "invalid_grant", describeInvalidGrant)
}

// clientCredentials are Doorkeeper's from_basic, then from_params: the first with a client id. Basic
// is base64-decoded and split at the first colon, and nothing is URL-decoded
// (Doorkeeper::OAuth::Client::Credentials), so a client that form-encodes a secret with "+/=:%" first,
// as RFC 6749 2.3.1 asks, is refused as GitLab refuses it.
func clientCredentials(r *http.Request) (uid, secret string) {
	if scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.EqualFold(scheme, "Basic") {
		if raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(token)); err == nil {
			uid, secret, _ = strings.Cut(string(raw), ":")
			if uid != "" {
				return uid, secret
			}
		}
	}
	return r.Form.Get("client_id"), r.Form.Get("client_secret")
}

// clientAuthenticates is Doorkeeper's by_uid_and_secret: the client id must exist, and the secret be
// its current one, or blank for a non-confidential application.
func (s *Server) clientAuthenticates(uid, secret string) bool {
	if uid == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, app := range s.apps.byID {
		if app.ApplicationID == uid {
			return (secret == "" && !app.Confidential) || (secret != "" && secret == app.secret)
		}
	}
	return false
}

func oauthErrorAnswer(status int, code, description string) *response {
	return jsonResponse(status, orderedObject{{"error", code}, {"error_description", description}})
}

// RenewSecretOutside gives an application of any kind a new secret behind the provider's back, as
// GitLab's "Renew secret" button does (the old one stops working at once), and reports whether the
// application exists. The new secret is shown to nobody.
func (s *Server) RenewSecretOutside(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	app, ok := s.apps.byID[id]
	if ok {
		s.issueSecret(app)
	}
	return ok
}

// SetSecretOutside gives an application of any kind the secret given, as a database console would,
// and reports whether the application exists: a test's way to a secret of characters GitLab's own
// (hex) never have.
func (s *Server) SetSecretOutside(id int64, secret string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	app, ok := s.apps.byID[id]
	if ok {
		app.secret = secret
		s.secrets = append(s.secrets, secret)
	}
	return ok
}

// inFlightGauge counts requests running at once and remembers the most since the last reset.
type inFlightGauge struct {
	mu        sync.Mutex
	now, peak int
}

// enter counts a request in; the returned function counts it out.
func (g *inFlightGauge) enter() func() {
	g.mu.Lock()
	g.now++
	g.peak = max(g.peak, g.now)
	g.mu.Unlock()
	return func() {
		g.mu.Lock()
		g.now--
		g.mu.Unlock()
	}
}

// takePeak returns the peak and starts a new one from the requests running now.
func (g *inFlightGauge) takePeak() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	peak := g.peak
	g.peak = g.now
	return peak
}

// TokenRequestsPeak is the most token endpoint requests that ran at once since it was last asked.
func (s *Server) TokenRequestsPeak() int { return s.tokenChecks.takePeak() }
