package gitlabclient

import (
	"net"
	"strings"
)

// Warning is a configuration that works but puts the token at risk.
type Warning struct {
	// Attribute is the provider attribute that causes it.
	Attribute string
	Summary   string
	Detail    string
}

// TransportWarnings lists what in cfg sends the token where others can read it: plain http to a host
// that is not this machine, and a TLS certificate that is not verified. GitLab's official provider
// allows both, and so does this one; it says so at configure time.
func TransportWarnings(cfg Config) []Warning {
	var warnings []Warning
	if u, err := parseBaseURL(cfg.BaseURL); err == nil && u.Scheme == "http" && !loopback(u.Hostname()) {
		warnings = append(warnings, Warning{
			Attribute: "base_url",
			Summary:   "The token travels in cleartext",
			Detail: "base_url " + u.Redacted() + " uses http:// to a host that is not this machine: the token, and every " +
				"application secret GitLab answers with, can be read by anyone on the network path. Use https://.",
		})
	}
	if cfg.Insecure {
		detail := "insecure = true: GitLab's TLS certificate is not verified, so anyone on the network path can pose as " +
			"GitLab and read the token. Use cacert_file for a private CA instead."
		if cfg.CACertFile != "" {
			detail += " cacert_file is set, but with insecure = true it is not used to verify anything."
		}
		warnings = append(warnings, Warning{Attribute: "insecure", Summary: "GitLab's certificate is not verified", Detail: detail})
	}
	return warnings
}

// loopback reports a host name that never leaves this machine.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
