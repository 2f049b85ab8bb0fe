package gitlabclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Errors a caller can act on; match them with errors.Is. *APIError carries the details.
var (
	// ErrNotFound: the application does not exist (any more).
	ErrNotFound = errors.New("not found")
	// ErrUserApplicationsUnsupported: GitLab has no /user/applications API (older than 19.0).
	ErrUserApplicationsUnsupported = errors.New("this GitLab has no user applications API (needs GitLab 19.0 or newer)")
	// ErrRenewUnsupported: GitLab cannot renew an application's secret (older than 16.11).
	ErrRenewUnsupported = errors.New("this GitLab cannot renew application secrets (needs GitLab 16.11 or newer)")
	// ErrUnauthorized: the token is wrong, expired or revoked (401).
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden: the token's user may not do this (403).
	ErrForbidden = errors.New("forbidden")
	// ErrInsufficientScope: the token lacks a scope, usually `api` (403 insufficient_scope); also ErrForbidden.
	ErrInsufficientScope = errors.New("insufficient scope")
	// ErrRateLimited: GitLab still answered 429 after every retry.
	ErrRateLimited = errors.New("rate limited")
	// ErrNotGitLab: the answer is not GitLab's JSON API (a web page, a proxy's error page).
	ErrNotGitLab = errors.New("the answer does not come from a GitLab API")
	// ErrNoAnswer: the request was sent but no answer arrived (connection cut, timeout).
	ErrNoAnswer = errors.New("no answer from GitLab")
)

// APIError is an answer from GitLab that is not a success.
type APIError struct {
	StatusCode int
	Method     string
	// Path is the request's path, such as /api/v4/applications.
	Path string
	// Message is GitLab's own message, from {"message": ...} or {"error": ..., "error_description": ...}.
	Message string
	// Fields holds GitLab's validation messages per attribute, such as Fields["redirect_uri"].
	Fields map[string][]string
	kinds  []error
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("GitLab answered %d %s to %s %s", e.StatusCode, http.StatusText(e.StatusCode), e.Method, e.Path)
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// Is makes errors.Is(err, ErrForbidden) and friends work.
func (e *APIError) Is(target error) bool {
	for _, kind := range e.kinds {
		if kind == target {
			return true
		}
	}
	return false
}

// FieldMessages are GitLab's validation messages, one line per attribute, ordered by attribute:
// "redirect_uri cannot contain a fragment.".
func (e *APIError) FieldMessages() []string {
	return fieldMessages(e.Fields)
}

func fieldMessages(fields map[string][]string) []string {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	lines := make([]string, 0, len(names))
	for _, name := range names {
		lines = append(lines, name+" "+strings.Join(fields[name], ", "))
	}
	return lines
}

// gitlabBody is every shape of GitLab's error answers.
type gitlabBody struct {
	Message          json.RawMessage `json:"message"`
	Error            string          `json:"error"`
	ErrorDescription string          `json:"error_description"`
}

// classify turns what one call saw into an error: nil for success, an *APIError for an answer, or
// ErrNoAnswer wrapped around a transport error.
func (c *Client) classify(ex *exchange, path string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s %s%s: %w", ex.method, c.baseURL, path, err)
	}
	if ex.status == 0 {
		return fmt.Errorf("%s %s%s: %w: %w", ex.method, c.baseURL, path, ErrNoAnswer, err)
	}
	apiErr := &APIError{StatusCode: ex.status, Method: ex.method, Path: "/api/v4/" + path}
	if ex.status < 300 {
		// A success that client-go could not decode: not GitLab's JSON.
		apiErr.Message = fmt.Sprintf("%s is not GitLab's JSON (%s)", strings.TrimSpace(ex.contentType), err)
		apiErr.kinds = []error{ErrNotGitLab}
		return c.notGitLab(apiErr)
	}
	var body gitlabBody
	if jsonErr := json.Unmarshal(ex.body, &body); jsonErr != nil || (body.Message == nil && body.Error == "") {
		if ex.status == http.StatusTooManyRequests {
			apiErr.Message = strings.TrimSpace(string(ex.body))
			apiErr.kinds = []error{ErrRateLimited}
			return apiErr
		}
		apiErr.Message = summarize(ex.body)
		apiErr.kinds = []error{ErrNotGitLab}
		return c.notGitLab(apiErr)
	}
	apiErr.Message, apiErr.Fields = body.message()
	apiErr.kinds = kindsOf(ex.status, path, body)
	return apiErr
}

func (c *Client) notGitLab(e *APIError) error {
	return fmt.Errorf("%w: the base URL %s does not look like a GitLab API", e, c.baseURL)
}

func kindsOf(status int, path string, body gitlabBody) []error {
	switch status {
	case http.StatusNotFound:
		// GitLab's catch-all route answers {"error":"404 Not Found"}; a missing application is
		// {"message":"404 Application Not Found"}. Only the body tells an old GitLab from a deletion.
		if body.Error == "404 Not Found" {
			switch {
			case strings.HasPrefix(path, "user/applications"):
				return []error{ErrUserApplicationsUnsupported}
			case strings.HasSuffix(path, "/renew-secret"):
				return []error{ErrRenewUnsupported}
			}
		}
		return []error{ErrNotFound}
	case http.StatusUnauthorized:
		return []error{ErrUnauthorized}
	case http.StatusForbidden:
		if body.Error == "insufficient_scope" {
			return []error{ErrInsufficientScope, ErrForbidden}
		}
		return []error{ErrForbidden}
	case http.StatusTooManyRequests:
		return []error{ErrRateLimited}
	}
	return nil
}

// message flattens GitLab's message: a string, or validation messages per attribute.
func (b gitlabBody) message() (string, map[string][]string) {
	if b.Error != "" {
		if b.ErrorDescription != "" {
			return b.Error + ": " + b.ErrorDescription, nil
		}
		return b.Error, nil
	}
	var text string
	if json.Unmarshal(b.Message, &text) == nil {
		return text, nil
	}
	var fields map[string][]string
	if json.Unmarshal(b.Message, &fields) == nil {
		return strings.Join(fieldMessages(fields), "; "), fields
	}
	return string(b.Message), nil
}

// summarize shows the start of a body that is not GitLab's JSON, such as an HTML error page.
func summarize(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	if s == "" {
		return "an empty answer"
	}
	return "an answer that is not JSON: " + s
}
