package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// explainClientError names the cause of an error any route can return and, where there is one, the
// fix; applicationKind.explain adds what a kind's own routes mean. GitLab's own message is always kept.
func explainClientError(err error) string {
	var hint string
	switch {
	case errors.Is(err, gitlabclient.ErrUnauthorized):
		hint = "GitLab refused the token (401): it is wrong, expired or revoked. Set `token` or GITLAB_TOKEN to a valid access token with the `api` scope."
	case errors.Is(err, gitlabclient.ErrInsufficientScope):
		hint = "The token lacks a scope this call needs (403 insufficient_scope): use a token with the `api` scope (`read_api` only allows reading)."
	case errors.Is(err, gitlabclient.ErrRateLimited):
		hint = "GitLab kept rate-limiting the requests (429) through every retry. Try again later, or raise `retries` " +
			"so the provider waits longer; lower `-parallelism` sends fewer requests at once."
	case errors.Is(err, gitlabclient.ErrNotGitLab):
		hint = "The answer was not GitLab's JSON API. Check `base_url` (GITLAB_BASE_URL): it should be GitLab's address, " +
			"such as https://gitlab.example.com, and no proxy in between should answer instead of GitLab."
	}
	var apiErr *gitlabclient.APIError
	if errors.As(err, &apiErr) && len(apiErr.Fields) > 0 {
		hint = joinNonEmpty(hint, "GitLab refused these values:\n  - "+strings.Join(apiErr.FieldMessages(), "\n  - "))
	}
	return joinNonEmpty(hint, fmt.Sprintf("Error: %s", err))
}

// isForbidden reports a plain 403: the token's user may not do this. A token that lacks a scope is
// explained separately (ErrInsufficientScope).
func isForbidden(err error) bool {
	return errors.Is(err, gitlabclient.ErrForbidden) && !errors.Is(err, gitlabclient.ErrInsufficientScope)
}

func joinNonEmpty(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "\n\n")
}
