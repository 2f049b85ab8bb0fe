package gitlabclient

import (
	"context"
	"time"
)

// Clock is how the client waits: between retries, before it confirms that a secret no longer works,
// and while the secret checks of a command that stopped come to an end. Tests give one that does not
// wait a real minute when GitLab asks for one.
type Clock interface {
	// Sleep waits d, or until ctx ends, and then returns ctx's error.
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock waits in real time; the client's Clock when Config has none.
type RealClock struct{}

func (RealClock) Sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
