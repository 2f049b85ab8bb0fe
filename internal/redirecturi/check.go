package redirecturi

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// GitLab's messages under {"message":{"redirect_uri":[...]}}, one for each rule a URI breaks.
const (
	Blank     = "can't be blank"
	Forbidden = "is forbidden by the server."
	Fragment  = "cannot contain a fragment."
	NoScheme  = "must specify a scheme."
	Relative  = "must be an absolute URI."
	Invalid   = "must be a valid URI."
)

// Verdict is what GitLab makes of one URI.
type Verdict struct {
	// Rules are the messages of the rules the URI breaks, in Doorkeeper's order; none when GitLab
	// accepts it. An unparsable URI has the one message Invalid.
	Rules []string
	// Unparsable: Ruby's URI.parse raised URI::InvalidURIError, so GitLab checks no URI after this one.
	Unparsable bool
	// ServerError: the uri gem raised an error Doorkeeper does not rescue (a mailto: URI without a
	// valid address), and GitLab answers 500 instead of 400.
	ServerError bool
	// Reason says, for an unparsable URI or a server error, what is wrong in words a user can act on.
	Reason string
}

// OK reports whether GitLab accepts the URI.
func (v Verdict) OK() bool { return len(v.Rules) == 0 && !v.ServerError }

// Finding is one URI of a value and its verdict.
type Finding struct {
	URI string
	Verdict
}

// Check returns every URI of the value that GitLab refuses, each with every rule it breaks; nil when
// GitLab accepts the value. A blank value is one Finding with an empty URI and the rule Blank.
// Unlike GitLab, which stops at the first unparsable URI, it checks them all.
func Check(value string) []Finding {
	if isBlank(value) {
		return []Finding{{Verdict: Verdict{Rules: []string{Blank}}}}
	}
	var found []Finding
	for _, uri := range Split(value) {
		if v := CheckURI(uri); !v.OK() {
			found = append(found, Finding{URI: uri, Verdict: v})
		}
	}
	return found
}

// oobURIs are Doorkeeper's out-of-band redirect URIs (IETF_WG_OAUTH2_OOB_METHODS), accepted as they are.
var oobURIs = []string{"urn:ietf:wg:oauth:2.0:oob", "urn:ietf:wg:oauth:2.0:oob:auto"}

// CheckURI is Doorkeeper's RedirectUriValidator on one URI of the value, with GitLab's settings:
// forbid_redirect_uri refuses data, vbscript and javascript; force_ssl_in_redirect_uri is off.
func CheckURI(uri string) Verdict {
	for _, oob := range oobURIs {
		if uri == oob {
			return Verdict{}
		}
	}
	u, v := parse(uri)
	if !v.OK() {
		return v
	}
	var rules []string
	if u.scheme == "data" || u.scheme == "vbscript" || u.scheme == "javascript" {
		rules = append(rules, Forbidden)
	}
	if u.hasFragment { // Ruby's fragment is "" for "cb#", not nil
		rules = append(rules, Fragment)
	}
	if u.hasOpaque || u.scheme == "localhost" { // "localhost:3000/cb" has the scheme "localhost"
		rules = append(rules, NoScheme)
	}
	if !u.hasScheme && u.host == "" {
		rules = append(rules, Relative)
	}
	if (u.scheme == "http" || u.scheme == "https") && u.host == "" { // URI::HTTP, and URI::HTTPS < HTTP
		rules = append(rules, Invalid)
	}
	return Verdict{Rules: rules}
}

