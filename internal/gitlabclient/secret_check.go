package gitlabclient

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// maxSecretChecksInFlight bounds the token endpoint requests of one client (one Terraform command)
// at a time, however many resources refresh at once: each costs GitLab a password hash, and shared CI
// runners share the IP address an instance may throttle.
const maxSecretChecksInFlight = 4

// maxTokenAnswer bounds the token endpoint's answer; Doorkeeper's errors are a few hundred bytes.
const maxTokenAnswer = 64 << 10

// tokenEndpointPath is the token endpoint relative to the instance's root, when the discovery document
// names none.
const tokenEndpointPath = "oauth/token"

// SecretVerdict is what the token endpoint said of a client id and secret.
type SecretVerdict int

const (
	// SecretUnknown: no clear answer (429 or 5xx after the retries, no answer, an answer that is not
	// Doorkeeper's, a request the endpoint refused before it looked at the client). CheckSecret's
	// error says why.
	SecretUnknown SecretVerdict = iota
	// SecretWorks: the client authenticated (400 invalid_grant: only the made-up code was refused).
	SecretWorks
	// SecretRejected: the client did not authenticate (401 invalid_client): the secret was renewed or
	// reset, or the client id is gone.
	SecretRejected
)

func (v SecretVerdict) String() string {
	switch v {
	case SecretWorks:
		return "works"
	case SecretRejected:
		return "rejected"
	}
	return "unknown"
}

// ErrSecretUnchecked wraps every reason CheckSecret gives for SecretUnknown.
var ErrSecretUnchecked = errors.New("the secret could not be checked")

// ChecksSecrets says whether the provider was configured to check secrets on refresh (Config.CheckSecrets).
func (c *Client) ChecksSecrets() bool { return c.checkSecrets }

// CheckSecret asks GitLab's token endpoint whether clientID and secret authenticate, without obtaining
// anything: an authorization-code grant with a code that cannot exist. Doorkeeper authenticates the
// client before it looks at the code, so a working secret gets 400 invalid_grant and a stale one 401
// invalid_client. The credentials go as HTTP Basic, each form-encoded first (RFC 6749 2.3.1), never
// in the body or a log; the request carries the configured headers but not the token. It is retried
// like a GET (it changes nothing), and at most maxSecretChecksInFlight run at once per client.
//
// The error is nil unless the verdict is SecretUnknown; it wraps ErrSecretUnchecked (or is the
// context's error) and never quotes the secret or the request.
func (c *Client) CheckSecret(ctx context.Context, clientID, secret string) (SecretVerdict, error) {
	if clientID == "" || secret == "" {
		// A blank secret authenticates a public client: checking it would prove nothing.
		return SecretUnknown, fmt.Errorf("%w: the client id or the secret is empty", ErrSecretUnchecked)
	}
	select {
	case c.secretChecks <- struct{}{}:
		defer func() { <-c.secretChecks }()
	case <-ctx.Done():
		return SecretUnknown, ctx.Err()
	}
	endpoint := c.tokenEndpoint(ctx)
	unknown := func(format string, args ...any) (SecretVerdict, error) {
		return SecretUnknown, fmt.Errorf("%w: POST %s %s", ErrSecretUnchecked, c.masks.clean(endpoint, maxQuotedText), fmt.Sprintf(format, args...))
	}
	form := url.Values{
		"grant_type": {"authorization_code"},
		// A code nobody was ever given: GitLab's are 64 hex digits too, so it is not refused for its shape.
		"code":         {randomHex(32)},
		"redirect_uri": {"urn:ietf:wg:oauth:2.0:oob"},
	}.Encode()
	basic := base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(clientID) + ":" + url.QueryEscape(secret)))
	resp, err := c.plainRequest(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form))
		if err != nil {
			return nil, fmt.Errorf("the request cannot be built for %s", c.masks.clean(endpoint, maxQuotedText))
		}
		// Without GetBody the transport's trace log leaves the form out; a retry builds a new request.
		req.GetBody = nil
		c.discovery.setHeaders(req)
		req.Header.Set("Authorization", "Basic "+basic)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		return req, nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return SecretUnknown, ctx.Err()
		}
		return unknown("got no answer: %v", err)
	}
	defer resp.Body.Close()
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, maxTokenAnswer))
	if readErr != nil {
		return unknown("got an answer cut off (%s)", resp.Status)
	}
	code, ok := doorkeeperError(resp, body)
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return unknown("was still rate limited (429) after %d retries", c.retries)
	case resp.StatusCode >= 500:
		return unknown("answered %s after %d retries", resp.Status, c.retries)
	case !ok:
		return unknown("answered %s with something that is not an OAuth error in JSON", resp.Status)
	case resp.StatusCode == http.StatusBadRequest && code == "invalid_grant":
		return SecretWorks, nil
	case resp.StatusCode == http.StatusUnauthorized && code == "invalid_client":
		return SecretRejected, nil
	}
	return unknown("answered %s %s, which says nothing about the secret", resp.Status, code)
}

// oauthErrorCode is the shape of an OAuth error code (RFC 6749 5.2); anything else is not quoted.
var oauthErrorCode = regexp.MustCompile(`^[a-z_]{1,64}$`)

// doorkeeperError reads the "error" of Doorkeeper's JSON answer: a JSON object with an OAuth error code.
func doorkeeperError(resp *http.Response, body []byte) (string, bool) {
	mediaType, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return "", false
	}
	var answer struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &answer) != nil || !oauthErrorCode.MatchString(answer.Error) {
		return "", false
	}
	return answer.Error, true
}

// tokenEndpoint is the discovery document's token_endpoint when it is on GitLab's own scheme and host
// (a relative URL root included), else <instance root>/oauth/token: the client's secret goes nowhere
// else than base_url points to, whatever a document says.
func (c *Client) tokenEndpoint(ctx context.Context) string {
	doc := c.discoveryDocument(ctx)
	if doc.err == nil && doc.tokenEndpoint != "" && sameOrigin(doc.tokenEndpoint, c.baseURL) {
		return doc.tokenEndpoint
	}
	return c.instanceRoot() + tokenEndpointPath
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
