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

// redirectURIError applies Doorkeeper's redirect URI validator to each whitespace-separated URI;
// the first failing rule gives the message.
func redirectURIError(value string) string {
	uris := strings.Fields(value)
	if len(uris) == 0 {
		return "can't be blank"
	}
	for _, raw := range uris {
		if raw == "urn:ietf:wg:oauth:2.0:oob" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil {
			return "must be a valid URI."
		}
		scheme := strings.ToLower(u.Scheme)
		switch {
		case scheme == "data" || scheme == "vbscript" || scheme == "javascript":
			return "is forbidden by the server."
		case u.Fragment != "" || strings.Contains(raw, "#"):
			return "cannot contain a fragment."
		case u.Opaque != "" || scheme == "localhost":
			return "must specify a scheme."
		case scheme == "":
			return "must be an absolute URI."
		case (scheme == "http" || scheme == "https") && u.Host == "":
			return "must be a valid URI."
		}
	}
	return ""
}
