package fakegitlab

import (
	"net/http"
	"regexp"
	"time"
)

// Request is one request the fake saw. The token is never recorded.
type Request struct {
	Method string
	Path   string
	Query  string
	// Status is the answer's status; 0 when the connection was cut without one.
	Status int
	// Time is when the request arrived.
	Time time.Time
}

func (s *Server) record(r *http.Request) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Time: time.Now()})
	return len(s.requests) - 1
}

func (s *Server) setStatus(i, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i < len(s.requests) {
		s.requests[i].Status = status
	}
}

// Requests returns every request since the last reset, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ResetRequests empties the request log.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// CountRequests counts requests with this method and exact path, such as ("GET", "/api/v4/applications").
func (s *Server) CountRequests(method, path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

var numericSegment = regexp.MustCompile(`/[0-9]+(/|$)`)

// Stats counts requests per "METHOD path", with ids written as :id.
func (s *Server) Stats() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	stats := map[string]int{}
	for _, r := range s.requests {
		stats[r.Method+" "+numericSegment.ReplaceAllString(r.Path, "/:id$1")]++
	}
	return stats
}
