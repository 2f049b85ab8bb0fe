package gitlabclient

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"

	gl "gitlab.com/gitlab-org/api/client-go/v2"
)

// Errors a caller can act on; match them with errors.Is. *APIError carries the details.
var (
	// ErrNotFound: the application does not exist (any more).
	ErrNotFound = errors.New("not found")
	// ErrUserApplicationsUnsupported: GitLab has no /user/applications API (older than 19.0).
	ErrUserApplicationsUnsupported = errors.New("this GitLab has no user applications API (needs GitLab 19.0 or newer)")
	// ErrGroupApplicationsUnsupported: GitLab has no /groups/:id/applications API (older than 19.6).
	ErrGroupApplicationsUnsupported = errors.New("this GitLab has no group applications API (needs GitLab 19.6 or newer)")
	// ErrGroupNotFound: the group does not exist, or the token's user cannot see it (404 Group Not Found).
	// It is not ErrNotFound: it says nothing about the application.
	ErrGroupNotFound = errors.New("group not found")
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
	// ErrNotGitLab: the answer is not GitLab's JSON API (a web page, a proxy's error page, a redirect).
	ErrNotGitLab = errors.New("the answer does not come from a GitLab API")
	// ErrNoAnswer: no answer arrived (connection refused or cut, timeout, TLS failure, an answer cut off).
	ErrNoAnswer = errors.New("no answer from GitLab")
)

// APIError is an answer from GitLab that is not a success, or an answer that is not GitLab's.
type APIError struct {
	StatusCode int
	Method     string
	// Path is the request's path, such as /api/v4/applications.
	Path string
	// URL is the request's whole URL.
	URL string
	// Message is GitLab's own message, from {"message": ...} or {"error": ..., "error_description": ...};
	// for an answer that is not GitLab's, what it was instead.
	Message string
	// Fields holds GitLab's validation messages per attribute, such as Fields["redirect_uri"].
	Fields map[string][]string
	kinds  []error
	// baseURL is set when the answer does not look like GitLab's API.
	baseURL string
}

