package gitlabclient

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"
)

// maxRateLimitWait caps how long one 429 makes the provider wait, whatever GitLab asks for.
const maxRateLimitWait = 5 * time.Minute

// shouldRetry decides whether retryablehttp sends a request again:
//   - a 429 always: GitLab rejected it before doing anything;
//   - a 5xx (but 501) or a lost connection only for idempotent methods: a POST that may have reached
//     GitLab is never resent (the create path reconciles instead, see findLostCreate);
//   - a connection that was never made (dial error) always: nothing reached GitLab.
//
// A cancelled context stops at once.
func shouldRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	method := http.MethodGet
	if ex := exchangeFrom(ctx); ex != nil {
		method = ex.method
	}
	if err != nil {
		var opErr *net.OpError
		if errors.As(err, &opErr) && opErr.Op == "dial" {
			return true, nil
		}
		return idempotent(method), nil
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, nil
	case resp.StatusCode == 0, resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return idempotent(method), nil
	}
	return false, nil
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// backoff waits as a 429 asks (Retry-After, else RateLimit-Reset), and otherwise exponentially with
// jitter between min and max.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
		if wait, ok := rateLimitWait(resp.Header, time.Now()); ok {
			return wait
		}
	}
	wait := time.Duration(float64(minWait) * math.Pow(2, float64(attempt)))
	if wait > maxWait || wait <= 0 {
		wait = maxWait
	}
	// Up to a quarter of jitter keeps many clients from retrying in step.
	return wait - time.Duration(rand.Int64N(int64(wait)/4+1))
}

// rateLimitWait reads how long GitLab asks a rate-limited client to wait.
func rateLimitWait(h http.Header, now time.Time) (time.Duration, bool) {
	var wait time.Duration
	if v := h.Get("Retry-After"); v != "" {
		if seconds, err := strconv.Atoi(v); err == nil {
			wait = time.Duration(seconds) * time.Second
		} else if at, err := http.ParseTime(v); err == nil {
			wait = at.Sub(now)
		} else {
			return 0, false
		}
	} else if v := h.Get("RateLimit-Reset"); v != "" {
		epoch, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, false
		}
		wait = time.Unix(epoch, 0).Sub(now)
	} else {
		return 0, false
	}
	return min(max(wait, 0), maxRateLimitWait), true
}
