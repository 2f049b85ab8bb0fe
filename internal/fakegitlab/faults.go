package fakegitlab

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FaultKind is how an injected fault breaks a request.
type FaultKind int

const (
	// FaultStatus answers Status (500 if 0) with Header and Body instead of doing the work: a 429 of
	// GitLab's rate limiter, a proxy's 502 page.
	FaultStatus FaultKind = iota
	// FaultCutConnection closes the connection before doing the work: the request never reached GitLab.
	//
	// Go's http.Transport resends a GET (or any request with an Idempotency-Key) by itself when a
	// reused keep-alive connection closes without an answer, so for such requests the fake may see the
	// request twice and the client no error at all. POST, PUT and DELETE surface the error.
	FaultCutConnection
	// FaultLoseAnswer does the work (the application is created, deleted, renewed), then closes the
	// connection without an answer: what a client sees when a proxy or the network drops GitLab's answer.
	FaultLoseAnswer
	// FaultReplaceAnswer does the work, then answers Status (500 if 0) with Header and Body instead of
	// GitLab's answer: a proxy or a broken server that mangles what GitLab said.
	FaultReplaceAnswer
	// FaultAddHeader handles the request normally and adds Header to GitLab's answer (a malformed Link).
	FaultAddHeader
	// FaultLateWork answers Status (504 if 0) with Header and Body at once, and does the work Delay
	// later: a proxy that gave up (nginx's or Workhorse's timeout) while GitLab's worker went on and
	// finished. WaitLateWork waits for such work.
	FaultLateWork
	// FaultSlow waits Delay, then handles the request normally: a busy GitLab.
	FaultSlow
)

func (k FaultKind) String() string {
	switch k {
	case FaultStatus:
		return "status"
	case FaultCutConnection:
		return "cut connection"
	case FaultLoseAnswer:
		return "lost answer"
	case FaultReplaceAnswer:
		return "replaced answer"
	case FaultAddHeader:
		return "added header"
	case FaultLateWork:
		return "late work"
	case FaultSlow:
		return "slow answer"
	}
	return "FaultKind(" + strconv.Itoa(int(k)) + ")"
}

// Fault breaks the next Times requests that match Method and Path. Faults apply before GitLab routes
// the request or looks at its token, as a rate limiter or a proxy in front of GitLab would.
type Fault struct {
	// Method is the request method; "" matches any.
	Method string
	// Path is a path pattern (see MatchPath).
	Path string
	// Times is how many requests the fault breaks: 0 means 1, a negative number every matching request
	// until ClearFaults.
	Times int
	Kind  FaultKind
	// Status, Header and Body are the answer of a FaultStatus, FaultReplaceAnswer or FaultLateWork;
	// Header is what FaultAddHeader adds.
	Status int
	Header http.Header
	Body   string
	// Delay is how late a FaultLateWork does the work, how long a FaultSlow waits, and how long a
	// FaultLoseAnswer takes before the work (so that requests sent meanwhile take the next faults).
	Delay time.Duration
}

// InjectFault adds a fault. Faults apply in the order they were added: a request takes the first
// pending fault that matches it, so two faults on one path break the next requests one after another.
func (s *Server) InjectFault(f Fault) {
	if f.Times == 0 {
		f.Times = 1
	}
	f.Header = f.Header.Clone()
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.pending = append(s.faults.pending, &f)
}

// ClearFaults drops every pending fault: how a test ends a fault that breaks every matching request.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.pending = nil
}

type faultQueue struct {
	mu      sync.Mutex
	pending []*Fault
	applied map[FaultKind]int
	late    lateWork
}

// FaultsApplied counts the faults that broke a request, by kind.
func (s *Server) FaultsApplied() map[FaultKind]int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return maps.Clone(s.faults.applied)
}

// WaitLateWork waits until the work of every FaultLateWork applied so far is done.
func (s *Server) WaitLateWork() { s.faults.late.wait() }

