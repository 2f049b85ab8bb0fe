package redirecturi

import (
	"strings"
	"testing"
)

// RFC 3986's character classes (section 2), from its ABNF rather than from the grammar under test.
const (
	alpha      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	digit      = "0123456789"
	unreserved = alpha + digit + "-._~"
	subDelims  = "!$&'()*+,;="
	pchar      = unreserved + subDelims + ":@"
)

// TestGrammarCharacterClasses proves the grammar one component at a time: every ASCII character is
// put into a URI at that component, and the URI parses exactly when RFC 3986 allows the character
// there unescaped (with Ruby's one deviation: a query may hold any character but "#"). Characters
// that end the component (such as "/" in a host) change which component the rest is, so each
// position lists them apart; "%" is covered by the table.
func TestGrammarCharacterClasses(t *testing.T) {
	for _, pos := range []struct {
		name, before, after string
		allowed             string
		skip                string // characters that end the component
	}{
		{"scheme", "a", "b://h.example/", alpha + digit + "+-.", ":/?#%"},
		{"userinfo", "https://a", "b@h.example/", unreserved + subDelims + ":", "/?#%@"},
		{"host", "https://a", "b/", unreserved + subDelims, "/?#%@:"},
		{"port", "https://h.example:8", "/", digit, "/?#%@"},
		{"path", "https://h.example/a", "b", pchar + "/", "?#%"},
		{"query", "https://h.example/a?a", "b", allASCIIBut("#"), "#%"},
		{"fragment", "https://h.example/a#a", "b", pchar + "/?", "%"},
		{"relative path", "a", "b", pchar + "/", "?#%:"},
	} {
		for c := byte(0); c < 0x80; c++ {
			if strings.IndexByte(pos.skip, c) >= 0 {
				continue
			}
			uri := pos.before + string(c) + pos.after
			_, v := parse(uri)
			if parses, want := !v.Unparsable, strings.IndexByte(pos.allowed, c) >= 0; parses != want {
				t.Errorf("%s: %q parses: %v, want %v", pos.name, uri, parses, want)
			}
		}
		if uri := pos.before + "\u00e9" + pos.after; !CheckURI(uri).Unparsable {
			t.Errorf("%s: %q, not ASCII, parses", pos.name, uri)
		}
	}
}

func allASCIIBut(excluded string) string {
	var b strings.Builder
	for c := byte(0); c < 0x80; c++ {
		if strings.IndexByte(excluded, c) < 0 {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// TestPercentEscapes: an escape is "%" and two hexadecimal digits in every component but the query.
func TestPercentEscapes(t *testing.T) {
	for _, tmpl := range []string{"https://u%s@h.example/", "https://h%s.example/", "https://h.example/a%s", "https://h.example/a#%s", "a%s/b"} {
		for escape, ok := range map[string]bool{"%41": true, "%7e": true, "%7E": true, "%4": false, "%": false, "%zz": false, "%4g": false, "%g4": false} {
			uri := strings.Replace(tmpl, "%s", escape, 1)
			if _, v := parse(uri); v.Unparsable == ok {
				t.Errorf("%q parses: %v, want %v", uri, !v.Unparsable, ok)
			}
		}
	}
}