func (e *APIError) Error() string {
	status := fmt.Sprintf("%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.baseURL != "" {
		return fmt.Sprintf("the base URL %s does not look like a GitLab API: %s %s got %s with %s", e.baseURL, e.Method, e.URL, status, e.Message)
	}
	msg := fmt.Sprintf("GitLab answered %s to %s %s", status, e.Method, e.Path)
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

// gitlabBody is every shape of GitLab's error answers: {"message": "..."}, {"message": {"attr": [...]}},
// {"error": "...", "error_description": "..."}.
type gitlabBody struct {
	Message          json.RawMessage `json:"message"`
	Error            string          `json:"error"`
	ErrorDescription string          `json:"error_description"`
}

// classify turns what one call saw into an error: nil for success, an *APIError for an answer, or
// ErrNoAnswer wrapped around a transport error. path is relative to /api/v4/. Whatever of the server's
// text reaches the error passes masks.clean, with the masks of the request's credentials and of any
// secret the answer holds; an answer client-go does not expect is described, never quoted.
func (c *Client) classify(ex *exchange, path string, err error) error {
	if err == nil {
		return nil
	}
	m := c.masks
	if ex.masks != nil {
		m = ex.masks
	}
	m = m.withSecretsOf(ex.body)
	target := ex.url
	if target == "" {
		target = c.baseURL + path
	}
	if ex.status != 0 && (ex.status < 400 || ex.status > 599) {
		// client-go quotes the body of a status it does not expect ("failed to parse unknown error
		// format: ..."); such an answer is described by what it is instead.
		err = &maskedError{text: answerProblem(err, m), err: err}
	} else {
		// A transport error may quote the server (net/http shows the start of a malformed answer).
		err = &maskedError{text: m.clean(err.Error(), maxQuotedText), err: err}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s %s: %w", ex.method, target, err)
	}
	if ex.attempts == 0 { // client-go failed before sending anything
		return fmt.Errorf("%s %s: %w", ex.method, target, err)
	}
	if ex.status == 0 {
		return fmt.Errorf("%s %s: %w%s: %w", ex.method, target, ErrNoAnswer, transportHint(err), err)
	}

	apiErr := &APIError{StatusCode: ex.status, Method: ex.method, URL: target, Path: "/api/v4/" + path}
	if u := urlPath(target); u != "" {
		apiErr.Path = u
	}
	switch {
	case ex.status >= 300 && ex.status < 400:
		apiErr.Message = "a redirect to " + m.clean(ex.location, maxQuotedText) + " (set base_url to the address GitLab's API answers on; " +
			"redirects are not followed, they would carry the token along)"
		if ex.location == "" {
			apiErr.Message = "a redirect (set base_url to the address GitLab's API answers on)"
		}
		return c.notGitLab(apiErr)
	case ex.status < 300:
		return c.unreadableSuccess(ex, target, m, apiErr, err)
	case ex.status > 599:
		apiErr.Message = "an answer with a status no HTTP server sends (" + m.bodyShape(ex.contentType, ex.body) + ")"
		return c.notGitLab(apiErr)
	}

	var body gitlabBody
	if jsonErr := json.Unmarshal(ex.body, &body); jsonErr != nil || (body.Message == nil && body.Error == "") {
		if ex.status == http.StatusTooManyRequests {
			// GitLab's own rate limiter answers in plain text ("Retry later").
			apiErr.Message = m.clean(string(ex.body), maxQuotedText)
			apiErr.kinds = []error{ErrRateLimited}
			return apiErr
		}
		apiErr.Message = m.describeBody(ex.contentType, ex.body)
		return c.notGitLab(apiErr)
	}
	message, fields := body.message()
	apiErr.Message = m.clean(message, maxQuotedText)
	if fields != nil {
		apiErr.Fields = make(map[string][]string, len(fields))
		for name, values := range fields {
			masked := make([]string, len(values))
			for i, v := range values {
				masked[i] = m.clean(v, maxQuotedText)
			}
			apiErr.Fields[m.clean(name, maxQuotedName)] = masked
		}
		apiErr.Message = strings.Join(fieldMessages(apiErr.Fields), "; ")
	}
	apiErr.kinds = kindsOf(ex.status, path, body)
	return apiErr
}

// unreadableSuccess explains a 2xx answer that client-go could not read, or did not expect. A create or
// renew (the only POSTs) may have happened: its answer is lost, as if the connection had been cut
// (ErrNoAnswer). No such answer is quoted, since it may carry a secret: it is described by its status,
// type and shape.
func (c *Client) unreadableSuccess(ex *exchange, target string, m *masks, apiErr *APIError, err error) error {
	status := statusLine(ex.status)
	switch {
	case cutOff(err):
		// GitLab answered, but the answer was lost on the way: whatever was asked may have happened.
		return fmt.Errorf("%s %s: %w: the answer (%s) was cut off: %w", ex.method, target, ErrNoAnswer, status, err)
	case ex.method == http.MethodPost:
		return fmt.Errorf("%s %s: %w: the answer (%s, %s) could not be read: %w", ex.method, target, ErrNoAnswer,
			status, m.bodyShape(ex.contentType, ex.body), err)
	case errors.Is(err, ErrAnswerTooLarge):
		return fmt.Errorf("%s %s: %s: %w", ex.method, target, status, err)
	}
	apiErr.Message = m.bodyShape(ex.contentType, ex.body) + ", " + err.Error()
	return c.notGitLab(apiErr)
}

// answerProblem says why an answer that came could not be read, without quoting it: client-go's own
// errors quote the body of a status it does not expect, and JSON's quote a character or a number.
func answerProblem(err error, m *masks) string {
	var (
		unexpected *gl.ErrorResponse
		syntax     *json.SyntaxError
		wrongType  *json.UnmarshalTypeError
	)
	switch {
	case errors.Is(err, ErrAnswerTooLarge), errors.Is(err, errAnswerPanicked),
		errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return m.clean(err.Error(), maxQuotedText)
	case errors.As(err, &unexpected):
		return "a status that GitLab's API does not answer (client-go reads 200, 201, 202, 204 and 304 as a success)"
	case errors.As(err, &syntax):
		return fmt.Sprintf("not JSON (invalid at byte %d)", syntax.Offset)
	case errors.As(err, &wrongType):
		return "JSON of another shape than the call expects"
	case cutOff(err):
		return "the answer was cut off"
	}
	return "the answer could not be read"
}

// maskedError shows a masked text for an error and still unwraps to it, so errors.Is and errors.As
// see what happened.
type maskedError struct {
	text string
	err  error
}

func (e *maskedError) Error() string { return e.text }
func (e *maskedError) Unwrap() error { return e.err }

func (c *Client) notGitLab(e *APIError) *APIError {
	e.kinds = []error{ErrNotGitLab}
	e.baseURL = c.baseURL
	return e
}

func kindsOf(status int, path string, body gitlabBody) []error {
	switch status {
	case http.StatusNotFound:
		// GitLab's catch-all route answers {"error":"404 Not Found"}; a missing application is
		// {"message":"404 Application Not Found"}. Only the body tells an old GitLab from a deletion.
		if body.Error == "404 Not Found" {
			if unsupported := newerRouteMissing(path); unsupported != nil {
				return []error{unsupported}
			}
		}
		if body.messageIs("404 Group Not Found") {
			return []error{ErrGroupNotFound}
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

// newerRoutes are the routes that older GitLab versions lack, where the catch-all 404 means "this
// GitLab cannot", never "this application is gone". A pattern matches a path relative to /api/v4/ and
// every path below it; "*" stands for any one segment (an id, or a URL-encoded full path).
var newerRoutes = []struct {
	pattern []string
	missing error
}{
	{[]string{"user", "applications"}, ErrUserApplicationsUnsupported},
	{[]string{"groups", "*", "applications"}, ErrGroupApplicationsUnsupported},
	{[]string{"applications", "*", "renew-secret"}, ErrRenewUnsupported},
}

// newerRouteMissing returns what a catch-all 404 on path means, or nil for a route every GitLab has.
func newerRouteMissing(path string) error {
	segments := strings.Split(path, "/")
	for _, route := range newerRoutes {
		if len(segments) < len(route.pattern) {
			continue
		}
		matches := true
		for i, p := range route.pattern {
			matches = matches && (p == "*" || p == segments[i])
		}
		if matches {
			return route.missing
		}
	}
	return nil
}

// messageIs reports whether the body is {"message": text}.
func (b gitlabBody) messageIs(text string) bool {
	var message string
	return json.Unmarshal(b.Message, &message) == nil && message == text
}

// message flattens GitLab's message: a string, a list, or validation messages per attribute.
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
	var list []string
	if json.Unmarshal(b.Message, &list) == nil {
		return strings.Join(list, "; "), nil
	}
	var raw map[string]json.RawMessage
	if json.Unmarshal(b.Message, &raw) == nil {
		fields := make(map[string][]string, len(raw))
		for name, value := range raw {
			var many []string
			var one string
			switch {
			case json.Unmarshal(value, &many) == nil:
				fields[name] = many
			case json.Unmarshal(value, &one) == nil:
				fields[name] = []string{one}
			default:
				fields[name] = []string{string(value)}
			}
		}
		return strings.Join(fieldMessages(fields), "; "), fields
	}
	return string(b.Message), nil
}

// describeBody shows the start of an error answer that is not GitLab's JSON, such as a proxy's HTML
// error page, cleaned.
func (m *masks) describeBody(contentType string, body []byte) string {
	text := m.clean(string(body), 120)
	if text == "" {
		return "an empty answer"
	}
	kind := "an answer that is not JSON"
	if ct := m.clean(contentType, maxQuotedName); ct != "" {
		kind = "a " + ct + " answer"
	}
	return kind + ": " + text
}

// bodyShape says what a body is without quoting any of it: its shape and its media type.
func (m *masks) bodyShape(contentType string, head []byte) string {
	ct, _, _ := strings.Cut(contentType, ";")
	ct = strings.TrimSpace(ct)
	if ct == "" || strings.ContainsFunc(ct, func(r rune) bool { return r <= ' ' || r > '~' }) || len(ct) > maxQuotedName || m.clean(ct, maxQuotedName) != ct {
		ct = "no usable Content-Type"
	}
	trimmed := bytes.TrimSpace(head)
	shape := "text"
	switch {
	case len(trimmed) == 0:
		shape = "an empty body"
	case trimmed[0] == '{':
		shape = "a JSON object"
	case trimmed[0] == '[':
		shape = "a JSON list"
	case trimmed[0] == '<':
		shape = "HTML or XML"
	case bytes.HasPrefix(trimmed, []byte("null")):
		shape = "JSON null"
	}
	return shape + ", " + ct
}

func urlPath(raw string) string {
	i := strings.Index(raw, "://")
	if i < 0 {
		return ""
	}
	rest := raw[i+3:]
	j := strings.IndexByte(rest, '/')
	if j < 0 {
		return ""
	}
	path, _, _ := strings.Cut(rest[j:], "?")
	return path
}

// cutOff reports an answer whose body stopped before client-go could read it whole.
func cutOff(err error) bool {
	var netErr net.Error
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &netErr)
}

// nothingSent reports a transport error that GitLab cannot have acted on: no connection was made, or
// TLS failed (a TLS 1.3 server may refuse a client certificate after the request was written, but it
// does not process that request).
func nothingSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	return tlsFailure(err)
}

// permanent reports a transport error that a retry cannot cure: an unknown host, a certificate that
// does not verify, a TLS alert (such as a client certificate the server requires or refuses).
func permanent(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return true
	}
	return tlsFailure(err)
}

