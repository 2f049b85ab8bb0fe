package gitlabclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// exchange records what GitLab answered to one call, across its attempts: client-go drops the body of a
// 404 (which tells a deleted application from a GitLab without the API), does not say whether an answer
// came at all (which tells a refused create from a lost one), and keeps nothing of an answer it could
// not decode (which tells a web page from GitLab's JSON). The transport fills it in; one call's
// attempts run one after another on one goroutine, so it needs no lock.
type exchange struct {
	method   string
	attempts int    // requests sent, retries included
	url      string // of the last attempt
	// What the last attempt got; status is 0 when no answer came.
	status      int
	contentType string
	location    string // of a redirect
	// body is an error answer's body (up to maxErrorBody), or the start of a success's as it was read.
	body []byte
}

type exchangeKey struct{}

func withExchange(ctx context.Context, method string) (context.Context, *exchange) {
	ex := &exchange{method: method}
	return context.WithValue(ctx, exchangeKey{}, ex), ex
}

func exchangeFrom(ctx context.Context) *exchange {
	ex, _ := ctx.Value(exchangeKey{}).(*exchange)
	return ex
}

const (
	// maxLoggedBody bounds how much of a body a trace log shows.
	maxLoggedBody = 16 << 10
	// maxErrorBody bounds how much of an error answer is kept for its message.
	maxErrorBody = 64 << 10
	// keptSuccessHead is how much of a success's body is kept for an error message, in case it is not JSON.
	keptSuccessHead = 512
	// maxAnswerBody bounds a success's body: the longest real answer, a page of 100 applications, is a
	// few hundred KiB, so anything near this is a broken server, not a list to hold in memory.
	maxAnswerBody = 64 << 20
)

// observingTransport fills in the call's exchange and logs every attempt through tflog: method, URL,
// status and duration at debug level, headers and bodies at trace level, with credentials masked.
type observingTransport struct {
	next  http.RoundTripper
	masks *masks
	// maxBody bounds a success's body (maxAnswerBody; tests set less).
	maxBody int64
}

func (t *observingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := t.masks.logContext(req.Context())
	ex := exchangeFrom(req.Context())
	attempt := 1
	if ex != nil { // a retry: what an earlier attempt got no longer counts
		ex.attempts++
		attempt = ex.attempts
		ex.url = req.URL.String()
		ex.status, ex.contentType, ex.location, ex.body = 0, "", "", nil
	}
	trace := tflog.IsTrace(ctx)
	request := map[string]any{"method": req.Method, "url": req.URL.String(), "attempt": attempt}
	tflog.Debug(ctx, "GitLab request", request)
	if trace {
		fields := map[string]any{"method": req.Method, "url": req.URL.String(), "request_headers": t.masks.headers(req.Header)}
		if req.GetBody != nil && req.ContentLength != 0 {
			if body, err := req.GetBody(); err == nil {
				fields["request_body"] = t.masks.text(readAtMost(body, maxLoggedBody))
				_ = body.Close()
			}
		}
		tflog.Trace(ctx, "GitLab request details", fields)
	}

	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		tflog.Debug(ctx, "GitLab request got no answer", map[string]any{
			"method": req.Method, "url": req.URL.String(), "attempt": attempt,
			"duration_ms": time.Since(start).Milliseconds(), "error": t.masks.text([]byte(err.Error())),
		})
		return nil, err
	}
	answer := map[string]any{
		"method": req.Method, "url": req.URL.String(), "attempt": attempt, "status": resp.StatusCode,
		"duration_ms": time.Since(start).Milliseconds(),
	}
	for _, h := range []string{"Retry-After", "RateLimit-Reset", "Location", "X-Request-Id"} {
		if v := resp.Header.Get(h); v != "" {
			answer[strings.ToLower(h)] = t.masks.text([]byte(v))
		}
	}
	tflog.Debug(ctx, "GitLab response", answer)
	// client-go parses Link for keyset pagination, and panics on a malformed one ("<x>; rel"). The
	// provider paginates by X-Next-Page, so Link never reaches it.
	if link := resp.Header.Values("Link"); len(link) > 0 {
		if trace {
			tflog.Trace(ctx, "GitLab response Link header dropped", map[string]any{"link": t.masks.text([]byte(strings.Join(link, ", ")))})
		}
		resp.Header.Del("Link")
	}
	if resp.StatusCode < 300 {
		resp.Body = &boundedBody{ReadCloser: resp.Body, limit: t.maxBody, remaining: t.maxBody}
	}

	if ex != nil {
		ex.status = resp.StatusCode
		ex.contentType = resp.Header.Get("Content-Type")
		ex.location = resp.Header.Get("Location")
		if resp.StatusCode >= 300 {
			// Keep the error answer for the error message, and give client-go an equal copy.
			ex.body = readAtMost(resp.Body, maxErrorBody)
			_ = resp.Body.Close()
			resp.Body = io.NopCloser(bytes.NewReader(ex.body))
		}
	}
	keep := 0
	if ex != nil && resp.StatusCode < 300 {
		keep = keptSuccessHead
	}
	if trace {
		keep = max(keep, maxLoggedBody)
	}
	if keep > 0 {
		resp.Body = &headKeepingBody{ReadCloser: resp.Body, limit: keep, done: func(head []byte) {
			if ex != nil && resp.StatusCode < 300 {
				ex.body = head[:min(len(head), keptSuccessHead)]
			}
			if trace {
				tflog.Trace(ctx, "GitLab response details", map[string]any{
					"method": req.Method, "url": req.URL.String(), "status": resp.StatusCode,
					"response_headers": t.masks.headers(resp.Header), "response_body": t.masks.text(head),
				})
			}
		}}
	}
	return resp, nil
}

