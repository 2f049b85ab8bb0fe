package fakegitlab

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// FaultKind is how an injected fault breaks a request.
type FaultKind int

const (
	// FaultStatus answers with Status, Body and Header instead of doing the work (a 429, a proxy's 502).
	FaultStatus FaultKind = iota
	// FaultCutConnection closes the connection before doing the work.
	FaultCutConnection
	// FaultLoseAnswer does the work (an application is created), then closes the connection unanswered.
	FaultLoseAnswer
	// FaultDelay waits Delay, then handles the request normally.
	FaultDelay
)

// Fault breaks the next Times requests that match Method ("" any) and Path (a prefix).
type Fault struct {
	Method string
	Path   string
	Times  int
	Kind   FaultKind
	Status int
	Body   string
	Header http.Header
	Delay  time.Duration
}

// InjectFault adds a fault; faults apply in the order they were added.
func (s *Server) InjectFault(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

func (s *Server) takeFault(r *http.Request) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if (f.Method == "" || f.Method == r.Method) && strings.HasPrefix(r.URL.Path, f.Path) {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
			copied := *f
			return &copied
		}
	}
	return nil
}

// apply breaks the request; handle does the real work.
func (f *Fault) apply(w http.ResponseWriter, r *http.Request, handle func(http.ResponseWriter)) {
	switch f.Kind {
	case FaultStatus:
		for k, values := range f.Header {
			for _, v := range values {
				w.Header().Add(k, v)
			}
		}
		w.WriteHeader(f.Status)
		_, _ = io.WriteString(w, f.Body)
	case FaultCutConnection:
		cut(w)
	case FaultLoseAnswer:
		handle(httptest.NewRecorder())
		cut(w)
	case FaultDelay:
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
		}
		handle(w)
	}
}

// cut closes the client's connection without an answer.
func cut(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// JSONError answers like GitLab itself failing: {"message":"500 Internal Server Error"}.
func JSONError(method, path string, status int) Fault {
	return Fault{
		Method: method, Path: path, Kind: FaultStatus, Status: status,
		Body:   fmt.Sprintf(`{"message":"%d %s"}`, status, http.StatusText(status)),
		Header: http.Header{"Content-Type": {"application/json"}},
	}
}

// HTMLError answers like a proxy in front of GitLab: an HTML error page.
func HTMLError(method, path string, status int) Fault {
	return Fault{
		Method: method, Path: path, Kind: FaultStatus, Status: status,
		Body:   fmt.Sprintf("<html><body><h1>%d %s</h1></body></html>", status, http.StatusText(status)),
		Header: http.Header{"Content-Type": {"text/html"}},
	}
}

// RateLimited answers like GitLab's rate limiter: 429 "Retry later" with Retry-After.
func RateLimited(method, path string, retryAfter int) Fault {
	return Fault{
		Method: method, Path: path, Kind: FaultStatus, Status: http.StatusTooManyRequests, Body: "Retry later",
		Header: http.Header{"Retry-After": {strconv.Itoa(retryAfter)}, "Content-Type": {"text/plain"}},
	}
}
