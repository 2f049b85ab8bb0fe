package chaos

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// requestTrace is what the fake answered, in order, for a violation's report.
type requestTrace struct {
	mu    sync.Mutex
	lines []string
	start time.Time
}

func (r *requestTrace) add(req fakegitlab.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.start.IsZero() {
		r.start = req.Time
	}
	r.lines = append(r.lines, fmt.Sprintf("    %6dms %s %s -> %d", req.Time.Sub(r.start).Milliseconds(), req.Method, req.Path, req.Status))
}

func (r *requestTrace) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return "  requests, as the fake answered them (arrival time):\n" + strings.Join(r.lines, "\n")
}