func readAtMost(r io.Reader, n int64) []byte {
	b, _ := io.ReadAll(io.LimitReader(r, n))
	return b
}

// ErrAnswerTooLarge: a success's body is larger than the client reads (maxAnswerBody).
var ErrAnswerTooLarge = errors.New("GitLab's answer is too large")

// boundedBody fails a read past its limit instead of filling memory with a broken server's answer.
type boundedBody struct {
	io.ReadCloser
	limit, remaining int64
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.remaining <= 0 {
		// One byte more tells a body of exactly the limit from a longer one.
		var probe [1]byte
		n, err := b.ReadCloser.Read(probe[:])
		if n > 0 {
			return 0, fmt.Errorf("%w: more than %d MiB, the most this provider reads", ErrAnswerTooLarge, b.limit>>20)
		}
		return 0, err
	}
	if int64(len(p)) > b.remaining {
		p = p[:b.remaining]
	}
	n, err := b.ReadCloser.Read(p)
	b.remaining -= int64(n)
	return n, err
}

// headKeepingBody keeps the first bytes of a response as client-go reads it, and hands them over on
// Close (client-go always closes), so that logging costs no second pass over a large answer.
type headKeepingBody struct {
	io.ReadCloser
	limit  int
	head   []byte
	done   func([]byte)
	closed bool
}

func (b *headKeepingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if room := b.limit - len(b.head); room > 0 && n > 0 {
		b.head = append(b.head, p[:min(n, room)]...)
	}
	return n, err
}

func (b *headKeepingBody) Close() error {
	if !b.closed {
		b.closed = true
		b.done(b.head)
	}
	return b.ReadCloser.Close()
}

// masks knows what must never reach a log or an error message: the token, the extra headers' values,
// credential headers and every JSON "secret".
type masks struct {
	// hidden are the lower-case names of headers whose values are never shown.
	hidden map[string]bool
	// values are never shown anywhere: the token and the extra headers' values, also as they appear
	// escaped in JSON or in a URL.
	values []string
}

// minMaskedHeaderValue: an extra header's value shorter than this is masked as a header only. Masking
// "1" or "on" everywhere would garble every log line, and cannot be a credential.
const minMaskedHeaderValue = 4

func newMasks(cfg Config) *masks {
	m := &masks{hidden: map[string]bool{
		"private-token": true, "authorization": true, "job-token": true, "cookie": true, "set-cookie": true,
		"proxy-authorization": true,
	}}
	m.add(cfg.Token, 1)
	for name, value := range cfg.Headers {
		m.hidden[strings.ToLower(name)] = true
		m.add(value, minMaskedHeaderValue)
	}
	return m
}

// add masks value, unless it is shorter than minLength, and the forms a server that quotes it may give
// it: JSON-escaped, URL-encoded.
func (m *masks) add(value string, minLength int) {
	if value == "" || len(value) < minLength {
		return
	}
	quoted, _ := json.Marshal(value)
	for _, form := range []string{value, strings.Trim(string(quoted), `"`), url.QueryEscape(value), url.PathEscape(value)} {
		if !slices.Contains(m.values, form) {
			m.values = append(m.values, form)
		}
	}
	// Longer forms first, so that a form holding another is replaced whole.
	slices.SortFunc(m.values, func(a, b string) int { return len(b) - len(a) })
}

// withSecretsOf returns masks that also hide the values of every JSON "secret" in body, wherever
// else the same answer repeats them (an HTML page, a message).
func (m *masks) withSecretsOf(body []byte) *masks {
	found := secretValue.FindAllSubmatch(body, -1)
	if len(found) == 0 {
		return m
	}
	more := &masks{hidden: m.hidden, values: slices.Clone(m.values)}
	for _, f := range found {
		var secret string
		if json.Unmarshal(append(append([]byte{'"'}, f[1]...), '"'), &secret) == nil {
			more.add(secret, minMaskedHeaderValue)
		}
		more.add(string(f[1]), minMaskedHeaderValue)
	}
	return more
}

// logContext makes tflog itself replace the masked values wherever they would appear, as a second line
// of defence behind headers and text.
func (m *masks) logContext(ctx context.Context) context.Context {
	if len(m.values) == 0 {
		return ctx
	}
	ctx = tflog.MaskAllFieldValuesStrings(ctx, m.values...)
	return tflog.MaskMessageStrings(ctx, m.values...)
}

// headers lists headers with credentials masked.
func (m *masks) headers(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for name, values := range h {
		if m.hidden[strings.ToLower(name)] {
			out[name] = "***"
			continue
		}
		out[name] = m.text([]byte(strings.Join(values, ", ")))
	}
	return out
}

// secretField matches a JSON "secret" and its string value, also one cut off where a log stops.
var secretField = regexp.MustCompile(`("secret"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|\\?$)`)

// secretValue captures the value of a JSON "secret" (as written, escapes included).
var secretValue = regexp.MustCompile(`"secret"\s*:\s*"((?:[^"\\]|\\.)+)"`)

// text masks a body or a header value.
func (m *masks) text(body []byte) string {
	s := secretField.ReplaceAllString(strings.TrimSpace(string(body)), `$1"***"`)
	for _, v := range m.values {
		s = strings.ReplaceAll(s, v, "***")
	}
	return s
}

// diagnostic is server text made fit for an error message: masked, valid UTF-8, on one line, without
// control characters (a terminal escape sequence in a proxy's page must not reach a CI log as one) or
// the format characters that reorder text on screen.
func (m *masks) diagnostic(text string) string {
	s := strings.ToValidUTF8(m.text([]byte(text)), "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}
