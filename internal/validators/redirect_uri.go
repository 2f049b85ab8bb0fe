package validators

import (
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/redirecturi"
)

// RedirectURIProblems returns one message for each URI of the value that GitLab would refuse, naming
// the URI and every rule it breaks (redirecturi.Check); none when GitLab accepts the value.
func RedirectURIProblems(value string) []string {
	var problems []string
	for _, f := range redirecturi.Check(value) {
		problems = append(problems, f.Message())
	}
	return problems
}
