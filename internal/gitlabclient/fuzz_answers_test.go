package gitlabclient

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fuzzwatch"
)

// FuzzAnswers sends every request of the client (every API route, the secret check, discovery) to a
// server that answers with an arbitrary status, headers and body: the client must return (an error or
// a result) without panicking and in time, and no error or result may show the token, the extra
// header's value, the request's credentials, a secret, a token-shaped string or a control character,
// nor be longer than maxShownText. The seed corpus runs in every `go test`; `make fuzz` explores
// further, and `make fuzz-short` briefly on every `make test`.
func FuzzAnswers(f *testing.F) {
	seeds := []struct {
		status int
		header string
		body   string
	}{
		{200, "Content-Type: application/json", `[null]`},
		{200, "Content-Type: application/json\nX-Next-Page: -1", `[{"id":1}]`},
		{200, "X-Next-Page: 1", `[{"id":1}]`},
		{201, "Link: <x>; rel", `{"id":1,"secret":"` + leakedSecret + `"}`},
		{201, "Link: <x>; rel=\"next\", <y>", `{"id":`},
		{200, "RateLimit-Limit: 1", `{"id":1,"username":"root"}`},
		{502, "Content-Type: text/html", "<html>PRIVATE-TOKEN: " + adminToken + "</html>"},
		{400, "Content-Type: application/json", `{"message":{"` + proxyHeaderValue + `":["` + adminToken + `"]}}`},
		{401, "", `{"error":"invalid_token","error_description":"` + adminToken + `"}`},
		{429, "Retry-After: 0", "Retry later \x1b[31m" + adminToken},
		{302, "Location: https://x.example.com/?t=" + adminToken, ""},
		{200, "Content-Type: text/html", `<p>{"secret":"` + leakedSecret + `"}</p>`},
		{404, "", `{"error":"404 Not Found"}`},
		{204, "", ""},
		{201, "Content-Type: " + adminToken, `<p>`},
		{400, "Content-Type: " + proxyHeaderValue, `x`},
		{200, "Content-Length: 100", `{"id":1`},
		// Crashers of earlier versions: a status client-go does not expect, whose body it quotes; a
		// secret under an escaped key; a bare token in a success that is not JSON.
		{203, "Content-Type: text/plain", "new secret " + stateSecret + " " + leakedSecret},
		{239, "", `{"id":1,"secret":"` + stateSecret + `"}`},
		{200, "Content-Type: application/json", `{"id":1,"\u0073ecret":"` + escapedKeySecret + `"}`},
		{200, "Content-Type: text/plain", unrelatedToken},
		{400, "Content-Type: application/json", `{"error":"invalid_grant","error_description":"\u001b]8;;https://x.example.com/\u0007x\u001b]8;;\u0007"}`},
		{200, "Content-Type: application/json", `{"scopes_supported":["api","\u001b[2J` + unrelatedToken + `"],"token_endpoint":"` + adminToken + `"}`},
	}
	for _, s := range seeds {
		for r := range fuzzedRoutes {
			f.Add(s.status, s.header, []byte(s.body), uint8(r))
		}
	}
	// A body of 5 MiB, past what the fuzzed client reads of a success (1 MiB) and of an error.
	for _, status := range []int{203, 502} {
		f.Add(status, "Content-Type: text/plain", []byte(strings.Repeat("A", 5<<20)), uint8(3))
	}

	var (
		mu     sync.Mutex
		answer hostileAnswer
	)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		a := answer
		mu.Unlock()
		for k, v := range a.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte(a.body))
	}))
	f.Cleanup(server.Close)

	f.Fuzz(func(t *testing.T, status int, header string, body []byte, routeIndex uint8) {
		if status < 200 || status > 599 {
			status = 200 + (status%400+400)%400 // Go's server cannot send 1xx as a final answer
		}
		a := hostileAnswer{status: status, header: map[string]string{}, body: string(body)}
		for line := range strings.SplitSeq(header, "\n") {
			name, value, ok := strings.Cut(line, ":")
			name, value = strings.TrimSpace(name), strings.TrimSpace(value)
			if ok && validHeader(name, value) {
				a.header[name] = value
			}
		}
		mu.Lock()
		answer = a
		mu.Unlock()
		c := hostileClient(t, server.URL, func(c *Config) { c.RequestTimeout = 5 * time.Second })
		// As the provider does with the secret of every application it reads from state.
		c.KnowSecret(stateSecret)
		limitAnswers(t, c, 1<<20)
		r := fuzzedRoutes[int(routeIndex)%len(fuzzedRoutes)]
		defer fuzzwatch.Start(fuzzExecutionLimit, fmt.Sprintf("%s answered %d", r.name, status))()
		shown, err := r.call(context.Background(), c)
		if err != nil {
			assertShowsNothingHostile(t, "the error", err.Error())
			if len(err.Error()) > maxShownText {
				t.Errorf("the error is %d bytes long", len(err.Error()))
			}
		}
		assertShowsNothingHostile(t, "the result", shown)
	})
}

// fuzzedRoutes are every route of the client, and the doors that are not client-go's.
var fuzzedRoutes = func() []door {
	routes := make([]door, 0, len(everyRoute)+3)
	for _, r := range everyRoute {
		routes = append(routes, door{name: r.name, call: func(ctx context.Context, c *Client) (string, error) { return "", r.call(ctx, c) }})
	}
	for _, d := range doors {
		if !strings.HasPrefix(d.name, "API ") {
			routes = append(routes, d)
		}
	}
	return routes
}()

// fuzzExecutionLimit is how long one execution may take: the client's request timeout (5 s) and a
// retry or two of the token endpoint and discovery, with room for a slow machine. The fuzzing engine
// has no limit of its own: without one, an execution that never returns stalls the run silently.
const fuzzExecutionLimit = 60 * time.Second

// validHeader keeps what Go's server can send at all, and no header that would change how the answer
// is framed (those are net/http's to test).
func validHeader(name, value string) bool {
	if name == "" || strings.ContainsFunc(name, func(r rune) bool { return r <= ' ' || r > '~' || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r) }) {
		return false
	}
	switch http.CanonicalHeaderKey(name) {
	case "Transfer-Encoding", "Connection", "Trailer", "Upgrade":
		return false
	}
	return !strings.ContainsAny(value, "\r\n\x00")
}
