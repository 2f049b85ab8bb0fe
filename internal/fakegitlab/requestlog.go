package fakegitlab

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Request is one request the fake saw (control routes aside). The token is never recorded: it travels
// in headers, which are not kept, and a private_token or access_token in the query shows as [FILTERED].
type Request struct {
	Method string
	// Path is the path as sent, without the query, such as /api/v4/user/applications/7 or, with a
	// group's full path still URL-encoded, /api/v4/groups/acme%2Fplatform/applications.
	Path  string
	Query string // the raw query string
	// Status is the answer's status; 0 when the connection was cut without one (including an answer
	// lost after the work was done).
	Status int
	// Time is when the request arrived.
	Time time.Time
}

// requestLog keeps the requests in arrival order and counts them as they arrive, so that
// CountRequests and Stats cost the same after 100,000 requests as after ten. Each request has a
// sequence number; a request still running when the log is reset (or trimmed) is counted in neither
// the old log nor the new one, and its status lands nowhere.
type requestLog struct {
	mu      sync.Mutex
	limit   int
	entries []Request
	first   uint64         // sequence number of entries[0]
	next    uint64         // sequence number of the next request
	counts  map[string]int // "METHOD path"
	stats   map[string]int // "METHOD path", ids written :id
}

func newRequestLog(limit int) requestLog {
	return requestLog{limit: limit, counts: map[string]int{}, stats: map[string]int{}}
}

func (l *requestLog) begin(r *http.Request) uint64 {
	path := r.URL.EscapedPath()
	entry := Request{Method: r.Method, Path: path, Query: redactQuery(r.URL.RawQuery), Time: time.Now()}
	stat := r.Method + " " + normalisePath(path)
	l.mu.Lock()
	defer l.mu.Unlock()
	seq := l.next
	l.next++
	l.entries = append(l.entries, entry)
	l.counts[r.Method+" "+path]++
	l.stats[stat]++
	if l.limit > 0 && len(l.entries) >= 2*l.limit {
		drop := len(l.entries) - l.limit
		l.entries = slices.Delete(l.entries, 0, drop)
		l.first += uint64(drop)
	}
	return seq
}

// finish records the status of a request and returns its entry, unless the log forgot it meanwhile.
func (l *requestLog) finish(seq uint64, status int) (Request, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if seq < l.first || seq-l.first >= uint64(len(l.entries)) {
		return Request{}, false
	}
	e := &l.entries[seq-l.first]
	e.Status = status
	return *e, true
}

// Requests returns every request since the last reset (or the last Options.RequestLogLimit ones), in
// the order they arrived.
func (s *Server) Requests() []Request {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return slices.Clone(s.log.entries)
}

// ResetRequests empties the request log and its counts.
func (s *Server) ResetRequests() {
	l := &s.log
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = nil
	l.first = l.next
	clear(l.counts)
	clear(l.stats)
}

// CountRequests counts the requests since the last reset with this method ("" for any) and a path
// that matches the pattern as a Fault's does (see MatchPath), such as ("GET", "/api/v4/applications"),
// ("POST", "/api/v4/applications/:id/renew-secret") or ("DELETE", ""). It costs one pass over the
// distinct paths seen, however many requests there were, and stays exact when the log is trimmed.
func (s *Server) CountRequests(method, pattern string) int {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	n := 0
	for key, count := range s.log.counts {
		m, path, _ := strings.Cut(key, " ")
		if (method == "" || m == method) && MatchPath(pattern, path) {
			n += count
		}
	}
	return n
}

// Stats counts the requests since the last reset per "METHOD path", with numeric path segments
// written :id, such as "POST /api/v4/applications/:id/renew-secret". GET /-/fake/stats serves it.
func (s *Server) Stats() map[string]int {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return maps.Clone(s.log.stats)
}

// normalisePath writes numeric segments as :id.
func normalisePath(path string) string {
	segments := strings.Split(path, "/")
	for i, seg := range segments {
		if seg != "" && strings.Trim(seg, "0123456789") == "" {
			segments[i] = ":id"
		}
	}
	return strings.Join(segments, "/")
}

// redactQuery hides tokens passed in the query string.
func redactQuery(raw string) string {
	if !strings.Contains(strings.ToLower(raw), "token") {
		return raw
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return "[FILTERED]"
	}
	for k := range q {
		if strings.Contains(strings.ToLower(k), "token") {
			q[k] = []string{"[FILTERED]"}
		}
	}
	return q.Encode()
}
