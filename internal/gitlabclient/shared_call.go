package gitlabclient

import (
	"context"
	"sync"
)

// sharedCalls runs one call per key for every caller that asks for it meanwhile (a single flight).
// The call runs on a context of its own that keeps the first caller's values but not its
// cancellation: a Read that Terraform cancels leaves the list running for the Reads still waiting on
// it. Only when every caller has given up is the call cancelled, so a cancelled command (Ctrl-C
// cancels every call) still stops at once.
type sharedCalls[T any] struct {
	mu    sync.Mutex
	calls map[string]*sharedCall[T]
}

type sharedCall[T any] struct {
	done    chan struct{} // closed once val and err are set
	val     T
	err     error
	waiters int // callers still waiting; guarded by sharedCalls.mu
	cancel  context.CancelFunc
}

// do returns the result of the call under key, starting fn when none is running.
func (g *sharedCalls[T]) do(ctx context.Context, key string, fn func(context.Context) (T, error)) (T, error) {
	g.mu.Lock()
	call, running := g.calls[key]
	if !running {
		callCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		call = &sharedCall[T]{done: make(chan struct{}), cancel: cancel}
		if g.calls == nil {
			g.calls = map[string]*sharedCall[T]{}
		}
		g.calls[key] = call
		go func() {
			defer cancel()
			call.val, call.err = fn(callCtx)
			g.forget(key, call)
			close(call.done)
		}()
	}
	call.waiters++
	g.mu.Unlock()

	select {
	case <-call.done:
		return call.val, call.err
	case <-ctx.Done():
		g.mu.Lock()
		call.waiters--
		if call.waiters == 0 {
			// Nobody wants the answer any more; a caller that comes later starts a new call.
			if g.calls[key] == call {
				delete(g.calls, key)
			}
			call.cancel()
		}
		g.mu.Unlock()
		var zero T
		return zero, ctx.Err()
	}
}

// forget removes the call from the running ones, unless a newer call has taken its key.
func (g *sharedCalls[T]) forget(key string, call *sharedCall[T]) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.calls[key] == call {
		delete(g.calls, key)
	}
}
