package gitlabclient

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// stoppedChecksQuiet is how long no new check must come before the check that stopped the others
// reports how many were not made: Terraform refreshes the rest of a command's resources (each a
// skipped check now, which costs nothing) well within it.
const stoppedChecksQuiet = time.Second

// maxStoppedChecksWait bounds how long the reporting check waits for the others to come by; a check
// after that reports itself.
const maxStoppedChecksWait = time.Minute

// secretChecksStop ends a command's secret checks once the token endpoint stays rate limited after
// the retries: each further check would wait through its own retries (GitLab's protected-path
// throttle asks for 60 s), N checks about N/4 x retries x 60 s. From then on no check sends anything.
//
// The user hears of it once: the first check that ends rate limited waits until the checks of the
// command have come by (none running but itself, and none new for stoppedChecksQuiet), then returns
// ErrSecretChecksStopped with the number of checks not made, itself included. The others, skipped or
// rate limited meanwhile, return ErrSecretCheckSkipped, which the provider does not repeat. A check
// that comes after that report returns an error of its own, so that none goes unmentioned.
type secretChecksStop struct {
	mu sync.Mutex
	// changed is closed and replaced whenever running changes.
	changed chan struct{}
	// running counts the checks between enter and done; entered every check that ever entered.
	running int
	entered uint64
	// stopped: the token endpoint stayed rate limited; reported: the count was returned.
	stopped, reported bool
	// unchecked counts the checks not made since the stop, until it is reported.
	unchecked int
	why       string
}

// enter counts a check in, or skips it when the checks have stopped; done counts it out either way.
func (s *secretChecksStop) enter() (done func(), err error) {
	s.mu.Lock()
	s.running++
	s.entered++
	s.broadcastLocked()
	err = s.skipLocked()
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		s.running--
		s.broadcastLocked()
		s.mu.Unlock()
	}, err
}

// skipIfStopped returns the error of a check not made, when the checks have stopped.
func (s *secretChecksStop) skipIfStopped() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.skipLocked()
}

func (s *secretChecksStop) skipLocked() error {
	switch {
	case !s.stopped:
		return nil
	case !s.reported:
		s.unchecked++
		return ErrSecretCheckSkipped
	}
	return fmt.Errorf("%w: not checked, the secret checks of this command stopped earlier: %s", ErrSecretUnchecked, s.why)
}

// rateLimited stops the checks for a check that ended rate limited (why says how) and returns its
// error: the report, when it is the first, after the other checks have come by.
func (s *secretChecksStop) rateLimited(ctx context.Context, clock Clock, why string) error {
	s.mu.Lock()
	if s.stopped {
		err := s.skipLocked()
		s.mu.Unlock()
		return err
	}
	s.stopped, s.why, s.unchecked = true, why, 1
	s.mu.Unlock()

	s.awaitOthers(ctx, clock)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reported = true
	return fmt.Errorf("%w: %s: %d not checked, this one included", ErrSecretChecksStopped, why, s.unchecked)
}

// awaitOthers waits until no other check is running and none has entered for stoppedChecksQuiet, at
// most about maxStoppedChecksWait.
func (s *secretChecksStop) awaitOthers(ctx context.Context, clock Clock) {
	for range int(maxStoppedChecksWait / stoppedChecksQuiet) {
		if !s.awaitAlone(ctx) {
			return
		}
		s.mu.Lock()
		seen := s.entered
		s.mu.Unlock()
		if clock.Sleep(ctx, stoppedChecksQuiet) != nil {
			return
		}
		s.mu.Lock()
		quiet := s.entered == seen && s.running <= 1
		s.mu.Unlock()
		if quiet {
			return
		}
	}
}

// awaitAlone waits until the calling check is the only one running; false when ctx ended first.
func (s *secretChecksStop) awaitAlone(ctx context.Context) bool {
	for {
		s.mu.Lock()
		if s.running <= 1 {
			s.mu.Unlock()
			return true
		}
		if s.changed == nil {
			s.changed = make(chan struct{})
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return false
		}
	}
}

func (s *secretChecksStop) broadcastLocked() {
	if s.changed != nil {
		close(s.changed)
		s.changed = nil
	}
}
