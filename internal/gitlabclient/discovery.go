package gitlabclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
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

// discovery holds what the discovery document said. It is fetched once per client by one shared call
// (the first caller's cancellation does not end it for the others) and kept once it is settled: the
// document, or an answer that will not change within a command (404 behind a blocking proxy, a page
// that is not a discovery document). A transient failure (429 or 5xx after the retries, no answer)
// and a cancellation are not kept, so the next caller asks again.
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
	// transient: err may not happen again (429, 5xx, no answer).
	transient bool
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
		if !result.transient {
			// Before the shared call ends, so that no caller starts another one meanwhile.
			d.mu.Lock()
			d.settled = &result
			d.mu.Unlock()
		}
		return result, err
	})
	if err != nil { // this caller gave up (sharedCalls answers only with its context's error)
		return discoveryResult{err: fmt.Errorf("%w: reading %s was cancelled: %w", ErrScopesUnknown, c.discoveryURL(), err), transient: true}
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
	failed := func(transient bool, format string, args ...any) (discoveryResult, error) {
		return discoveryResult{
			err:       fmt.Errorf("%w: GET %s %s", ErrScopesUnknown, url, fmt.Sprintf(format, args...)),
			transient: transient,
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
		// Cancelled, or no answer after the retries: neither says anything lasting about the document.
		return failed(true, "failed: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDiscoveryBody))
		return failed(resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500, "answered %s", resp.Status)
	}
	var doc struct {
		ScopesSupported []string `json:"scopes_supported"`
		TokenEndpoint   string   `json:"token_endpoint"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxDiscoveryBody)).Decode(&doc); err != nil {
		// A document cut off mid-way is a lost answer, not a lasting one.
		return failed(errors.Is(err, io.ErrUnexpectedEOF), "answered something that is not a discovery document (%s)", answerProblem(err, c.masks))
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

// sameOrigin reports whether raw is an absolute http(s) URL with the scheme and host of base.
func sameOrigin(raw, base string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil {
		return false
	}
	b, err := url.Parse(base)
	return err == nil && strings.EqualFold(u.Scheme, b.Scheme) && strings.EqualFold(u.Host, b.Host)
}
