// Package redirecturi is GitLab's validation of an OAuth application's redirect_uri, rule for rule:
// Doorkeeper's RedirectUriValidator as GitLab configures it, on Ruby's URI.parse (the uri gem's RFC
// 3986 parser and its scheme classes). The provider checks plans with it and the fake GitLab answers
// with it, so neither can drift from the other.
package redirecturi

import (
	"strings"
	"unicode"
)

// Split splits a redirect_uri value into its URIs the way Ruby's String#split does: on runs of ASCII
// whitespace only (space, tab, newline, vertical tab, form feed, carriage return). A no-break space or
// any other Unicode space stays inside a URI, which then fails to parse.
func Split(value string) []string {
	return strings.FieldsFunc(value, isASCIISpace)
}

func isASCIISpace(r rune) bool {
	return r == ' ' || ('\t' <= r && r <= '\r')
}

// isBlank is Rails' String#blank?: empty, or only Unicode White_Space (which, unlike Split, counts a
// no-break space). Go's unicode.IsSpace is exactly that property.
func isBlank(value string) bool {
	return strings.TrimFunc(value, unicode.IsSpace) == ""
}
