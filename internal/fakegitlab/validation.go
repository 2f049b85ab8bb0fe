package fakegitlab

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The model's validation (Doorkeeper's application model as GitLab configures it), implemented here
// from shared/gitlab-api.md on purpose rather than by importing internal/validators: tests against the
// fake then check the provider's plan-time rules against an independent reading of GitLab's.

// allScopes are the scopes of GitLab 19.1 with every feature on.
var allScopes = strings.Fields(`api read_api read_user create_runner manage_runner k8s_proxy self_rotate mcp
	mcp_orbit read_repository write_repository read_registry write_registry read_virtual_registry
	write_virtual_registry read_observability write_observability ai_features sudo admin_mode
	read_service_ping openid profile email ai_workflows`)

// Messages of the model, under {"message":{"<attribute>":[...]}}.
const (
	msgBlank          = "can't be blank"
	msgScopesMismatch = "doesn't match configured on the server."
	msgForbiddenURI   = "is forbidden by the server."
	msgFragment       = "cannot contain a fragment."
	msgNoScheme       = "must specify a scheme."
	msgRelativeURI    = "must be an absolute URI."
	msgInvalidURI     = "must be a valid URI."
)

// splitScopes splits on whitespace, dropping duplicates and keeping the order, as Doorkeeper stores them.
func splitScopes(raw string) []string {
	var out []string
	for _, scope := range strings.Fields(raw) {
		if !slices.Contains(out, scope) {
			out = append(out, scope)
		}
	}
	return out
}

// validate is the model's validation of a whole record, on create and on update alike (Rails
// validates every attribute on save). Its answer lists the attributes in the model's order:
// name, redirect_uri, scopes.
func (s *Server) validate(name, redirectURI string, scopes []string) *response {
	var errs orderedObject
	if strings.TrimSpace(name) == "" {
		errs = append(errs, field{"name", []string{msgBlank}})
	}
	if msg := redirectURIError(redirectURI); msg != "" {
		errs = append(errs, field{"redirect_uri", []string{msg}})
	}
	for _, scope := range scopes {
		if !s.knownScope(scope) {
			errs = append(errs, field{"scopes", []string{msgScopesMismatch}})
			break
		}
	}
	if errs == nil {
		return nil
	}
	return jsonResponse(http.StatusBadRequest, orderedObject{{"message", errs}})
}

// knownScope: exact and case-sensitive, or the dynamic user:<something>.
func (s *Server) knownScope(scope string) bool {
	name, dynamic := strings.CutPrefix(scope, "user:")
	return s.scopes[scope] || (dynamic && name != "")
}

// redirectURIError checks each whitespace-separated URI in turn; the first rule the first bad URI
// breaks gives the message. The value is stored verbatim when all pass.
func redirectURIError(value string) string {
	uris := strings.Fields(value)
	if len(uris) == 0 {
		return msgBlank
	}
	for _, raw := range uris {
		if msg := redirectURIRule(raw); msg != "" {
			return msg
		}
	}
	return ""
}

// oobRedirectURI is Doorkeeper's native redirect, for applications that show the code to the user.
const oobRedirectURI = "urn:ietf:wg:oauth:2.0:oob"

// redirectURIRule applies Doorkeeper's rules to one URI, in its order.
func redirectURIRule(raw string) string {
	if raw == oobRedirectURI {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || !rubyParses(raw, u) {
		return msgInvalidURI // 6. unparsable
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme == "data" || scheme == "vbscript" || scheme == "javascript":
		return msgForbiddenURI // 1.
	case strings.Contains(raw, "#"): // an empty fragment ("cb#") is a fragment too
		return msgFragment // 2.
	case u.Opaque != "" || scheme == "localhost": // localhost:3000/cb parses as scheme "localhost"
		return msgNoScheme // 3.
	case scheme == "":
		return msgRelativeURI // 4.
	case (scheme == "http" || scheme == "https") && u.Host == "":
		return msgInvalidURI // 5.
	}
	return ""
}

// rubyParses reports whether Ruby's URI.parse (RFC 3986), which GitLab uses, accepts what Go's
// lenient url.Parse did: only RFC 3986 characters, percent signs that start an escape, at most one
// "#", and brackets only around an IPv6 host. Go accepts "https://host/{x}" or "https://hôst/", Ruby
// raises URI::InvalidURIError, and GitLab answers "must be a valid URI.".
func rubyParses(raw string, u *url.URL) bool {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", c) >= 0:
		case c == '%' && i+2 < len(raw) && isHex(raw[i+1]) && isHex(raw[i+2]):
			i += 2
		default:
			return false
		}
	}
	if strings.Count(raw, "#") > 1 {
		return false
	}
	return !strings.ContainsAny(withoutAuthority(raw, u.Scheme), "[]")
}

// withoutAuthority is the URI without its scheme and authority (//user@host:port).
func withoutAuthority(raw, scheme string) string {
	rest := raw
	if scheme != "" {
		rest = raw[len(scheme)+1:]
	}
	after, ok := strings.CutPrefix(rest, "//")
	if !ok {
		return rest
	}
	if i := strings.IndexAny(after, "/?#"); i >= 0 {
		return after[i:]
	}
	return ""
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
