package validators

import (
	"fmt"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabscopes"
)

// ScopeProblem returns an error for a scope that no GitLab accepts, whatever its version: an empty
// one, one with white space, "user:" without a name, or another spelling of a built-in scope (with
// "did you mean"). Whether a well-formed scope is one this server knows is decided in the plan, against
// the server's own list (see the resources' ModifyPlan).
func ScopeProblem(scope string) error {
	switch {
	case scope == "":
		return fmt.Errorf("a scope can't be empty: give one such as \"read_user\" or \"openid\"")
	case gitlabscopes.HasSpace(scope):
		return fmt.Errorf("scope %q holds white space: give each scope as its own list element, such as [\"openid\", \"read_user\"]", scope)
	case scope == "user:":
		return fmt.Errorf("scope %q needs a name after the colon, as in \"user:<name>\"", scope)
	}
	if known, ok := gitlabscopes.NearMiss(scope, gitlabscopes.BuiltIn()); ok {
		return fmt.Errorf("scope %q is not a GitLab scope: scopes are lower case with underscores. Did you mean %q?", scope, known)
	}
	return nil
}
