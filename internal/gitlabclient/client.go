// Package gitlabclient is the provider's only way to GitLab: it wraps client-go, turns GitLab's answers
// into errors a resource can act on, retries what is safe to retry, and keeps secrets out of logs.
package gitlabclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"
)

// DefaultBaseURL is used when Config.BaseURL is empty.
const DefaultBaseURL = "https://gitlab.com"

// Config says how to reach GitLab.
type Config struct {
	// BaseURL is GitLab's address, with or without the /api/v4 suffix; empty means https://gitlab.com.
	BaseURL string
	Token   string
	// CACertFile is a PEM file of CA certificates trusted in addition to the system's.
	CACertFile string
	// Insecure skips the verification of GitLab's certificate.
	Insecure bool
	// ClientCert and ClientKey are PEM files of a client certificate and its key: both or neither.
	ClientCert string
	ClientKey  string
	// Headers are sent with every request (and their values masked in logs).
	Headers map[string]string
	// Retries bounds the retries of a 429, and of an idempotent request's 5xx or lost connection.
	// Zero means no retries; the provider's default is 5.
	Retries int
	// RetryWaitMin and RetryWaitMax bound the backoff between retries; zero means 500ms and 10s.
	// A 429 waits as long as GitLab asks instead (at most maxRateLimitWait).
	RetryWaitMin, RetryWaitMax time.Duration
	// RequestTimeout bounds one HTTP exchange; zero means two minutes.
	RequestTimeout time.Duration
	UserAgent      string
	// LostCreateWait is how long after a create whose answer was lost the client keeps looking for
	// the application GitLab may still be making before it creates it again: zero means
	// DefaultLostCreateWait, a negative value not at all.
	LostCreateWait time.Duration
	// CheckSecrets asks resources to check, on every refresh, that the secret in state still
	// authenticates at GitLab's token endpoint (CheckSecret). The client only carries the choice.
	CheckSecrets bool
	// CheckSecretsStrict asks resources to fail, instead of warning, when a secret check cannot tell
	// whether the secret works. The client only carries the choice.
	CheckSecretsStrict bool
	// Clock is how the client waits (retries, the confirmation of a stale secret); nil is real time.
	Clock Clock
}

// Client talks to one GitLab with one token. It is safe for concurrent use.
type Client struct {
	gl      *gl.Client
	http    *http.Client
	baseURL string // ".../api/v4/"
	retries int
	// instance, user and groups are the snapshots that Reads share (see snapshotCache).
	instance snapshotCache
	user     snapshotCache
	groups   groupSnapshots
	known    knownIDs
	ledger   createLedger
	// lostCreateWait is how long after a lost create's POST the application is looked for (see
	// DefaultLostCreateWait).
	lostCreateWait time.Duration
	// masks hide credentials in logs and in error messages.
	masks *masks
	// discovery is the server's OpenID discovery document, read once (see SupportedScopes).
	discovery *discovery
	// retryWaitMin and retryWaitMax bound the backoff of the requests client-go does not send
	// (plainRequest), as they bound client-go's.
	retryWaitMin, retryWaitMax time.Duration
	// secretChecks bounds the token endpoint requests in flight (see CheckSecret).
	secretChecks chan struct{}
	// secretChecksStop ends the secret checks once the token endpoint stays rate limited.
	secretChecksStop   secretChecksStop
	checkSecrets       bool
	checkSecretsStrict bool
	clock              Clock
}

// New builds a client without sending any request.
func New(cfg Config) (*Client, error) {
	baseURL, err := apiURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	tlsConfig, err := tlsConfig(cfg)
	if err != nil {
		return nil, err
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = 500 * time.Millisecond
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = 10 * time.Second
	}
	cfg.RetryWaitMax = max(cfg.RetryWaitMax, cfg.RetryWaitMin)
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 2 * time.Minute
	}
	cfg.Retries = max(cfg.Retries, 0)
	if cfg.Clock == nil {
		cfg.Clock = RealClock{}
	}
	if cfg.LostCreateWait == 0 {
		cfg.LostCreateWait = DefaultLostCreateWait
	}
	cfg.LostCreateWait = max(cfg.LostCreateWait, 0)

	transport := http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // the standard library's type
	transport.TLSClientConfig = tlsConfig
	// Terraform reads up to ten resources at once: keep their connections instead of two.
	transport.MaxIdleConnsPerHost = 16
	c := &Client{
		baseURL: baseURL, retries: cfg.Retries, masks: newMasks(cfg), discovery: newDiscovery(cfg),
		retryWaitMin: cfg.RetryWaitMin, retryWaitMax: cfg.RetryWaitMax,
		secretChecks: make(chan struct{}, maxSecretChecksInFlight), checkSecrets: cfg.CheckSecrets,
		checkSecretsStrict: cfg.CheckSecretsStrict, clock: cfg.Clock,
		lostCreateWait: cfg.LostCreateWait,
	}
	c.http = &http.Client{
		Timeout:   cfg.RequestTimeout,
		Transport: &observingTransport{next: transport, masks: c.masks, maxBody: maxAnswerBody},
		// A redirect is not followed: Go would resend the token to wherever it points (Go drops
		// Authorization only on a redirect to another host, not to another scheme or port), and turn a
		// POST into a GET. classify explains the redirect instead.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	options := []gl.ClientOptionFunc{
		gl.WithBaseURL(baseURL),
		gl.WithHTTPClient(c.http),
		// A POST is never resent after it may have reached GitLab. client-go's own retry check (and
		// its WithOnlyIdempotentRetries, which only that check reads) cannot retry a GET whose
		// connection was cut (it gets no response to read the method from), so shouldRetry replaces it
		// with the same policy plus that; see retry.go.
		gl.WithCustomRetry(c.shouldRetry),
		gl.WithCustomBackoff(backoff),
		gl.WithCustomRetryMax(cfg.Retries),
		gl.WithCustomRetryWaitMinMax(cfg.RetryWaitMin, cfg.RetryWaitMax),
		// retryablehttp's logger stays nil, which switches its logging off: it has no context to reach
		// tflog through. observingTransport logs every attempt and shouldRetry every retry instead.
		gl.WithURLWarningLogger(slog.New(slog.DiscardHandler)),
		// client-go would otherwise pace every request by the first answer's RateLimit-Limit header
		// (a server saying "1" would allow one request every 91 s). The provider waits when GitLab
		// answers 429 instead, as long as GitLab asks (backoff).
		gl.WithCustomLimiter(unlimited{}),
	}
	if cfg.UserAgent != "" {
		options = append(options, gl.WithUserAgent(cfg.UserAgent))
	}
	if len(cfg.Headers) > 0 {
		options = append(options, gl.WithRequestOptions(gl.WithHeaders(maps.Clone(cfg.Headers))))
	}
	client, err := gl.NewAuthSourceClient(bearerToken(cfg.Token), options...)
	if err != nil {
		return nil, fmt.Errorf("creating the GitLab client: %w", err)
	}
	c.gl = client
	return c, nil
}

