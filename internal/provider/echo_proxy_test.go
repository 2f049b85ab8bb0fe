package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
)

// echoingProxy stands between the provider and a GitLab. While it echoes a path, it answers requests
// to it with a 502 page that shows the request's headers (credentials included), in the body and in a
// header, as some proxies' error pages do; every other request goes on to GitLab.
type echoingProxy struct {
	URL string
	mu  sync.Mutex
	// echoed are the path prefixes answered with the echo.
	echoed []string
}

func newEchoingProxy(t *testing.T, gitlabURL string) *echoingProxy {
	t.Helper()
	target, err := url.Parse(gitlabURL)
	if err != nil {
		t.Fatal(err)
	}
	p := &echoingProxy{}
	forward := httputil.NewSingleHostReverseProxy(target)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !p.echoes(r.URL.Path) {
			forward.ServeHTTP(w, r)
			return
		}
		echo := requestHeaders(r)
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("X-Echo", strings.ReplaceAll(echo, "\n", " | "))
		w.WriteHeader(http.StatusBadGateway)
		_, _ = fmt.Fprintf(w, "<pre>%s</pre><h1>%s %s: 502 echoed by the proxy</h1>\x1b]8;;https://evil.example.com/\x07help\x1b]8;;\x07</html>",
			echo, r.Method, r.URL.Path)
	}))
	t.Cleanup(server.Close)
	p.URL = server.URL
	return p
}

// echo makes the proxy echo the requests whose path starts with one of prefixes (none: forward all).
func (p *echoingProxy) echo(prefixes ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.echoed = prefixes
}

func (p *echoingProxy) echoes(path string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, prefix := range p.echoed {
		if strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}

// requestHeaders are a request's headers as a proxy page shows them, one "Name: value" a line.
func requestHeaders(r *http.Request) string {
	names := make([]string, 0, len(r.Header))
	for name := range r.Header {
		names = append(names, name)
	}
	sort.Strings(names)
	lines := make([]string, 0, len(names))
	for _, name := range names {
		lines = append(lines, name+": "+strings.Join(r.Header[name], ", "))
	}
	return strings.Join(lines, "\n")
}
