package gitlabclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// FuzzAnswers sends every route's request to a server that answers with an arbitrary status, headers
// and body: the client must return (an error or a result) without panicking, and no error may show the
// token, the extra header's value or a secret. The seed corpus runs in every `go test`; `make fuzz`
// explores further.
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
	}
	for _, s := range seeds {
		for r := range everyRoute {
			f.Add(s.status, s.header, []byte(s.body), uint8(r))
		}
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
		limitAnswers(t, c, 1<<20)
		r := everyRoute[int(routeIndex)%len(everyRoute)]
		err := r.call(context.Background(), c)
		assertFitForDiagnostics(t, err)
	})
}

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
