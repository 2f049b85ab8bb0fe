package gitlabclient

import "strings"

// authParam returns the value of the auth-param name in a WWW-Authenticate header value (RFC 9110
// 11.6.1: challenges of a scheme and comma-separated name=value pairs, the value a token or a
// quoted-string). Quoted strings are read as a whole, so a description that quotes
// `error="invalid_client"` is not taken for the parameter.
func authParam(header, name string) (string, bool) {
	rest := header
	for {
		rest = strings.TrimLeft(rest, " \t,")
		if rest == "" {
			return "", false
		}
		n := tokenLength(rest)
		if n == 0 {
			return "", false // not a challenge this reads
		}
		key := rest[:n]
		rest = strings.TrimLeft(rest[n:], " \t")
		if !strings.HasPrefix(rest, "=") {
			continue // a scheme, such as Bearer
		}
		rest = strings.TrimLeft(rest[1:], " \t")
		var value string
		if strings.HasPrefix(rest, `"`) {
			var ok bool
			if value, rest, ok = quotedString(rest); !ok {
				return "", false
			}
		} else {
			n := tokenLength(rest)
			value, rest = rest[:n], rest[n:]
		}
		if strings.EqualFold(key, name) {
			return value, true
		}
	}
}

// tokenLength is the length of the RFC 9110 token at the start of s.
func tokenLength(s string) int {
	for i := 0; i < len(s); i++ {
		if !isTokenChar(s[i]) {
			return i
		}
	}
	return len(s)
}

// isTokenChar reports whether c is an RFC 9110 tchar.
func isTokenChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// quotedString reads the quoted-string at the start of s (with its backslash escapes) and returns its
// value and what follows it.
func quotedString(s string) (value, rest string, ok bool) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 == len(s) {
				return "", "", false
			}
			i++
			b.WriteByte(s[i])
		case '"':
			return b.String(), s[i+1:], true
		default:
			b.WriteByte(s[i])
		}
	}
	return "", "", false
}
