package fakegitlab

import (
	"net/url"
	"slices"
	"strings"
)

// serverScopes are the scopes this GitLab is configured with (GitLab 19.1 with every feature on).
var serverScopes = strings.Fields(`api read_api read_user create_runner manage_runner k8s_proxy self_rotate mcp
	mcp_orbit read_repository write_repository read_registry write_registry read_virtual_registry
	write_virtual_registry read_observability write_observability ai_features sudo admin_mode
	read_service_ping openid profile email ai_workflows`)

// splitScopes splits on whitespace, dropping duplicates and keeping the order, as Doorkeeper does.
func splitScopes(raw string) []string {
	var out []string
	for _, scope := range strings.Fields(raw) {
		if !slices.Contains(out, scope) {
			out = append(out, scope)
		}
	}
	return out
}

// validate is the model's validation: messages per attribute, as in {"message": {...}}.
func (s *Server) validate(name, redirectURI string, scopes []string) map[string][]string {
	configured := serverScopes
	if s.opts.Scopes != nil {
		configured = s.opts.Scopes
	}
	errs := map[string][]string{}
	if strings.TrimSpace(name) == "" {
		errs["name"] = append(errs["name"], "can't be blank")
	}
	if msg := redirectURIError(redirectURI); msg != "" {
		errs["redirect_uri"] = append(errs["redirect_uri"], msg)
	}
	for _, scope := range scopes {
		known := slices.Contains(configured, scope) || (strings.HasPrefix(scope, "user:") && len(scope) > len("user:"))
		if !known {
			errs["scopes"] = append(errs["scopes"], "doesn't match configured on the server.")
			break
		}
	}
	return errs
}

// doorkeeperRules are Doorkeeper's redirect URI checks, in its order.
var doorkeeperRules = []struct {
	message string
	breaks  func(raw string, u *url.URL) bool
}{
	{"is forbidden by the server.", func(_ string, u *url.URL) bool {
		return slices.Contains([]string{"data", "vbscript", "javascript"}, strings.ToLower(u.Scheme))
	}},
	{"cannot contain a fragment.", func(raw string, _ *url.URL) bool { return strings.Contains(raw, "#") }},
	{"must specify a scheme.", func(_ string, u *url.URL) bool { return u.Opaque != "" || strings.EqualFold(u.Scheme, "localhost") }},
	{"must be an absolute URI.", func(_ string, u *url.URL) bool { return u.Scheme == "" }},
	{"must be a valid URI.", func(_ string, u *url.URL) bool {
		return (strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https")) && u.Host == ""
	}},
}

// redirectURIError checks each whitespace-separated URI; the first rule a URI breaks gives the message.
func redirectURIError(value string) string {
	uris := strings.Fields(value)
	if len(uris) == 0 {
		return "can't be blank"
	}
	for _, raw := range uris {
		if raw == "urn:ietf:wg:oauth:2.0:oob" { // Doorkeeper's native redirect
			continue
		}
		u, err := url.Parse(raw)
		if err != nil {
			return "must be a valid URI."
		}
		for _, rule := range doorkeeperRules {
			if rule.breaks(raw, u) {
				return rule.message
			}
		}
	}
	return ""
}
