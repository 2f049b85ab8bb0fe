package gitlabclient

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"golang.org/x/sync/singleflight"
)

// sharedCalls runs one call per key for every caller that asks for it meanwhile (singleflight). The
// call runs on a context of its own that keeps the first caller's values but not its cancellation
// (context.WithoutCancel): a Read that Terraform cancels leaves the list running for the Reads still
// waiting on it. Only when every caller has given up is the call cancelled, so a cancelled command
// (Ctrl-C cancels every call) still stops at once.
//
// singleflight knows neither who still waits nor how to cancel, so each call also has a record here
// with its waiters and its cancel function. A record leaves the table when its call ends or when
// every waiter has given up, and every record has a flight key of its own: a caller that comes after
// that starts a new call instead of joining one that is being cancelled.
type sharedCalls[T any] struct {
	flights singleflight.Group
	mu      sync.Mutex
	calls   map[string]*sharedCall
	next    uint64 // numbers the records, for their flight keys
}

type sharedCall struct {
	flight  string
	ctx     context.Context
	cancel  context.CancelFunc
	waiters int // guarded by sharedCalls.mu
}

// do returns the result of the call under key, starting fn when none is running.
func (g *sharedCalls[T]) do(ctx context.Context, key string, fn func(context.Context) (T, error)) (T, error) {
	g.mu.Lock()
	call, running := g.calls[key]
	if !running {
		callCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		g.next++
		call = &sharedCall{flight: key + "#" + strconv.FormatUint(g.next, 10), ctx: callCtx, cancel: cancel}
		if g.calls == nil {
			g.calls = map[string]*sharedCall{}
		}
		g.calls[key] = call
	}
	call.waiters++
	// Under g.mu, so that a record still in the table always has its flight running.
	results := g.flights.DoChan(call.flight, func() (any, error) {
		defer call.cancel()
		defer g.forget(key, call)
		return fn(call.ctx)
	})
	g.mu.Unlock()

	var zero T
	select {
	case r := <-results:
		if r.Err != nil {
			return zero, r.Err
		}
		val, ok := r.Val.(T)
		if !ok {
			return zero, fmt.Errorf("shared call %s returned %T", key, r.Val)
		}
		return val, nil
	case <-ctx.Done():
		g.mu.Lock()
		call.waiters--
		if call.waiters == 0 {
			// Nobody wants the answer any more; a caller that comes later starts a new call.
			g.forgetLocked(key, call)
			call.cancel()
		}
		g.mu.Unlock()
		return zero, ctx.Err()
	}
}

// forget removes the call from the running ones, unless a newer call has taken its key.
func (g *sharedCalls[T]) forget(key string, call *sharedCall) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.forgetLocked(key, call)
}

func (g *sharedCalls[T]) forgetLocked(key string, call *sharedCall) {
	if g.calls[key] == call {
		delete(g.calls, key)
	}
}
