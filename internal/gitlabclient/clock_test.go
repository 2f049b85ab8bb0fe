package gitlabclient

import (
	"context"
	"sync"
	"time"
)

// testClock waits no real time: it records each wait it was asked for and returns at once (or with
// the context's error).
type testClock struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (c *testClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	return nil
}

// count is how many waits of d the clock was asked for.
func (c *testClock) count(d time.Duration) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, w := range c.waits {
		if w == d {
			n++
		}
	}
	return n
}
