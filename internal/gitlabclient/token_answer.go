package gitlabclient

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// maxTokenAnswer bounds the token endpoint's answer; Doorkeeper's errors are a few hundred bytes.
const maxTokenAnswer = 64 << 10

// tokenAnswer is what one request to the token endpoint said about a secret.
type tokenAnswer struct {
	endpoint string // as shown in messages: cleaned like all server text
	// verdict is SecretWorks or SecretRejected when the answer is clear, else SecretUnknown.
	verdict SecretVerdict
	// unclear says why an answer says nothing about the secret ("answered 503 ... after 2 retries").
	unclear string
	// rateLimited: still 429 after the retries.
	rateLimited bool
	// skipped: nothing was sent, the secret checks had stopped (secretChecksStop).
	skipped error
}

// askTokenEndpoint sends one check (with the retries of plainRequest) and reads its answer. It takes
// one of the maxSecretChecksInFlight places for the request alone, so that a check pausing before
// its confirmation holds none.
func (c *Client) askTokenEndpoint(ctx context.Context, clientID, secret string) tokenAnswer {
	select {
	case c.secretChecks <- struct{}{}:
		defer func() { <-c.secretChecks }()
	case <-ctx.Done():
		return tokenAnswer{}
	}
	if err := c.secretChecksStop.skipIfStopped(); err != nil {
		return tokenAnswer{skipped: err}
	}
	endpoint := c.tokenEndpoint(ctx)
	// The endpoint may come from the discovery document: it is server text like any other.
	answer := tokenAnswer{endpoint: c.masks.clean(endpoint, maxQuotedText)}
	resp, err := c.plainRequest(ctx, func(ctx context.Context) (*http.Request, error) {
		return c.tokenRequest(ctx, endpoint, clientID, secret)
	})
	if err != nil {
		answer.unclear = fmt.Sprintf("got no answer: %v", err)
		return answer
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxTokenAnswer))
	if err != nil {
		answer.unclear = fmt.Sprintf("got an answer cut off (%s)", resp.Status)
		return answer
	}
	code, ok := doorkeeperError(resp, body)
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		answer.rateLimited = true
		answer.unclear = fmt.Sprintf("was still rate limited (429) after %d retries", c.retries)
	case resp.StatusCode >= 500:
		answer.unclear = fmt.Sprintf("answered %s after %d retries", resp.Status, c.retries)
	case !ok:
		answer.unclear = fmt.Sprintf("answered %s with something that is not an OAuth error in JSON", resp.Status)
	case resp.StatusCode == http.StatusBadRequest && code == "invalid_grant":
		answer.verdict = SecretWorks
	case resp.StatusCode == http.StatusUnauthorized && code == "invalid_client" && doorkeeperChallenge(resp.Header):
		answer.verdict = SecretRejected
	case resp.StatusCode == http.StatusUnauthorized && code == "invalid_client":
		// Doorkeeper always sends the challenge with its 401 (RFC 6749 5.2); a gateway or a WAF that
		// mimics the body rarely does.
		answer.unclear = "answered 401 invalid_client without Doorkeeper's WWW-Authenticate header " +
			`(error="invalid_client"), so not GitLab but something in front of it`
	default:
		answer.unclear = fmt.Sprintf("answered %s %s, which says nothing about the secret", resp.Status, code)
	}
	return answer
}

// tokenRequest builds one attempt of a check: an authorization-code grant with a code nobody was ever
// given. The credentials go exactly as Doorkeeper reads them: HTTP Basic of the raw client id and
// secret (Doorkeeper base64-decodes the header and splits at the first colon, and never URL-decodes,
// so the RFC's form-encoding would turn a secret with "+/=:%" into a wrong one), or, for a client id
// with a colon, which Basic cannot carry that way, the client_id and client_secret form fields. The
// request carries the configured headers but not the token.
func (c *Client) tokenRequest(ctx context.Context, endpoint, clientID, secret string) (*http.Request, error) {
	form := url.Values{
		"grant_type": {"authorization_code"},
		// GitLab's codes are 64 hex digits too, so it is not refused for its shape.
		"code":         {randomHex(32)},
		"redirect_uri": {"urn:ietf:wg:oauth:2.0:oob"},
	}
	basic := ""
	if strings.Contains(clientID, ":") {
		form.Set("client_id", clientID)
		form.Set("client_secret", secret)
	} else {
		basic = base64.StdEncoding.EncodeToString([]byte(clientID + ":" + secret))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("the request cannot be built for %s", c.masks.clean(endpoint, maxQuotedText))
	}
	// Without GetBody the transport's trace log leaves the form out; a retry builds a new request.
	req.GetBody = nil
	c.discovery.setHeaders(req)
	if basic != "" {
		req.Header.Set("Authorization", "Basic "+basic)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	return req, nil
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

// doorkeeperChallenge reports whether a WWW-Authenticate header of the answer has the auth-param
// error="invalid_client", as Doorkeeper's 401 has: Bearer realm="Doorkeeper", error="invalid_client",
// error_description="...".
func doorkeeperChallenge(header http.Header) bool {
	for _, challenge := range header.Values("WWW-Authenticate") {
		if value, ok := authParam(challenge, "error"); ok && value == "invalid_client" {
			return true
		}
	}
	return false
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// tokenEndpointPath is the token endpoint relative to the instance's root.
const tokenEndpointPath = "oauth/token"

// tokenEndpoint is the discovery document's token_endpoint when it lies under the instance's root
// (underRoot), else <instance root>/oauth/token.
func (c *Client) tokenEndpoint(ctx context.Context) string {
	doc := c.discoveryDocument(ctx)
	if doc.err == nil && doc.tokenEndpoint != "" && underRoot(doc.tokenEndpoint, c.instanceRoot()) {
		return doc.tokenEndpoint
	}
	return c.instanceRoot() + tokenEndpointPath
}
