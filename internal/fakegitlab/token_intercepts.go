package fakegitlab

import (
	"net/http"
	"slices"
	"sync"
)

// InterceptTokenRequests answers the next f.Times token endpoint requests whose credentials name
// clientID (Basic or form fields, as Doorkeeper reads them) with f.Status, f.Header and f.Body instead
// of Doorkeeper's answer: a gateway or a WAF in front of GitLab, or Doorkeeper itself at a given
// moment, for one application only, so that tests of several applications at once stay
// deterministic. f.Times 0 means 1, a negative number every such request until ClearTokenIntercepts;
// f.Method, f.Path and f.Kind are ignored. Intercepted requests are recorded like any other.
func (s *Server) InterceptTokenRequests(clientID string, f Fault) {
	if f.Times == 0 {
		f.Times = 1
	}
	f.Header = f.Header.Clone()
	s.tokenIntercepts.mu.Lock()
	defer s.tokenIntercepts.mu.Unlock()
	s.tokenIntercepts.pending = append(s.tokenIntercepts.pending, interceptedClient{clientID: clientID, answer: &f})
}

// ClearTokenIntercepts drops the pending InterceptTokenRequests of clientID.
func (s *Server) ClearTokenIntercepts(clientID string) {
	s.tokenIntercepts.mu.Lock()
	defer s.tokenIntercepts.mu.Unlock()
	s.tokenIntercepts.pending = slices.DeleteFunc(s.tokenIntercepts.pending, func(p interceptedClient) bool { return p.clientID == clientID })
}

type tokenIntercepts struct {
	mu      sync.Mutex
	pending []interceptedClient
}

type interceptedClient struct {
	clientID string
	answer   *Fault
}

// take returns the answer of the first pending intercept of the request's client, using one of its
// Times. The request's form must be parsed.
func (q *tokenIntercepts) take(r *http.Request) (Fault, bool) {
	uid, _ := clientCredentials(r)
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, p := range q.pending {
		if p.clientID != uid {
			continue
		}
		f := *p.answer
		if p.answer.Times > 0 {
			p.answer.Times--
			if p.answer.Times == 0 {
				q.pending = append(q.pending[:i], q.pending[i+1:]...)
			}
		}
		return f, true
	}
	return Fault{}, false
}
