package gitlabclient

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// Every door of the client to the network (the API, the token endpoint, discovery) against every
// carrier of server text (a body, the status line, a header, a transport error, a discovery field) and
// every hostile value: none reaches an error, a result shown to the user, or a trace log.

const (
	// stateClientID and stateSecret are what CheckSecret sends as HTTP Basic. The secret is not shaped
	// like a GitLab token, so that only the masks of the request's credentials can hide it.
	stateClientID = "client-id-4c1d2e3f"
	stateSecret   = "state-secret-9e8f7a6b"
	// escapedKeySecret is a secret under a JSON key written with an escape: "\u0073ecret".
	escapedKeySecret = "escaped-key-secret-5a6b7c"
	// unrelatedToken is shaped like a GitLab token (a runner's) the provider never knew.
	unrelatedToken = "glrt-unrelatedRunnerToken0123456789"
)

// hostileValue is text a server or a proxy puts in its answer, made from the request it answers, so
// that an echo of the request's credentials is one of them.
type hostileValue struct {
	name  string
	value func(r *http.Request) string
}

var hostileValues = []hostileValue{
	{"the token", func(*http.Request) string { return "token " + adminToken }},
	{"a headers value", func(*http.Request) string { return "header " + proxyHeaderValue }},
	{"the request's headers echoed", echoHeaders},
	{"the Basic credentials decoded", func(r *http.Request) string {
		if raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Basic "); ok {
			decoded, _ := base64.StdEncoding.DecodeString(raw)
			user, pass, _ := strings.Cut(string(decoded), ":")
			return "credentials " + string(decoded) + " user " + user + " password " + pass
		}
		return "no Basic credentials in " + echoHeaders(r)
	}},
	{"a secret", func(*http.Request) string {
		return `{"id":1,"secret":"` + leakedSecret + `","\u0073ecret":"` + escapedKeySecret + `"} again ` + escapedKeySecret
	}},
	{"a token-shaped string", func(*http.Request) string { return "runner " + unrelatedToken }},
	{"the state's secret", func(*http.Request) string { return "the secret in state is " + stateSecret }},
	{"terminal escapes", func(*http.Request) string {
		return "\x1b]8;;https://evil.example.com/\x07click here\x1b]8;;\x07 \x1b[2J\x1b[H\x1b[32mApply complete!\x1b[0m " +
			"\u202eevil\u202c \u2066isolated\u2069 \u200f \x9b31m \x00\x7f"
	}},
	{"5 MiB", func(*http.Request) string { return strings.Repeat("A", 5<<20) }},
}

// echoHeaders is what a proxy page that shows the request's headers shows.
func echoHeaders(r *http.Request) string {
	names := make([]string, 0, len(r.Header))
	for name := range r.Header {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		fmt.Fprintf(&b, "%s: %s\n", name, strings.Join(r.Header[name], ", "))
	}
	return b.String()
}

// carrier writes a hostile value into a whole HTTP answer, as bytes on the connection.
type carrier struct {
	name   string
	answer func(r *http.Request, value string) []byte
}

var carriers = []carrier{
	{"the body of a 203", func(_ *http.Request, v string) []byte {
		return wireAnswer(203, "Non-Authoritative Information", "text/plain", nil, v)
	}},
	{"the body of a 239", func(_ *http.Request, v string) []byte { return wireAnswer(239, "Custom", "application/json", nil, v) }},
	{"the body of a 200 that is not JSON", func(_ *http.Request, v string) []byte { return wireAnswer(200, "OK", "text/html", nil, v) }},
	{"the body of a 502 page", func(_ *http.Request, v string) []byte { return wireAnswer(502, "Bad Gateway", "text/html", nil, v) }},
	{"a JSON message of a 400", func(_ *http.Request, v string) []byte {
		message, _ := json.Marshal(map[string]any{"message": v, "error_description": v})
		return wireAnswer(400, "Bad Request", "application/json", nil, string(message))
	}},
	{"an OAuth error of a 401", func(_ *http.Request, v string) []byte {
		message, _ := json.Marshal(map[string]any{"error": "invalid_client", "error_description": v})
		return wireAnswer(401, "Unauthorized", "application/json", nil, string(message))
	}},
	{"the status line", func(_ *http.Request, v string) []byte { return wireAnswer(502, oneLine(v), "text/plain", nil, "") }},
	{"the status line of a 503", func(_ *http.Request, v string) []byte {
		return wireAnswer(503, oneLine(v), "application/json", nil, "{}")
	}},
	{"headers", func(_ *http.Request, v string) []byte {
		line := oneLine(v)
		return wireAnswer(502, "Bad Gateway", line, []string{"Location: " + line, "X-Next-Page: " + line, "Retry-After: " + line, "X-Request-Id: " + line, "X-Echo: " + line}, "")
	}},
	{"a redirect", func(_ *http.Request, v string) []byte {
		return wireAnswer(302, "Found", "text/html", []string{"Location: https://sso.example.com/?q=" + oneLine(v)}, "")
	}},
	{"a redirect net/http cannot parse", func(_ *http.Request, v string) []byte {
		return wireAnswer(302, "Found", "text/html", []string{"Location: 0%" + oneLine(v)}, "")
	}},
	{"a transport error", func(_ *http.Request, v string) []byte { return []byte(oneLine(v) + "\r\n\r\n") }},
	{"a discovery field", func(r *http.Request, v string) []byte {
		root := "http://" + r.Host + "/"
		doc, _ := json.Marshal(map[string]any{
			"issuer": v, "scopes_supported": []string{"api", v}, "token_endpoint": root + "oauth/token?via=" + v,
		})
		return wireAnswer(200, "OK", "application/json", nil, string(doc))
	}},
}