// bearerToken is a gl.AuthSource that sends the token as `Authorization: Bearer`, the one header GitLab
// reads for every token the provider accepts: personal, group and project access tokens, and OAuth
// access tokens. PRIVATE-TOKEN (client-go's default) is read as an access token only, so an OAuth
// access token sent there is refused as unknown.
type bearerToken string

func (bearerToken) Init(context.Context, *gl.Client) error { return nil }

func (t bearerToken) Header(context.Context) (string, string, error) {
	return "Authorization", "Bearer " + string(t), nil
}

// unlimited is a gl.RateLimiter that never waits.
type unlimited struct{}

func (unlimited) Wait(context.Context) error { return nil }

// Close lets go of idle connections. A provider process that serves several Terraform commands (debug
// mode) builds a client per command; without it, each old client's pool would stay open.
func (c *Client) Close() {
	c.http.CloseIdleConnections()
}

// apiURL accepts "https://host", "https://host/", "https://host/api/v4" and "https://host/api/v4/",
// and GitLab installed under a relative path, and returns ".../api/v4/".
func apiURL(raw string) (string, error) {
	u, err := parseBaseURL(raw)
	if err != nil {
		return "", err
	}
	path := strings.TrimSuffix(u.Path, "/")
	path = strings.TrimSuffix(path, "/api/v4")
	u.Path, u.RawPath = path+"/api/v4/", ""
	u.RawQuery, u.Fragment, u.ForceQuery = "", "", false
	return u.String(), nil
}

// parseBaseURL parses base_url; its errors never show a user:password it may hold.
func parseBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("base_url %q is not a GitLab address: use the form https://gitlab.example.com", redactURL(raw))
	}
	if u.User != nil {
		// It would be sent to GitLab as basic auth and shown in every log line.
		return nil, fmt.Errorf("base_url %q must not hold credentials (user:password@): use token instead", redactURL(raw))
	}
	return u, nil
}

// redactURL hides the user and password of an address (a user name alone may be a token). Where the
// parser finds none but there is an "@" (an address that does not parse, or has no "//"), that is
// everything between the scheme and the last "@": a password may hold "/", "#" or "?" unescaped.
func redactURL(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		u.User = url.User("xxxxx")
		return u.String()
	}
	at := strings.LastIndex(raw, "@")
	if at < 0 {
		return raw
	}
	start := 0
	if i := strings.Index(raw, "://"); i >= 0 && i < at {
		start = i + len("://")
	}
	return raw[:start] + "xxxxx" + raw[at:]
}

func tlsConfig(cfg Config) (*tls.Config, error) {
	config := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.Insecure} //nolint:gosec // only when the user asks for it
	if cfg.CACertFile != "" {
		pem, err := os.ReadFile(cfg.CACertFile)
		if err != nil {
			return nil, fmt.Errorf("cannot read cacert_file %q: %w", cfg.CACertFile, unwrapPathError(err))
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("cacert_file %q holds no PEM certificate", cfg.CACertFile)
		}
		config.RootCAs = pool
	}
	switch {
	case cfg.ClientCert == "" && cfg.ClientKey == "":
	case cfg.ClientCert == "":
		return nil, errors.New("client_key is set but client_cert is not: set both or neither")
	case cfg.ClientKey == "":
		return nil, errors.New("client_cert is set but client_key is not: set both or neither")
	default:
		for _, f := range []struct{ name, path string }{{"client_cert", cfg.ClientCert}, {"client_key", cfg.ClientKey}} {
			if _, err := os.ReadFile(f.path); err != nil {
				return nil, fmt.Errorf("cannot read %s %q: %w", f.name, f.path, unwrapPathError(err))
			}
		}
		pair, err := tls.LoadX509KeyPair(cfg.ClientCert, cfg.ClientKey)
		if err != nil {
			return nil, fmt.Errorf("client_cert %q and client_key %q are not a PEM certificate and its key: %w", cfg.ClientCert, cfg.ClientKey, err)
		}
		config.Certificates = []tls.Certificate{pair}
	}
	return config, nil
}

// unwrapPathError drops the *os.PathError's repetition of the file name, which the message already has.
func unwrapPathError(err error) error {
	var pathErr *os.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err
	}
	return err
}
