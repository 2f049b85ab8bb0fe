package gitlabclient

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// exchange records what GitLab answered to one call, across retries: client-go drops the body of a 404
// (which tells a deleted application from a GitLab without the API) and does not say whether an
// answer came at all (which tells a refused create from a lost one).
type exchange struct {
	method      string
	status      int // 0 until an answer arrives
	contentType string
	body        []byte // of an error answer only
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

// maxLoggedBody bounds how much of a body a trace log shows.
const maxLoggedBody = 16 << 10

// maxErrorBody bounds how much of an error answer is kept for its message.
const maxErrorBody = 64 << 10

// observingTransport fills in the call's exchange and logs every request through tflog, with the token,
// the extra headers' values and every "secret" in a body masked.
type observingTransport struct {
	next    http.RoundTripper
	secrets []string
}

var secretField = regexp.MustCompile(`("secret"\s*:\s*)"[^"]*"`)

func (t *observingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := t.maskSecrets(req.Context())
	start := time.Now()
	fields := map[string]any{"method": req.Method, "url": req.URL.String(), "request_headers": t.headers(req.Header)}
	if req.GetBody != nil && req.ContentLength != 0 {
		if body, err := req.GetBody(); err == nil {
			fields["request_body"] = t.loggable(readAtMost(body, maxLoggedBody))
			_ = body.Close()
		}
	}
	tflog.Debug(ctx, "GitLab request", fields)

	ex := exchangeFrom(req.Context())
	if ex != nil { // a retry: what an earlier attempt got no longer counts
		ex.status, ex.contentType, ex.body = 0, "", nil
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		tflog.Debug(ctx, "GitLab request failed without an answer", map[string]any{
			"method": req.Method, "url": req.URL.String(), "error": err.Error(), "duration_ms": time.Since(start).Milliseconds(),
		})
		return nil, err
	}
	if ex != nil {
		ex.status = resp.StatusCode
		ex.contentType = resp.Header.Get("Content-Type")
		ex.body = nil
	}
	if resp.StatusCode >= 300 && ex != nil {
		// Keep the error answer for the error message, and give client-go an equal copy.
		ex.body = readAtMost(resp.Body, maxErrorBody)
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(ex.body))
	}
	resp.Body = &loggedBody{ReadCloser: resp.Body, done: func(body []byte) {
		tflog.Debug(ctx, "GitLab response", map[string]any{
			"method": req.Method, "url": req.URL.String(), "status": resp.StatusCode,
			"duration_ms": time.Since(start).Milliseconds(), "response_body": t.loggable(body),
		})
	}}
	return resp, nil
}

// maskSecrets makes tflog replace the token and header values wherever they would appear.
func (t *observingTransport) maskSecrets(ctx context.Context) context.Context {
	var values []string
	for _, s := range t.secrets {
		if s != "" {
			values = append(values, s)
		}
	}
	ctx = tflog.MaskAllFieldValuesStrings(ctx, values...)
	return tflog.MaskMessageStrings(ctx, values...)
}

// headers lists the request headers with credentials masked.
func (t *observingTransport) headers(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for name, values := range h {
		value := t.loggable([]byte(strings.Join(values, ", ")))
		switch strings.ToLower(name) {
		case "private-token", "authorization", "job-token", "cookie":
			value = "***"
		}
		out[name] = value
	}
	return out
}

// loggable masks a body or header value, on one line.
func (t *observingTransport) loggable(body []byte) string {
	s := secretField.ReplaceAllString(strings.TrimSpace(string(body)), `$1"***"`)
	for _, secret := range t.secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "***")
		}
	}
	return s
}

func readAtMost(r io.Reader, n int64) []byte {
	b, _ := io.ReadAll(io.LimitReader(r, n))
	return b
}

// loggedBody keeps the first bytes of a response as client-go reads it, and logs them on Close,
// so that logging costs no second pass over a large answer.
type loggedBody struct {
	io.ReadCloser
	head   []byte
	done   func([]byte)
	logged bool
}

func (b *loggedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if room := maxLoggedBody - len(b.head); room > 0 && n > 0 {
		b.head = append(b.head, p[:min(n, room)]...)
	}
	return n, err
}

func (b *loggedBody) Close() error {
	if !b.logged {
		b.logged = true
		b.done(b.head)
	}
	return b.ReadCloser.Close()
}
