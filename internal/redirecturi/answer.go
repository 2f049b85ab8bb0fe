package redirecturi

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// GitLabMessages is what GitLab answers about a value: the redirect_uri messages of its 400, in the
// order Doorkeeper adds them (the URIs in turn, each URI's rules in turn, stopping at the first URI
// that does not parse), or serverError when it fails with a 500 instead. No messages and no server
// error: GitLab accepts the value.
func GitLabMessages(value string) (messages []string, serverError bool) {
	if isBlank(value) {
		return []string{Blank}, false
	}
	for _, uri := range Split(value) {
		v := CheckURI(uri)
		if v.ServerError {
			return nil, true
		}
		messages = append(messages, v.Rules...)
		if v.Unparsable {
			break
		}
	}
	return messages, false
}

// Message explains a finding to a user: the URI, every rule it breaks in GitLab's words, and what is
// wrong with it when it does not parse.
func (f Finding) Message() string {
	if f.URI == "" && len(f.Rules) == 1 && f.Rules[0] == Blank {
		return "redirect_uri can't be blank: give at least one URI"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "redirect URI %q", f.URI)
	for i, rule := range f.Rules {
		if i > 0 {
			b.WriteString(" It also")
		}
		b.WriteString(" " + rule)
	}
	if f.ServerError {
		b.WriteString(" cannot be used.")
	}
	if f.Reason != "" {
		r, size := utf8.DecodeRuneInString(f.Reason)
		b.WriteString(" " + string(unicode.ToUpper(r)) + f.Reason[size:] + ".")
	}
	return b.String()
}
