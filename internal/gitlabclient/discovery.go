package gitlabclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
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

// discovery holds what the discovery document said, fetched at most once per client.
type discovery struct {
	headers   map[string]string
	userAgent string

	once   sync.Once
	scopes []string
	err    error
}

func newDiscovery(cfg Config) *discovery {
	return &discovery{headers: cfg.Headers, userAgent: cfg.UserAgent}
}

// SupportedScopes returns the scopes the server validates against: scopes_supported of its OpenID
// discovery document (at the instance's root, not under /api/v4, read without a token). The document
// is fetched once per client, by the first caller while the others wait; a failure is kept as well
// (an error wrapping ErrScopesUnknown), so that a blocked document costs one request, not one per
// resource. The dynamic user:<name> scopes are never listed.
func (c *Client) SupportedScopes(ctx context.Context) ([]string, error) {
	d := c.discovery
	d.once.Do(func() { d.scopes, d.err = c.fetchSupportedScopes(ctx) })
	return d.scopes, d.err
}

func (c *Client) fetchSupportedScopes(ctx context.Context) ([]string, error) {
	url := strings.TrimSuffix(c.baseURL, "api/v4/") + discoveryPath
	unknown := func(format string, args ...any) error {
		return fmt.Errorf("%w: GET %s %s", ErrScopesUnknown, url, fmt.Sprintf(format, args...))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, unknown("cannot be built: %v", err)
	}
	// The headers of the provider's configuration, which a proxy in front of GitLab may need, but not
	// the token: the document is public, and it might be served by something that is not GitLab.
	for name, value := range c.discovery.headers {
		req.Header.Set(name, value)
	}
	if c.discovery.userAgent != "" {
		req.Header.Set("User-Agent", c.discovery.userAgent)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, unknown("failed: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDiscoveryBody))
		return nil, unknown("answered %s", resp.Status)
	}
	var doc struct {
		ScopesSupported []string `json:"scopes_supported"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxDiscoveryBody)).Decode(&doc); err != nil {
		return nil, unknown("answered something that is not a discovery document (%v)", err)
	}
	if len(doc.ScopesSupported) == 0 {
		// No list is not a list of no scopes.
		return nil, unknown("answered a document without scopes_supported")
	}
	return doc.ScopesSupported, nil
}
