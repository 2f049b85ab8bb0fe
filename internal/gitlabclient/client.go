// Package gitlabclient is the provider's only way to GitLab: it wraps client-go, turns GitLab's answers
// into errors a resource can act on, retries what is safe to retry, and keeps secrets out of logs.
package gitlabclient

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	gl "gitlab.com/gitlab-org/api/client-go/v2"
)

// Config says how to reach GitLab.
type Config struct {
	// BaseURL is GitLab's address, with or without the /api/v4 suffix.
	BaseURL    string
	Token      string
	CACertFile string
	Insecure   bool
	ClientCert string
	ClientKey  string
	// Headers are sent with every request (and masked in logs).
	Headers map[string]string
	// Retries bounds the retries of a 429, and of an idempotent request's 5xx or lost connection.
	Retries int
	// RetryWaitMin and RetryWaitMax bound the backoff between retries; zero means 500ms and 10s.
	RetryWaitMin, RetryWaitMax time.Duration
	// RequestTimeout bounds one HTTP exchange; zero means two minutes.
	RequestTimeout time.Duration
	UserAgent      string
}

// Client talks to one GitLab with one token.
type Client struct {
	gl      *gl.Client
	http    *http.Client
	baseURL string
	// instance and user are the snapshots that Reads share (see snapshotCache).
	instance snapshotCache
	user     snapshotCache
	created  createdIDs
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
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 2 * time.Minute
	}
	if cfg.Retries < 0 {
		cfg.Retries = 0
	}

	transport := cleanhttp.DefaultPooledTransport()
	transport.TLSClientConfig = tlsConfig
	httpClient := &http.Client{
		Timeout:   cfg.RequestTimeout,
		Transport: &observingTransport{next: transport, secrets: secretValues(cfg)},
	}
	options := []gl.ClientOptionFunc{
		gl.WithBaseURL(baseURL),
		gl.WithHTTPClient(httpClient),
		// A POST is never resent after it may have reached GitLab; see shouldRetry for the rest.
		gl.WithOnlyIdempotentRetries(),
		gl.WithCustomRetry(shouldRetry),
		gl.WithCustomBackoff(backoff),
		gl.WithCustomRetryMax(cfg.Retries),
		gl.WithCustomRetryWaitMinMax(cfg.RetryWaitMin, cfg.RetryWaitMax),
		gl.WithURLWarningLogger(slog.New(slog.DiscardHandler)),
	}
	if cfg.UserAgent != "" {
		options = append(options, gl.WithUserAgent(cfg.UserAgent))
	}
	if len(cfg.Headers) > 0 {
		options = append(options, gl.WithRequestOptions(gl.WithHeaders(cfg.Headers)))
	}
	client, err := gl.NewClient(cfg.Token, options...)
	if err != nil {
		return nil, fmt.Errorf("creating the GitLab client: %w", err)
	}
	return &Client{gl: client, http: httpClient, baseURL: baseURL}, nil
}

// Close lets go of idle connections. A provider process that serves several Terraform commands (debug
// mode) builds a client per command; without it, each old client's pool would stay open.
func (c *Client) Close() {
	c.http.CloseIdleConnections()
}

// apiURL accepts "https://host", "https://host/", "https://host/api/v4" and "https://host/api/v4/",
// and GitLab installed under a relative path, and returns ".../api/v4/".
func apiURL(raw string) (string, error) {
	if raw == "" {
		raw = "https://gitlab.com"
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("base_url %q is not a GitLab address: use the form https://gitlab.example.com", raw)
	}
	path := strings.TrimSuffix(u.Path, "/")
	path = strings.TrimSuffix(path, "/api/v4")
	u.Path = path + "/api/v4/"
	u.RawQuery, u.Fragment = "", ""
	return u.String(), nil
}

func tlsConfig(cfg Config) (*tls.Config, error) {
	config := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.Insecure} //nolint:gosec // only when the user asks for it
	if cfg.CACertFile != "" {
		pem, err := os.ReadFile(cfg.CACertFile)
		if err != nil {
			return nil, fmt.Errorf("reading cacert_file: %w", err)
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
	if (cfg.ClientCert == "") != (cfg.ClientKey == "") {
		return nil, errors.New("client_cert and client_key go together: set both or neither")
	}
	if cfg.ClientCert != "" {
		for _, f := range []struct{ name, path string }{{"client_cert", cfg.ClientCert}, {"client_key", cfg.ClientKey}} {
			if _, err := os.Stat(f.path); err != nil {
				return nil, fmt.Errorf("reading %s: %w", f.name, err)
			}
		}
		pair, err := tls.LoadX509KeyPair(cfg.ClientCert, cfg.ClientKey)
		if err != nil {
			return nil, fmt.Errorf("loading client_cert %q and client_key %q: %w", cfg.ClientCert, cfg.ClientKey, err)
		}
		config.Certificates = []tls.Certificate{pair}
	}
	return config, nil
}

// secretValues are the strings that must never reach a log: the token and the extra headers' values.
func secretValues(cfg Config) []string {
	values := []string{cfg.Token}
	for _, v := range cfg.Headers {
		values = append(values, v)
	}
	return values
}
