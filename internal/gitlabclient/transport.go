package gitlabclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

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
	// masks are the client's and those of the last attempt's credentials.
	masks *masks
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

// observingTransport is the one door between the client and the network: every request of the client
// (client-go's calls, the secret check, discovery) goes through it. It fills in the call's exchange,
// bounds every body, never hands on a status line or a transport error as the server wrote them, and
// logs every attempt through tflog (method, URL, status and duration at debug level, headers and
// bodies at trace level) with everything cleaned by the masks of the request (masks.clean).
type observingTransport struct {
	next  http.RoundTripper
	masks *masks
	// maxBody bounds a success's body (maxAnswerBody; tests set less).
	maxBody int64
}

// CloseIdleConnections closes the idle connections of the transport underneath: http.Client's
// CloseIdleConnections reaches only a transport that has this method, so without it Client.Close
// would close nothing.
func (t *observingTransport) CloseIdleConnections() {
	if closer, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		closer.CloseIdleConnections()
	}
}

func (t *observingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	m := t.masks.forRequest(req.Header)
	ctx := m.logContext(req.Context())
	ex := exchangeFrom(req.Context())
	attempt := 1
	if ex != nil { // a retry: what an earlier attempt got no longer counts
		ex.attempts++
		attempt = ex.attempts
		ex.url = req.URL.String()
		ex.status, ex.contentType, ex.location, ex.body = 0, "", "", nil
		ex.masks = m
	}
	// The URL may come from a server (the discovery document's token endpoint).
	shownURL := m.clean(req.URL.String(), maxQuotedText)
	trace := tflog.IsTrace(ctx)
	tflog.Debug(ctx, "GitLab request", map[string]any{"method": req.Method, "url": shownURL, "attempt": attempt})
	if trace {
		fields := map[string]any{"method": req.Method, "url": shownURL, "request_headers": m.headers(req.Header)}
		if req.GetBody != nil && req.ContentLength != 0 {
			if body, err := req.GetBody(); err == nil {
				fields["request_body"] = m.clean(string(readAtMost(body, maxLoggedBody)), maxLoggedText)
				_ = body.Close()
			}
		}
		tflog.Trace(ctx, "GitLab request details", fields)
	}

	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		// net/http quotes a malformed answer in its error: the error goes on cleaned.
		err = m.cleanError(err)
		tflog.Debug(ctx, "GitLab request got no answer", map[string]any{
			"method": req.Method, "url": shownURL, "attempt": attempt,
			"duration_ms": time.Since(start).Milliseconds(), "error": err.Error(),
		})
		return nil, err
	}
	// The reason phrase is the server's text: nobody gets to show it.
	resp.Status = statusLine(resp.StatusCode)
	answer := map[string]any{
		"method": req.Method, "url": shownURL, "attempt": attempt, "status": resp.StatusCode,
		"duration_ms": time.Since(start).Milliseconds(),
	}
	for _, h := range []string{"Retry-After", "RateLimit-Reset", "Location", "X-Request-Id"} {
		if v := resp.Header.Get(h); v != "" {
			answer[strings.ToLower(h)] = m.clean(v, maxQuotedText)
		}
	}
	tflog.Debug(ctx, "GitLab response", answer)
	// client-go parses Link for keyset pagination, and panics on a malformed one ("<x>; rel"). The
	// provider paginates by X-Next-Page, so Link never reaches it.
	if link := resp.Header.Values("Link"); len(link) > 0 {
		if trace {
			tflog.Trace(ctx, "GitLab response Link header dropped", map[string]any{"link": m.clean(strings.Join(link, ", "), maxQuotedText)})
		}
		resp.Header.Del("Link")
	}
	limit := t.maxBody
	if resp.StatusCode >= 300 {
		limit = maxErrorBody
	}
	resp.Body = &boundedBody{ReadCloser: resp.Body, limit: limit, remaining: limit}

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
					"method": req.Method, "url": shownURL, "status": resp.StatusCode,
					"response_headers": m.withSecretsOf(head).headers(resp.Header), "response_body": m.clean(string(head), maxLoggedText),
				})
			}
		}}
	}
	return resp, nil
}

// statusLine is a status as net/http would write it: the code and its standard text, or the code alone.
func statusLine(code int) string {
	if text := http.StatusText(code); text != "" {
		return strconv.Itoa(code) + " " + text
	}
	return strconv.Itoa(code)
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
