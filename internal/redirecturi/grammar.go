package redirecturi

import (
	"regexp"
	"strings"
)

// The grammar is Ruby's URI::RFC3986_Parser (uri gem 0.13 to 1.1, the versions GitLab 17 to 19
// ship), transcribed piece by piece into RE2 syntax. The transcription keeps the matches:
//
//   - Ruby's possessive quantifiers (`*+`, `++`) never give back a character that the pattern after
//     them could use (a scheme is followed by ":", user info by "@", a host by ":", "/", "?", "#" or the
//     end, a path by "?", "#" or the end, none of them in the class before), so greedy ones match the
//     same strings.
//   - `(?!/)seg++` (a path segment that does not start with "/") is written segNoSlash seg*.
//   - The relative reference's `(?<host>HOST(?<!/))?` refuses an empty host (the lookbehind then sees
//     the "/" of "//"); it is written as an optional host that is not empty.
//   - `\h` is [0-9A-Fa-f], `{,n}` is {0,n}, and each `\g<name>` call is the named pattern again.
//     `\h{1,4}?` stays a lazy repetition that needs one digit, as in Ruby (RFC 3986 makes that h16
//     optional: Ruby refuses "[::a:b:c:d:1.2.3.4]", and so does this grammar).
//
// Go's regexp picks, among the ways to match, the one a backtracking engine picks first, so the
// groups hold what Ruby's MatchData holds. grammar_test.go checks the pieces against RFC 3986's ABNF.
const (
	hexDigit = `[0-9A-Fa-f]`
	pctEnc   = `%` + hexDigit + hexDigit
	h16      = hexDigit + `{1,4}`
	decOctet = `(?:[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|[0-9])`
	ipv4     = decOctet + `\.` + decOctet + `\.` + decOctet + `\.` + decOctet
	ls32     = `(?:` + h16 + `:` + h16 + `|` + ipv4 + `)`

	// seg is one character of a path, "/" included (the uri gem's SEG); segNoSlash the same without
	// "/"; segNoColon is SEG_NC, a character of a relative path's first segment.
	seg        = `(?:` + pctEnc + `|[!$&-.0-9:;=@A-Z_a-z~/])`
	segNoSlash = `(?:` + pctEnc + `|[!$&-.0-9:;=@A-Z_a-z~])`
	segNoColon = `(?:` + pctEnc + `|[!$&-.0-9;=@A-Z_a-z~])`
	fragment   = `(?:` + pctEnc + `|[!$&-.0-9:;=@A-Z_a-z~/?])*`
	userinfo   = `(?:` + pctEnc + `|[!$&-.0-9:;=A-Z_a-z~])*`
	regNameCh  = `(?:` + pctEnc + `|[!$&-.0-9;=A-Z_a-z~])`
	scheme     = `[A-Za-z][+\-.0-9A-Za-z]*`
	query      = `[^#]*`
)

var ipv6 = `(?:` + strings.Join([]string{
	`(?:` + h16 + `:){6}` + ls32,
	`::(?:` + h16 + `:){5}` + ls32,
	hexDigit + `{1,4}?::(?:` + h16 + `:){4}` + ls32,
	`(?:(?:` + h16 + `:)?` + h16 + `)?::(?:` + h16 + `:){3}` + ls32,
	`(?:(?:` + h16 + `:){0,2}` + h16 + `)?::(?:` + h16 + `:){2}` + ls32,
	`(?:(?:` + h16 + `:){0,3}` + h16 + `)?::` + h16 + `:` + ls32,
	`(?:(?:` + h16 + `:){0,4}` + h16 + `)?::` + ls32,
	`(?:(?:` + h16 + `:){0,5}` + h16 + `)?::` + h16,
	`(?:(?:` + h16 + `:){0,6}` + h16 + `)?::`,
}, "|") + `)`

var (
	ipLiteral = `\[(?:` + ipv6 + `|v` + hexDigit + `+\.[!$&-.0-9:;=A-Z_a-z~]+)\]`
	// host may be empty in an absolute URI ("http:///x" has the host ""); hostNotEmpty is the
	// relative reference's.
	host         = `(?:` + ipLiteral + `|` + ipv4 + `|` + regNameCh + `*)`
	hostNotEmpty = `(?:` + ipLiteral + `|` + ipv4 + `|` + regNameCh + `+)`
	tail         = `(?:\?(?P<query>` + query + `))?(?:#(?P<fragment>` + fragment + `))?\z`

	// absoluteURI is RFC3986_URI.
	absoluteURI = regexp.MustCompile(`\A(?P<scheme>` + scheme + `):(?:` +
		`//(?:(?P<userinfo>` + userinfo + `)@)?(?P<host>` + host + `)(?::(?P<port>[0-9]*))?(?P<abempty>(?:/` + seg + `*)?)` +
		`|(?P<absolute>/(?:` + segNoSlash + seg + `*)?)` +
		`|(?P<rootless>` + segNoSlash + seg + `*)` +
		`|(?P<empty>))` + tail)

	// relativeRef is RFC3986_relative_ref, tried when absoluteURI does not match.
	relativeRef = regexp.MustCompile(`\A(?:` +
		`//(?:(?P<userinfo>` + userinfo + `)@)?(?P<host>` + hostNotEmpty + `)?(?::(?P<port>[0-9]*))?(?P<abempty>(?:/` + seg + `*)?)` +
		`|(?P<absolute>/` + seg + `*)` +
		`|(?P<noscheme>` + segNoColon + `+(?:/` + seg + `*)?)` +
		`|(?P<empty>))` + tail)
)

// components are what URI::RFC3986_Parser#split hands to URI::Generic.new; has* tells a component
// Ruby sets to nil from one that is empty.
type components struct {
	scheme, host, path, opaque, query, fragment          string
	hasScheme, hasPath, hasOpaque, hasQuery, hasFragment bool
}

// split is URI::RFC3986_Parser#split: false where Ruby raises URI::InvalidURIError.
func split(uri string) (components, bool) {
	if m := absoluteURI.FindStringSubmatchIndex(uri); m != nil {
		g := groups{absoluteURI, uri, m}
		c := components{scheme: g.value("scheme"), hasScheme: true}
		c.fragment, c.hasFragment = g.get("fragment")
		if opaque, ok := g.get("rootless"); ok {
			// A rootless path is Ruby's opaque part; the query is glued back onto it.
			c.opaque, c.hasOpaque = opaque, true
			if q, ok := g.get("query"); ok {
				c.opaque += "?" + q
			}
			return c, true
		}
		c.host = g.value("host")
		c.path, c.hasPath = g.value("abempty")+g.value("absolute"), true
		c.query, c.hasQuery = g.get("query")
		return c, true
	}
	if m := relativeRef.FindStringSubmatchIndex(uri); m != nil {
		g := groups{relativeRef, uri, m}
		c := components{host: g.value("host"), hasPath: true}
		c.path = g.value("abempty") + g.value("absolute") + g.value("noscheme")
		c.query, c.hasQuery = g.get("query")
		c.fragment, c.hasFragment = g.get("fragment")
		return c, true
	}
	return components{}, false
}

// groups reads a match's named groups.
type groups struct {
	re    *regexp.Regexp
	s     string
	index []int
}

// get returns a group's text and whether the group took part in the match.
func (g groups) get(name string) (string, bool) {
	i := g.re.SubexpIndex(name)
	if g.index[2*i] < 0 {
		return "", false
	}
	return g.s[g.index[2*i]:g.index[2*i+1]], true
}

func (g groups) value(name string) string {
	v, _ := g.get(name)
	return v
}
