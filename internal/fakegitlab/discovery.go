package fakegitlab

import (
	"net/http"
	"slices"
)

// discoveryPath is GitLab's OpenID Connect discovery document, at the root of the instance (not under
// /api/v4), served without a token.
const discoveryPath = "/.well-known/openid-configuration"

// serveDiscovery answers the discovery document, whose scopes_supported are the scopes the server
// validates against (user:<name> is not listed, as on GitLab), or a 404 page when the document is
// hidden, as behind a proxy that blocks it.
func (s *Server) serveDiscovery(w http.ResponseWriter, r *http.Request) {
	if s.opts.HideDiscovery || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		notFoundPage(w)
		return
	}
	base := (&call{r: r}).baseURL()
	jsonResponse(http.StatusOK, orderedObject{
		{"issuer", base},
		{"authorization_endpoint", base + "/oauth/authorize"},
		{"token_endpoint", base + "/oauth/token"},
		{"revocation_endpoint", base + "/oauth/revoke"},
		{"introspection_endpoint", base + "/oauth/introspect"},
		{"userinfo_endpoint", base + "/oauth/userinfo"},
		{"jwks_uri", base + "/oauth/discovery/keys"},
		{"scopes_supported", slices.Clone(s.scopes)},
		{"response_types_supported", []string{"code"}},
		{"response_modes_supported", []string{"query", "fragment", "form_post"}},
		{"grant_types_supported", []string{"authorization_code", "password", "client_credentials", "device_code", "refresh_token"}},
		{"token_endpoint_auth_methods_supported", []string{"client_secret_basic", "client_secret_post"}},
		{"subject_types_supported", []string{"public"}},
		{"id_token_signing_alg_values_supported", []string{"RS256"}},
		{"claims_supported", []string{"iss", "sub", "aud", "exp", "iat", "sub_legacy", "name", "nickname", "preferred_username", "email", "email_verified", "website", "profile", "picture", "groups", "groups_direct", "https://gitlab.org/claims/groups/owner", "https://gitlab.org/claims/groups/maintainer", "https://gitlab.org/claims/groups/developer"}},
	}).write(w)
}