// take returns the first pending fault that matches the request, using one of its Times.
func (q *faultQueue) take(method, path string) (Fault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, f := range q.pending {
		if (f.Method != "" && f.Method != method) || !MatchPath(f.Path, path) {
			continue
		}
		if q.applied == nil {
			q.applied = map[FaultKind]int{}
		}
		q.applied[f.Kind]++
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				q.pending = append(q.pending[:i], q.pending[i+1:]...)
			}
		}
		return *f, true
	}
	return Fault{}, false
}

// MatchPath reports whether a request path as sent (a group's full path URL-encoded:
// /api/v4/groups/acme%2Fplatform) matches a pattern, the one rule of Fault.Path and CountRequests: ""
// matches any; a pattern ending in "/" or "*" is a prefix ("*" dropped), so "/api/v4/applications/" is
// every route below /api/v4/applications; any other pattern must match exactly, where a segment ":id"
// (or any ":name") stands for any one segment, as in "/api/v4/applications/:id/renew-secret" or
// "/api/v4/groups/:id/applications/:application_id".
func MatchPath(pattern, path string) bool {
	switch {
	case pattern == "":
		return true
	case strings.HasSuffix(pattern, "*"):
		return strings.HasPrefix(path, strings.TrimSuffix(pattern, "*"))
	case strings.HasSuffix(pattern, "/"):
		return strings.HasPrefix(path, pattern)
	case !strings.Contains(pattern, "/:"):
		return pattern == path
	}
	return matchSegments(strings.Split(pattern, "/"), strings.Split(path, "/"))
}

// matchSegments compares a pattern's segments with a path's; a ":name" segment matches any one
// non-empty segment (MatchPath's patterns).
func matchSegments(pattern, segments []string) bool {
	if len(pattern) != len(segments) {
		return false
	}
	for i, p := range pattern {
		isParam := strings.HasPrefix(p, ":")
		switch {
		case isParam && segments[i] != "":
		case p != segments[i]:
			return false
		}
	}
	return true
}

// applyFault breaks the request as the fault says.
func (s *Server) applyFault(f Fault, w http.ResponseWriter, r *http.Request) {
	switch f.Kind {
	case FaultStatus:
		writeFaultAnswer(f, w)
	case FaultReplaceAnswer:
		s.route(discardedAnswer{header: http.Header{}}, r) // the work is done; its answer goes nowhere
		writeFaultAnswer(f, w)
	case FaultAddHeader:
		s.route(&headerAdding{ResponseWriter: w, extra: f.Header}, r)
	case FaultCutConnection:
		cutConnection(w)
	case FaultLoseAnswer:
		time.Sleep(f.Delay)
		s.route(discardedAnswer{header: http.Header{}}, r) // the work is done; its answer goes nowhere
		cutConnection(w)
	case FaultLateWork:
		s.doLate(f.Delay, r)
		if f.Status == 0 {
			f.Status = http.StatusGatewayTimeout
		}
		writeFaultAnswer(f, w)
	case FaultSlow:
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
		}
		s.route(w, r)
	default:
		panic(fmt.Sprintf("fakegitlab: unknown fault kind %v", f.Kind))
	}
}

// doLate does the request's work delay from now, when its client has long had another answer.
func (s *Server) doLate(delay time.Duration, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return // a body too large: GitLab would refuse it too
	}
	late := r.Clone(context.Background())
	s.faults.late.add(time.Now().Add(delay), func() {
		late.Body = io.NopCloser(bytes.NewReader(body))
		s.route(discardedAnswer{header: http.Header{}}, late)
	})
}

// writeFaultAnswer answers with the fault's status, headers and body.
func writeFaultAnswer(f Fault, w http.ResponseWriter) {
	for k, v := range f.Header {
		w.Header()[http.CanonicalHeaderKey(k)] = v
	}
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, f.Body)
}

// headerAdding adds headers to an answer as it starts: the answer of FaultAddHeader.
type headerAdding struct {
	http.ResponseWriter
	extra   http.Header
	started bool
}