// oneLine is value as a status line or a header can carry it.
func oneLine(value string) string {
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(value)
}

func wireAnswer(status int, reason, contentType string, headers []string, body string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n", status, reason, contentType, len(body))
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n" + body)
	return b.Bytes()
}

// door is one way of the client to the network, and the paths whose answers are hostile there.
type door struct {
	name    string
	hostile func(path string) bool
	// call returns what the client hands on that came from the server, and the error.
	call func(context.Context, *Client) (string, error)
}

var doors = func() []door {
	api := func(path string) bool { return strings.HasPrefix(path, "/api/v4/") }
	var out []door
	for _, r := range everyRoute {
		if r.name == "GET /user" || r.name == "GET /applications" || r.name == "POST /applications" ||
			r.name == "POST /applications/1/renew-secret" || r.name == "GET /user/applications" || r.name == "PUT /user/applications/1" {
			out = append(out, door{"API " + r.name, api, func(ctx context.Context, c *Client) (string, error) { return "", r.call(ctx, c) }})
		}
	}
	return append(out,
		door{"the token endpoint", func(path string) bool { return path != "/"+discoveryPath }, func(ctx context.Context, c *Client) (string, error) {
			verdict, err := c.CheckSecret(ctx, stateClientID, stateSecret)
			return verdict.String(), err
		}},
		door{"the token endpoint named by discovery", func(string) bool { return true }, func(ctx context.Context, c *Client) (string, error) {
			verdict, err := c.CheckSecret(ctx, stateClientID, stateSecret)
			return verdict.String(), err
		}},
		door{"discovery", func(path string) bool { return path == "/"+discoveryPath }, func(ctx context.Context, c *Client) (string, error) {
			scopes, err := c.SupportedScopes(ctx)
			return strings.Join(scopes, ", "), err
		}},
	)
}()

// hostileServer answers the paths door.hostile names with the carrier's answer and every other path
// with a 404.
func hostileServer(t *testing.T, d door, c carrier, v hostileValue) *httptest.Server {
	t.Helper()
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if !d.hostile(r.URL.Path) {
			http.NotFound(w, r)
			return
		}
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		_, _ = buf.Write(c.answer(r, v.value(r)))
		_ = buf.Flush()
	}))
	t.Cleanup(server.Close)
	return server
}

// forbiddenInOutput are the texts no error, result or log may show: every credential in every form a
// server may echo it, and every secret.
func forbiddenInOutput() []string {
	basic := base64.StdEncoding.EncodeToString([]byte(stateClientID + ":" + stateSecret))
	return []string{adminToken, proxyHeaderValue, basic, stateSecret, leakedSecret, escapedKeySecret, unrelatedToken}
}

// looksLikeAToken matches what looks like a GitLab token.
var looksLikeAToken = regexp.MustCompile(`gl(pat|oas|rt|ptt|dt|ft|imt|agent|cbt|soat|ffct)-[0-9A-Za-z_-]{4,}`)

// maxShownText is the most server text an error may carry.
const maxShownText = 4 << 10

func assertShowsNothingHostile(t *testing.T, where, text string) {
	t.Helper()
	for _, s := range forbiddenInOutput() {
		if strings.Contains(text, s) {
			t.Errorf("%s shows %.24q…: %.300q", where, s, text)
		}
	}
	if m := looksLikeAToken.FindString(text); m != "" {
		t.Errorf("%s shows a token-shaped %q: %.300q", where, m, text)
	}
	if i := strings.IndexFunc(text, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }); i >= 0 {
		t.Errorf("%s holds a control or format character %q: %.300q", where, text[i:min(len(text), i+8)], text)
	}
}

func TestOneDoorLeaksNothing(t *testing.T) {
	for _, d := range doors {
		for _, c := range carriers {
			for _, v := range hostileValues {
				t.Run(d.name+"/"+c.name+"/"+v.name, func(t *testing.T) {
					t.Parallel()
					server := hostileServer(t, d, c, v)
					client := hostileClient(t, server.URL)
					// As the provider does with the secret of every application it reads from state.
					client.KnowSecret(stateSecret)
					var logs bytes.Buffer
					ctx := tflogtest.RootLogger(t.Context(), &logs)
					shown, err := d.call(ctx, client)
					if err != nil {
						text := err.Error()
						assertShowsNothingHostile(t, "the error", text)
						if len(text) > maxShownText {
							t.Errorf("the error is %d bytes long, more than %d", len(text), maxShownText)
						}
					}
					assertShowsNothingHostile(t, "the result", shown)
					if len(shown) > maxShownText {
						t.Errorf("the result is %d bytes long, more than %d", len(shown), maxShownText)
					}
					assertLogsShowNothingHostile(t, logs.Bytes())
				})
			}
		}
	}
}

// assertLogsShowNothingHostile reads tflog's JSON lines and checks every value they hold.
func assertLogsShowNothingHostile(t *testing.T, logs []byte) {
	t.Helper()
	if len(logs) == 0 {
		t.Fatal("nothing was logged")
	}
	lines := bufio.NewScanner(bytes.NewReader(logs))
	lines.Buffer(nil, 64<<20)
	for n := 1; lines.Scan(); n++ {
		if len(lines.Bytes()) > 64<<10 {
			t.Errorf("log line %d is %d bytes long", n, len(lines.Bytes()))
		}
		var entry map[string]any
		if err := json.Unmarshal(lines.Bytes(), &entry); err != nil {
			t.Fatalf("log line %d: %v", n, err)
		}
		for key, value := range entry {
			assertShowsNothingHostile(t, "log line "+strconv.Itoa(n)+" "+key, fmt.Sprint(value))
		}
	}
}
