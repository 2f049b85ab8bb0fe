package gitlabclient

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// blockingList is a list of applications that answers only when released, counting its calls and
// reporting whether its context was cancelled.
type blockingList struct {
	calls     atomic.Int32
	started   chan struct{}
	release   chan struct{}
	cancelled chan struct{}
}

func newBlockingList() *blockingList {
	return &blockingList{started: make(chan struct{}, 10), release: make(chan struct{}), cancelled: make(chan struct{}, 10)}
}

func (l *blockingList) list(ctx context.Context) ([]Application, error) {
	l.calls.Add(1)
	l.started <- struct{}{}
	select {
	case <-l.release:
		return []Application{{ID: 7, Name: "ci"}}, nil
	case <-ctx.Done():
		l.cancelled <- struct{}{}
		return nil, ctx.Err()
	}
}

// waitForWaiters waits until n callers wait on the snapshot's list.
func waitForWaiters(t *testing.T, c *snapshotCache, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		c.flights.mu.Lock()
		waiting := 0
		for _, call := range c.flights.calls {
			waiting += call.waiters
		}
		c.flights.mu.Unlock()
		if waiting == n {
			return
		}
	}
	t.Fatalf("%d callers never waited on the list", n)
}

func TestSnapshotOutlivesACancelledRead(t *testing.T) {
	t.Parallel()
	var c snapshotCache
	l := newBlockingList()

	first, cancelFirst := context.WithCancel(t.Context())
	firstErr := make(chan error, 1)
	go func() {
		_, err := c.snapshot(first, l.list)
		firstErr <- err
	}()
	<-l.started
	type answer struct {
		apps map[int64]Application
		err  error
	}
	second := make(chan answer, 1)
	go func() {
		apps, err := c.snapshot(t.Context(), l.list)
		second <- answer{apps, err}
	}()
	waitForWaiters(t, &c, 2)

	cancelFirst()
	if err := <-firstErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("the cancelled Read got %v, want context.Canceled", err)
	}
	close(l.release)
	got := <-second
	if got.err != nil || got.apps[7].Name != "ci" {
		t.Fatalf("the Read still waiting got %v, %v; want the list", got.apps, got.err)
	}
	if n := l.calls.Load(); n != 1 {
		t.Errorf("listed %d times, want once", n)
	}
	select {
	case <-l.cancelled:
		t.Error("the list was cancelled while a Read still waited on it")
	default:
	}
}

func TestSnapshotListStopsWhenEveryReadIsCancelled(t *testing.T) {
	t.Parallel()
	var c snapshotCache
	l := newBlockingList()

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := c.snapshot(ctx, l.list)
		done <- err
	}()
	<-l.started
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	select {
	case <-l.cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the list went on with nobody waiting for it")
	}

	// The next Read starts a list of its own rather than joining the abandoned one.
	close(l.release)
	apps, err := c.snapshot(t.Context(), l.list)
	if err != nil || len(apps) != 1 || l.calls.Load() != 2 {
		t.Errorf("after an abandoned list: %v, %v, %d lists", apps, err, l.calls.Load())
	}
}
