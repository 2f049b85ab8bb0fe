package gitlabclient

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// maxRateLimitWait caps how long one 429 makes the provider wait, whatever GitLab asks for.
const maxRateLimitWait = 5 * time.Minute

// shouldRetry decides whether retryablehttp sends a request again:
//   - a 429 always: GitLab rejected it before doing anything;
//   - a 5xx (but 501) or a lost connection only for GET, HEAD, OPTIONS, PUT and DELETE: a POST that may
//     have reached GitLab is never resent (a create reconciles instead, see lost_create.go);
//   - a connection that was never made (dial error) always: nothing reached GitLab;
//   - never what a retry cannot cure: an unknown host, a certificate or TLS failure.
//
// A cancelled context stops at once; retryablehttp's wait between attempts also ends with it.
func (c *Client) shouldRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	ex := exchangeFrom(ctx)
	method := http.MethodPost // unknown: the safe assumption
	if ex != nil {
		method = ex.method
	} else if resp != nil && resp.Request != nil {
		method = resp.Request.Method
	}

	reason, retryable, mayHaveHappened := attemptFailure(resp, err)
	retry := retryable && (!mayHaveHappened || idempotent(method))
	if retry && ex != nil && ex.attempts <= c.retries {
		fields := map[string]any{"method": method, "url": ex.url, "attempt": ex.attempts, "retries": c.retries, "reason": reason}
		if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
			if wait, ok := serverWait(resp); ok {
				fields["wait_ms"] = wait.Milliseconds()
			}
		}
		tflog.Debug(ctx, "GitLab request will be retried", fields)
	}
	return retry, nil
}

// attemptFailure says why one attempt failed, whether a retry may cure it, and whether the request may
// have reached GitLab (so that only a request safe to repeat is sent again): a 429 did nothing, a
// connection never made sent nothing, a 5xx (but 501) or a lost connection may have done the work,
// and what a retry cannot cure (an unknown host, a TLS failure) is not retryable. An answer that is
// none of these is no failure: reason is empty.
func attemptFailure(resp *http.Response, err error) (reason string, retryable, mayHaveHappened bool) {
	switch {
	case err != nil:
		return err.Error(), !permanent(err), !nothingSent(err)
	case resp.StatusCode == http.StatusTooManyRequests:
		return "429 Too Many Requests", true, false
	case resp.StatusCode == 0, resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return strconv.Itoa(resp.StatusCode) + " " + http.StatusText(resp.StatusCode), true, true
	}
	return "", false, false
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// backoff waits as a 429 (or a 503 that says so) asks, with Retry-After or else RateLimit-Reset, and
// otherwise as retryablehttp's DefaultBackoff (minWait·2^attempt, at most maxWait) less up to a quarter
// of jitter, which keeps many clients from retrying in step. The server's wait is read here, not by
// DefaultBackoff (no RateLimit-Reset, no cap) nor client-go's rate-limit backoff (unexported, and it
// only reads RateLimit-Reset).
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	maxWait = max(maxWait, minWait)
	if wait, ok := serverWait(resp); ok {
		if resp.StatusCode == http.StatusServiceUnavailable {
			wait = min(wait, maxWait) // a proxy's hint, not GitLab's rate limit
		}
		return max(wait, minWait)
	}
	ceiling := retryablehttp.DefaultBackoff(minWait, maxWait, attempt, nil)
	wait := ceiling - time.Duration(rand.Int64N(int64(ceiling)/4+1))
	return max(wait, minWait)
}

// serverWait is how long a 429 or 503 answer asks the client to wait, at most maxRateLimitWait.
func serverWait(resp *http.Response) (time.Duration, bool) {
	if resp == nil || (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable) {
		return 0, false
	}
	return rateLimitWait(resp.Header, time.Now())
}

// rateLimitWait reads how long GitLab asks a rate-limited client to wait: Retry-After (seconds or an
// HTTP date), else RateLimit-Reset (epoch seconds); capped at maxRateLimitWait.
func rateLimitWait(h http.Header, now time.Time) (time.Duration, bool) {
	var wait time.Duration
	if v := h.Get("Retry-After"); v != "" {
		if seconds, err := strconv.ParseInt(v, 10, 64); err == nil {
			wait = time.Duration(min(seconds, int64(maxRateLimitWait/time.Second))) * time.Second
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