// parse is Ruby's URI.parse: the grammar, then what URI::Generic.new and the scheme's class (chosen by
// the scheme in any case) do with the parts. The scheme comes back in lower case, as Ruby keeps it.
func parse(uri string) (components, Verdict) {
	unparsable := func(reason string) (components, Verdict) {
		return components{}, Verdict{Rules: []string{Invalid}, Unparsable: true, Reason: reason}
	}
	for i, r := range uri {
		if r >= utf8.RuneSelf {
			return unparsable(nonASCII(uri, i, r))
		}
	}
	u, ok := split(uri)
	if !ok {
		return unparsable(grammarReason(uri))
	}
	u.scheme = strings.ToLower(u.scheme)
	// Generic#query= raises on a "%" followed by two characters that are not hexadecimal digits (only
	// there: the grammar lets a query hold any character but "#").
	if u.hasQuery && badQueryEscape.MatchString(u.query) {
		return unparsable(fmt.Sprintf("its query has the bad percent escape %q", badQueryEscape.FindString(u.query)))
	}
	switch u.scheme {
	case "ftp":
		if !u.hasPath {
			return unparsable("an ftp: URI needs a path: write ftp://host/path")
		}
	case "ldap", "ldaps":
		if u.hasFragment {
			return unparsable("an " + u.scheme + ": URI cannot have a fragment")
		}
		if !u.hasPath {
			return unparsable("an " + u.scheme + ": URI needs a path: write " + u.scheme + "://host/dn")
		}
	case "mailto":
		// URI::MailTo moves a query into the opaque part, then insists on a list of addresses there,
		// and raises URI::InvalidComponentError, which nothing in GitLab rescues.
		if !u.hasOpaque && u.hasQuery {
			u.opaque, u.hasOpaque = "?"+u.query, true
		}
		to, _, _ := strings.Cut(u.opaque, "?")
		if !u.hasOpaque || !mailtoAddresses.MatchString(to) {
			return u, Verdict{ServerError: true, Reason: "GitLab fails on a mailto: URI without a valid address (an internal error, 500)"}
		}
	}
	return u, Verdict{}
}

var (
	badQueryEscape  = regexp.MustCompile(`%[^0-9A-Fa-f][^0-9A-Fa-f]`)
	mailtoAddresses = regexp.MustCompile(`\A(?:[^@,;]+@[^@,;]+(?:\z|[,;]))*\z`)
)

// nonASCII explains a URI that Ruby refuses for a character outside ASCII.
func nonASCII(uri string, i int, r rune) string {
	if unicode.IsSpace(r) {
		return fmt.Sprintf("it contains U+%04X, a Unicode space: only ASCII spaces, tabs and newlines separate URIs", r)
	}
	if hostStart := strings.Index(uri, "//"); hostStart >= 0 && i > hostStart && !strings.ContainsAny(uri[hostStart+2:i], "/?#") {
		return fmt.Sprintf("its host contains %q (U+%04X): write the host in punycode (xn--...)", r, r)
	}
	return fmt.Sprintf("it contains %q (U+%04X), which is not ASCII: percent-encode it as UTF-8 bytes", r, r)
}

// grammarReason explains a URI the grammar refuses: the first character RFC 3986 does not allow
// unescaped there, a "%" that starts no escape, or else the grammar as a whole.
func grammarReason(uri string) string {
	beforeQuery := uri
	if i := strings.IndexAny(uri, "?#"); i >= 0 {
		beforeQuery = uri[:i]
	}
	checked := beforeQuery
	if _, frag, ok := strings.Cut(uri, "#"); ok {
		checked += frag
	}
	for i := 0; i < len(checked); i++ {
		c := checked[i]
		switch {
		case c == '%':
			if i+2 >= len(checked) || !isHex(checked[i+1]) || !isHex(checked[i+2]) {
				return "it has a \"%\" that starts no percent escape (%XX)"
			}
			i += 2
		case !isURIChar(c) || c == '#':
			return fmt.Sprintf("it contains %q, which RFC 3986 does not allow unescaped there: write it as %%%02X", c, c)
		}
	}
	if strings.Contains(uri, "[") {
		return "it does not parse as an RFC 3986 URI: check the brackets of an IPv6 address"
	}
	return "it does not parse as an RFC 3986 URI"
}

// isURIChar: RFC 3986's unreserved and reserved characters.
func isURIChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", c) >= 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