func tlsFailure(err error) bool {
	var (
		verifyErr    *tls.CertificateVerificationError
		unknownCA    x509.UnknownAuthorityError
		hostnameErr  x509.HostnameError
		invalidErr   x509.CertificateInvalidError
		alertErr     tls.AlertError
		recordHdrErr tls.RecordHeaderError
		opErr        *net.OpError
	)
	return errors.As(err, &verifyErr) || errors.As(err, &unknownCA) || errors.As(err, &hostnameErr) ||
		errors.As(err, &invalidErr) || errors.As(err, &alertErr) || errors.As(err, &recordHdrErr) ||
		(errors.As(err, &opErr) && opErr.Op == "remote error") || errors.Is(err, http.ErrSchemeMismatch)
}

// transportHint says what to check after a transport error.
func transportHint(err error) string {
	var recordHdrErr tls.RecordHeaderError
	switch {
	case errors.Is(err, http.ErrSchemeMismatch) || errors.As(err, &recordHdrErr):
		return " (the server does not speak TLS: check the scheme of base_url)"
	case tlsFailure(err):
		return " (TLS with GitLab failed: check base_url, cacert_file, insecure, client_cert and client_key)"
	case nothingSent(err):
		return " (no connection could be made: check base_url and the network)"
	}
	return ""
}
