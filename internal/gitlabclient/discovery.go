package gitlabclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	pathpkg "path"
	"strings"
	"sync"
)

// discoveryPath is GitLab's OpenID Connect discovery document, relative to the instance's root.
const discoveryPath = ".well-known/openid-configuration"

// maxDiscoveryBody bounds the document; GitLab's is about 2 KiB.
const maxDiscoveryBody = 1 << 20

// ErrScopesUnknown: the server's scope list could not be had (a proxy blocks the document, an old or
// odd server, a network error). It says nothing about which scopes the server knows.
var ErrScopesUnknown = errors.New("the server's list of scopes could not be read")

// discovery holds what the discovery document said. It is fetched once per client (one Terraform
// command) by one shared call (the first caller's cancellation does not end it for the others), with
// the retries of every call, and what it found is kept for the command: the document, or a failure,
// lasting (404 behind a blocking proxy, a page that is not a discovery document, one too large) or not
// (429 or 5xx after the retries, no answer), since a failure that outlasted the retries is not over by
// the next resource, and each fetch again would cost every check the retries' waits. Only what says
// nothing of the document is asked again: an answer cut off mid-body, which the retries do not cover
// (they judge the status), and a caller that gave up.
type discovery struct {
	headers   map[string]string
	userAgent string

	fetch   sharedCalls[discoveryResult]
	mu      sync.Mutex
	settled *discoveryResult // nil until the document or a lasting failure is known
}

// discoveryResult is one fetch of the document.
type discoveryResult struct {
	// err: the document could not be had (wraps ErrScopesUnknown).
	err error
	// askAgain: err says nothing of the document (a cut-off answer, a cancelled caller), so it is not kept.
	askAgain bool
	// scopes is scopes_supported; scopesErr says why there are none.
	scopes    []string
	scopesErr error
	// tokenEndpoint is token_endpoint, empty when the document names none.
	tokenEndpoint string
}

func newDiscovery(cfg Config) *discovery {
	return &discovery{headers: cfg.Headers, userAgent: cfg.UserAgent}
}

// SupportedScopes returns the scopes the server validates against: scopes_supported of its OpenID
// discovery document (at the instance's root, not under /api/v4, read without a token). The document
// is fetched once per client while concurrent callers wait, and kept; a lasting failure is kept as well
// (an error wrapping ErrScopesUnknown), so that a blocked document costs one request, not one per
// resource. The dynamic user:<name> scopes are never listed.
func (c *Client) SupportedScopes(ctx context.Context) ([]string, error) {
	doc := c.discoveryDocument(ctx)
	if doc.err != nil {
		return nil, doc.err
	}
	return doc.scopes, doc.scopesErr
}

// discoveryDocument returns the settled document, or fetches it.
func (c *Client) discoveryDocument(ctx context.Context) discoveryResult {
	d := c.discovery
	d.mu.Lock()
	settled := d.settled
	d.mu.Unlock()
	if settled != nil {
		return *settled
	}
	result, err := d.fetch.do(ctx, "", func(ctx context.Context) (discoveryResult, error) {
		// Settled while this caller was on its way here: a call that had already ended.
		d.mu.Lock()
		settled := d.settled
		d.mu.Unlock()
		if settled != nil {
			return *settled, nil
		}
		result, err := c.fetchDiscovery(ctx)
		if !result.askAgain {
			// Before the shared call ends, so that no caller starts another one meanwhile.
			d.mu.Lock()
			d.settled = &result
			d.mu.Unlock()
		}
		return result, err
	})
	if err != nil { // this caller gave up (sharedCalls answers only with its context's error)
		return discoveryResult{err: fmt.Errorf("%w: reading %s was cancelled: %w", ErrScopesUnknown, c.discoveryURL(), err), askAgain: true}
	}
	return result
}

func (c *Client) discoveryURL() string {
	return c.instanceRoot() + discoveryPath
}

// instanceRoot is GitLab's address without /api/v4, ending in "/": https://example.com/gitlab/.
func (c *Client) instanceRoot() string {
	return strings.TrimSuffix(c.baseURL, "api/v4/")
}

// fetchDiscovery reads the document, with the retries of every other call. Its error is in the
// result, so that sharedCalls reports only cancellations as errors.
func (c *Client) fetchDiscovery(ctx context.Context) (discoveryResult, error) {
	url := c.discoveryURL()
	failed := func(askAgain bool, format string, args ...any) (discoveryResult, error) {
		return discoveryResult{
			err:      fmt.Errorf("%w: GET %s %s", ErrScopesUnknown, url, fmt.Sprintf(format, args...)),
			askAgain: askAgain,
		}, nil
	}
	resp, err := c.plainRequest(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, fmt.Errorf("cannot be built: %w", err)
		}
		// The headers of the provider's configuration, which a proxy in front of GitLab may need, but
		// not the token: the document is public, and it might be served by something that is not GitLab.
		c.discovery.setHeaders(req)
		req.Header.Set("Accept", "application/json")
		return req, nil
	})
	if err != nil {
		return failed(ctx.Err() != nil, "failed: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDiscoveryBody))
		return failed(false, "answered %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDiscoveryBody+1))
	switch {
	case len(body) > maxDiscoveryBody || errors.Is(err, ErrAnswerTooLarge):
		return failed(false, "answered more than %d KiB, which is no discovery document", maxDiscoveryBody>>10)
	case err != nil:
		return failed(true, "answered %s cut off mid-way", resp.Status)
	}
	var doc struct {
		ScopesSupported []string `json:"scopes_supported"`
		TokenEndpoint   string   `json:"token_endpoint"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return failed(false, "answered something that is not a discovery document (%s)", answerProblem(err, c.masks))
	}
	result := discoveryResult{scopes: c.masks.cleanEach(doc.ScopesSupported, maxScopeText), tokenEndpoint: doc.TokenEndpoint}
	if len(doc.ScopesSupported) == 0 {
		// No list is not a list of no scopes.
		result.scopes, result.scopesErr = nil, fmt.Errorf("%w: GET %s answered a document without scopes_supported", ErrScopesUnknown, url)
	}
	return result, nil
}

// setHeaders sets the configured headers and the user agent on a request that carries no token.
func (d *discovery) setHeaders(req *http.Request) {
	for name, value := range d.headers {
		req.Header.Set(name, value)
	}
	if d.userAgent != "" {
		req.Header.Set("User-Agent", d.userAgent)
	}
}

// underRoot reports whether raw is an absolute http(s) URL with the scheme and host of root and a
// path below root's (a relative URL root such as /gitlab/ included), without a user, a query, a
// fragment, an escaped or a dot segment: the client's secret goes nowhere else than base_url points to,
// whatever a document says.
func underRoot(raw, root string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.RawPath != "" {
		return false
	}
	r, err := url.Parse(root)
	if err != nil || !strings.EqualFold(u.Scheme, r.Scheme) || !strings.EqualFold(u.Host, r.Host) {
		return false
	}
	return strings.HasPrefix(u.Path, r.Path) && pathpkg.Clean(u.Path) == u.Path
}
