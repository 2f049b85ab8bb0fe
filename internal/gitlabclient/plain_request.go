package gitlabclient

import (
	"context"
	"io"
	"net/http"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// plainRequest sends a request that client-go cannot carry (it is not under /api/v4, or must not
// carry the token) and that is safe to repeat, with the retries of every other call: a 429 waits as
// GitLab asks, a 5xx (but 501) or a lost connection is retried with backoff, up to Config.Retries
// times; what a retry cannot cure (an unknown host, a TLS failure) and a cancelled context end at once.
// build makes each attempt's request afresh. The last answer is returned as it came, whatever its
// status, for the caller to judge; its body is the caller's to close.
func (c *Client) plainRequest(ctx context.Context, build func(context.Context) (*http.Request, error)) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		req, err := build(ctx)
		if err != nil {
			return nil, err
		}
		resp, err := c.http.Do(req)
		if err != nil {
			// http.Client's own errors quote the answer too (a Location header it cannot parse), past
			// the transport's cleaning.
			err = c.masks.forRequest(req.Header).cleanError(err)
		}
		if ctx.Err() != nil {
			if resp != nil {
				_ = resp.Body.Close()
			}
			return nil, ctx.Err()
		}
		// Every request sent here is safe to repeat, whether or not it may have reached GitLab.
		reason, retryable, _ := attemptFailure(resp, err)
		if !retryable {
			if err != nil {
				return nil, err
			}
			return resp, nil
		}
		if attempt >= c.retries {
			return resp, err
		}
		wait := backoff(c.retryWaitMin, c.retryWaitMax, attempt, resp)
		if resp != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
			_ = resp.Body.Close()
		}
		tflog.Debug(ctx, "GitLab request will be retried", map[string]any{
			"method": req.Method, "url": c.masks.clean(req.URL.String(), maxQuotedText), "attempt": attempt + 1, "retries": c.retries,
			"reason": reason, "wait_ms": wait.Milliseconds(),
		})
		if err := c.clock.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}
