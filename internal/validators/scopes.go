// Package validators checks application attributes at plan time, with GitLab's own rules, so that bad
// input fails before any request. Both application resources share them.
package validators

import (
	"fmt"
	"slices"
	"strings"
)

// KnownScopes are the OAuth scopes a current GitLab accepts (read from GitLab 19.1's Gitlab::Auth),
// besides the dynamic `user:<name>`. Some depend on the instance's features, and older servers know
// fewer; GitLab then refuses the scope with its own message.
var KnownScopes = strings.Fields(`api read_api read_user create_runner manage_runner k8s_proxy self_rotate mcp mcp_orbit
	read_repository write_repository read_registry write_registry read_virtual_registry write_virtual_registry
	read_observability write_observability ai_features sudo admin_mode read_service_ping openid profile email ai_workflows`)

// CheckScope returns an error naming the scope and listing the valid ones when GitLab would refuse it.
func CheckScope(scope string) error {
	if slices.Contains(KnownScopes, scope) {
		return nil
	}
	if name, ok := strings.CutPrefix(scope, "user:"); ok && name != "" {
		return nil
	}
	hint := ""
	if lower := strings.ToLower(scope); lower != scope && slices.Contains(KnownScopes, lower) {
		hint = fmt.Sprintf(" Scopes are case-sensitive: did you mean %q?", lower)
	}
	return fmt.Errorf("scope %q is not a scope GitLab knows.%s Valid scopes: %s, or user:<name>",
		scope, hint, strings.Join(KnownScopes, ", "))
}
