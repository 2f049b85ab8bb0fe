package gitlabclient

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"
)

// TestCloseLeavesNoConnection: after Close, no connection of the client stays open, neither as the
// server sees it nor as a descriptor of this process, whichever door the requests went through.
func TestCloseLeavesNoConnection(t *testing.T) {
	var (
		mu   sync.Mutex
		open = map[net.Conn]bool{}
	)
	server := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/v4/user":
			_, _ = w.Write([]byte(`{"id":1,"username":"root"}`))
		case "/" + discoveryPath:
			_, _ = w.Write([]byte(`{"scopes_supported":["api"]}`))
		default:
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"invalid_grant"}`))
		}
	}))
	server.Config.ConnState = func(c net.Conn, state http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		switch state {
		case http.StateNew:
			open[c] = true
		case http.StateClosed, http.StateHijacked:
			delete(open, c)
		}
	}
	server.Start()
	t.Cleanup(server.Close)
	openConns := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(open)
	}

	fdsBefore := openDescriptors(t)
	for range 20 {
		c, err := New(Config{BaseURL: server.URL, Token: adminToken})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.CurrentUser(t.Context()); err != nil {
			t.Fatal(err)
		}
		if _, err := c.SupportedScopes(t.Context()); err != nil {
			t.Fatal(err)
		}
		if verdict, err := c.CheckSecret(t.Context(), "client", "secret"); verdict != SecretWorks {
			t.Fatalf("%v, %v", verdict, err)
		}
		c.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for openConns() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := openConns(); n > 0 {
		t.Errorf("%d connections still open after every client was closed", n)
	}
	// The server's own descriptors close with the connections; a few may belong to the runtime.
	if fdsAfter := openDescriptors(t); fdsAfter > fdsBefore+3 {
		t.Errorf("%d descriptors open after 20 clients were closed, %d before", fdsAfter, fdsBefore)
	}
}

// openDescriptors counts this process's open file descriptors (Linux), or skips.
func openDescriptors(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	return len(entries)
}
