// Package gitlabscopes is what the provider and the fake GitLab know about OAuth scopes without asking
// a server: the scopes of a current GitLab, the dynamic user:<name> form, and which spellings can
// never be a GitLab scope.
package gitlabscopes

import (
	"slices"
	"strings"
	"unicode"
)

// builtIn are the scopes of GitLab 19.1 with every feature on (Gitlab::Auth), besides user:<name>.
// Older servers and instances without some features know fewer; newer ones know more, which is why
// the provider asks the server (scopes_supported) and uses this list only when it cannot.
var builtIn = strings.Fields(`api read_api read_user create_runner manage_runner k8s_proxy self_rotate mcp
	mcp_orbit read_repository write_repository read_registry write_registry read_virtual_registry
	write_virtual_registry read_observability write_observability ai_features sudo admin_mode
	read_service_ping openid profile email ai_workflows`)

// BuiltIn returns the scopes of GitLab 19.1 with every feature on, in GitLab's order.
func BuiltIn() []string { return slices.Clone(builtIn) }

// IsDynamic reports whether the scope is user:<name>, which GitLab accepts for any non-empty name and
// never lists in scopes_supported.
func IsDynamic(scope string) bool {
	name, ok := strings.CutPrefix(scope, "user:")
	return ok && name != ""
}

// HasSpace reports whether the scope holds white space: GitLab splits the scopes on it, so such a
// "scope" is never one scope.
func HasSpace(scope string) bool {
	return strings.IndexFunc(scope, unicode.IsSpace) >= 0
}

// NearMiss returns the scope of known that the scope is another spelling of: another case, or "-",
// "." or a space for "_". Every GitLab scope is lower case with underscores, so a near miss is never a
// scope of any GitLab, whatever its version.
func NearMiss(scope string, known []string) (string, bool) {
	spelled := strings.Map(func(r rune) rune {
		switch r {
		case '-', '.', ' ':
			return '_'
		}
		return unicode.ToLower(r)
	}, scope)
	if spelled == scope || !slices.Contains(known, spelled) {
		return "", false
	}
	return spelled, true
}