func (h *headerAdding) WriteHeader(status int) {
	if !h.started {
		h.started = true
		for k, v := range h.extra {
			h.Header()[http.CanonicalHeaderKey(k)] = v
		}
	}
	h.ResponseWriter.WriteHeader(status)
}

func (h *headerAdding) Write(b []byte) (int, error) {
	if !h.started {
		h.WriteHeader(http.StatusOK)
	}
	return h.ResponseWriter.Write(b)
}

// discardedAnswer is a ResponseWriter that forgets what it is given: the answer of FaultLoseAnswer.
type discardedAnswer struct{ header http.Header }

func (d discardedAnswer) Header() http.Header       { return d.header }
func (discardedAnswer) Write(b []byte) (int, error) { return len(b), nil }
func (discardedAnswer) WriteHeader(int)             {}

// cutConnection closes the client's connection without an answer. Where the connection cannot be
// taken over (HTTP/2), aborting the handler resets the stream instead.
func cutConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// --- Faults of the usual shapes -----------------------------------------------------------------------

// JSONError answers like GitLab itself failing: {"message":"500 Internal Server Error"}.
func JSONError(method, path string, status int) Fault {
	return Fault{
		Method: method, Path: path, Kind: FaultStatus, Status: status,
		Body:   fmt.Sprintf(`{"message":"%d %s"}`, status, http.StatusText(status)),
		Header: http.Header{"Content-Type": {"application/json"}},
	}
}

// HTMLError answers like a proxy in front of GitLab: an HTML error page (502, 503, 504).
func HTMLError(method, path string, status int) Fault {
	return Fault{
		Method: method, Path: path, Kind: FaultStatus, Status: status,
		Body:   fmt.Sprintf("<html><body><h1>%d %s</h1></body></html>", status, http.StatusText(status)),
		Header: http.Header{"Content-Type": {"text/html"}},
	}
}

// RateLimited answers like GitLab's rate limiter: 429, body "Retry later", Retry-After in seconds.
func RateLimited(method, path string, retryAfter int) Fault {
	return Fault{
		Method: method, Path: path, Kind: FaultStatus, Status: http.StatusTooManyRequests, Body: "Retry later",
		Header: http.Header{"Retry-After": {strconv.Itoa(retryAfter)}, "Content-Type": {"text/plain"}},
	}
}

// CutConnection closes the connection before GitLab does anything.
func CutConnection(method, path string) Fault {
	return Fault{Method: method, Path: path, Kind: FaultCutConnection}
}

// LoseAnswer lets GitLab do the work, then closes the connection without its answer.
func LoseAnswer(method, path string) Fault {
	return Fault{Method: method, Path: path, Kind: FaultLoseAnswer}
}

// ReplaceAnswer lets GitLab do the work, then answers status with header and body in its place.
func ReplaceAnswer(method, path string, status int, header http.Header, body string) Fault {
	return Fault{Method: method, Path: path, Kind: FaultReplaceAnswer, Status: status, Header: header, Body: body}
}

// AddHeader adds header to GitLab's answer.
func AddHeader(method, path string, header http.Header) Fault {
	return Fault{Method: method, Path: path, Kind: FaultAddHeader, Header: header}
}

// ProxyPageAfterWork lets GitLab do the work, then answers like a proxy in front of it that gave up
// (an HTML 502, 503 or 504 page): GitLab's answer, and a create's secret, are lost.
func ProxyPageAfterWork(method, path string, status int) Fault {
	page := HTMLError(method, path, status)
	return ReplaceAnswer(method, path, status, page.Header, page.Body)
}

// LateWork answers like a proxy that timed out (an HTML 504 page) and lets GitLab finish the work
// delay later.
func LateWork(method, path string, delay time.Duration) Fault {
	page := HTMLError(method, path, http.StatusGatewayTimeout)
	page.Kind, page.Delay = FaultLateWork, delay
	return page
}

// Slow delays GitLab's answer.
func Slow(method, path string, delay time.Duration) Fault {
	return Fault{Method: method, Path: path, Kind: FaultSlow, Delay: delay}
}
