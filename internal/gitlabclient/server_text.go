package gitlabclient

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Server text is whatever a server, or a proxy in front of it, chose to send: bodies, status lines,
// headers, the parts of an answer a transport error quotes, the values of the discovery document. It
// reaches an error, a diagnostic or a log only through masks.clean, which masks every credential and
// secret in it, strips what a terminal would act on, and caps its length. See "One door" in DESIGN.md.

const (
	// maxQuotedText bounds the server text one error message quotes, in runes.
	maxQuotedText = 400
	// maxLoggedText bounds the server text one log field shows, in runes.
	maxLoggedText = maxLoggedBody
	// maxQuotedName bounds one name a server gave: a header's, an attribute's, a media type, a page.
	maxQuotedName = 100
)

// masks knows what must never reach a log or an error message: the token, the extra headers' values,
// the credentials of a request, credential headers and every secret an answer holds.
type masks struct {
	// hidden are the lower-case names of headers whose values are never shown.
	hidden map[string]bool
	// mu guards values, which remember may grow while requests are masked: a reader takes the slice
	// under it, and a writer replaces the slice, never changing one a reader holds.
	mu sync.RWMutex
	// values are never shown anywhere, also as they appear escaped in JSON or in a URL; longest first,
	// so that a form holding another is replaced whole.
	values []string
}

// maxRememberedValues bounds what remember keeps: a client of one Terraform command learns two
// secrets per application at most (the state's and a new one), and masking costs per value.
const maxRememberedValues = 20000

// minMaskedHeaderValue: an extra header's value shorter than this is masked as a header only. Masking
// "1" or "on" everywhere would garble every log line, and cannot be a credential.
const minMaskedHeaderValue = 4

func newMasks(cfg Config) *masks {
	m := &masks{hidden: map[string]bool{
		"private-token": true, "authorization": true, "job-token": true, "cookie": true, "set-cookie": true,
		"proxy-authorization": true,
	}}
	m.add(cfg.Token, 1)
	for name, value := range cfg.Headers {
		m.hidden[strings.ToLower(name)] = true
		m.add(value, minMaskedHeaderValue)
	}
	return m
}

// add masks value, unless it is shorter than minLength, and the forms a server that quotes it may give
// it: JSON-escaped, URL-encoded.
func (m *masks) add(value string, minLength int) {
	m.values = withForms(m.values, value, minLength)
}

// withForms returns values (never changed) and the forms of value a server that quotes it may give it.
func withForms(values []string, value string, minLength int) []string {
	if value == "" || len(value) < minLength {
		return values
	}
	quoted, _ := json.Marshal(value)
	out := slices.Clone(values)
	for _, form := range []string{value, strings.Trim(string(quoted), `"`), url.QueryEscape(value), url.PathEscape(value)} {
		if !slices.Contains(out, form) {
			out = append(out, form)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// current returns the values masked now.
func (m *masks) current() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.values
}

// remember masks secret from now on, in every request of the client: a secret GitLab issued to this
// client, or one the state holds, which an answer to another request may quote.
func (m *masks) remember(secret string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.values) < maxRememberedValues {
		m.values = withForms(m.values, secret, minMaskedHeaderValue)
	}
}

// with returns masks that also hide values.
func (m *masks) with(values ...string) *masks {
	more := &masks{hidden: m.hidden, values: m.current()}
	for _, v := range values {
		more.add(v, minMaskedHeaderValue)
	}
	return more
}

// forRequest returns masks that also hide the credentials req carries, in every form a server may
// echo them: the value of every credential header, and of HTTP Basic the encoded value, the decoded
// user:password and each part, form-decoded too (RFC 6749 2.3.1 form-encodes both before Basic).
func (m *masks) forRequest(h http.Header) *masks {
	var values []string
	for name, hv := range h {
		if !m.hidden[strings.ToLower(name)] {
			continue
		}
		for _, v := range hv {
			values = append(values, v)
			scheme, credentials, ok := strings.Cut(v, " ")
			if !ok {
				continue
			}
			values = append(values, credentials)
			if !strings.EqualFold(scheme, "Basic") {
				continue
			}
			decoded, err := base64.StdEncoding.DecodeString(strings.TrimSpace(credentials))
			if err != nil {
				continue
			}
			user, password, _ := strings.Cut(string(decoded), ":")
			values = append(values, string(decoded), user, password)
			for _, part := range []string{user, password} {
				if unescaped, err := url.QueryUnescape(part); err == nil {
					values = append(values, unescaped)
				}
			}
		}
	}
	if len(values) == 0 {
		return m
	}
	return m.with(values...)
}

// withSecretsOf returns masks that also hide every secret body holds (see secretsIn), wherever else the
// same answer repeats them: an HTML page, a header, a message.
func (m *masks) withSecretsOf(body []byte) *masks {
	found := secretsIn(string(body))
	if len(found) == 0 {
		return m
	}
	return m.with(found...)
}

// secretKeys are the JSON keys whose string values are secrets, whatever else the object is.
var secretKeys = map[string]bool{
	"secret": true, "client_secret": true, "access_token": true, "refresh_token": true, "id_token": true,
	"token": true, "private_token": true, "password": true,
}

// jsonStringPair matches a JSON string key and its string value as written (escapes included), also a
// value cut off where the text stops, in valid JSON or not.
var jsonStringPair = regexp.MustCompile(`"((?:[^"\\]|\\.){1,64})"\s*:\s*"((?:[^"\\]|\\.)*)(?:"|\\?$)`)

// secretsIn returns the values of secretKeys in text, as written and decoded; a key may be written with
// escapes ("\u0073ecret"), and text may be any JSON, a page that embeds some, JSON cut off, or JSON
// quoted inside a JSON string (an error message that quotes an answer), up to three levels deep.
func secretsIn(text string) []string {
	return secretsAt(text, 3)
}

func secretsAt(text string, depth int) []string {
	var found []string
	for _, pair := range jsonStringPair.FindAllStringSubmatch(text, -1) {
		key, value := jsonUnquote(pair[1]), jsonUnquote(pair[2])
		switch {
		case secretKeys[strings.ToLower(key)] && pair[2] != "":
			found = append(found, pair[2], value)
		case depth > 1 && strings.Contains(value, `"`):
			found = append(found, secretsAt(value, depth-1)...)
		}
	}
	// JSON quoted elsewhere than in a value of an object: in a list, a page, a log line.
	if depth > 1 && strings.Contains(text, `\"`) {
		found = append(found, secretsAt(unquoteOnce.Replace(text), depth-1)...)
	}
	return found
}

// unquoteOnce undoes one level of JSON string quoting, as far as finding keys and values needs.
var unquoteOnce = strings.NewReplacer(`\"`, `"`, `\\`, `\`)

// unescapePrintable writes each JSON escape of a printable ASCII character but " and \ ("\u002d") as the
// character itself; an escaped backslash and every other escape stay as they are.
func unescapePrintable(s string) string {
	if !strings.Contains(s, `\u00`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		if s[i+1] == 'u' && i+6 <= len(s) {
			if code, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil && code > ' ' && code < 0x7f && code != '"' && code != '\\' {
				b.WriteByte(byte(code))
				i += 5
				continue
			}
		}
		b.WriteString(s[i : i+2]) // an escape that stays, the escaped backslash included
		i++
	}
	return b.String()
}

// jsonUnquote decodes the inside of a JSON string, or returns it as it is when it does not decode.
func jsonUnquote(inside string) string {
	var s string
	if json.Unmarshal([]byte(`"`+inside+`"`), &s) != nil {
		return inside
	}
	return s
}

// logContext makes tflog itself replace the masked values wherever they would appear, as a second line
// of defence behind headers and clean.
func (m *masks) logContext(ctx context.Context) context.Context {
	values := m.current()
	if len(values) == 0 {
		return ctx
	}
	ctx = tflog.MaskAllFieldValuesStrings(ctx, values...)
	return tflog.MaskMessageStrings(ctx, values...)
}

// headers lists headers for a log: credential headers as ***, every other value cleaned.
func (m *masks) headers(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for name, values := range h {
		if m.hidden[strings.ToLower(name)] {
			out[m.clean(name, maxQuotedName)] = "***"
			continue
		}
		out[m.clean(name, maxQuotedName)] = m.clean(strings.Join(values, ", "), maxQuotedText)
	}
	return out
}

// clean is the one way server text reaches an error, a diagnostic or a log: valid UTF-8 on one line,
// without control characters, terminal escape sequences (colours, a cleared screen, an OSC 8
// hyperlink) or the format characters that reorder text on screen; with every credential and secret
// masked (the token, the extra headers' values, the request's credentials, the secrets this text or the
// answer holds, anything shaped like a GitLab token); at most limit runes.
func (m *masks) clean(text string, limit int) string {
	// Only a bounded head is worth the work: what is past it is cut anyway. The margin keeps a value
	// that straddles the cut whole for the masks; one cut by it is masked as a cut-off value.
	if head := limit*utf8.UTFMax + 4<<10; len(text) > head {
		text = text[:head]
	}
	// A printable character written as a JSON escape ("\u002d") is written as itself, so that no escape
	// hides a masked value; an escaped control character stays an escape, as text.
	s := stripTerminalControls(unescapePrintable(strings.ToValidUTF8(text, "\uFFFD")))
	s = m.withSecretsOf([]byte(s)).mask(s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "…"
	}
	return s
}

// maxScopeText bounds one scope name of the discovery document; GitLab's longest is 24 characters.
const maxScopeText = 100

// cleanEach cleans every text of a list, such as the discovery document's scopes, and leaves out those
// left empty.
func (m *masks) cleanEach(texts []string, limit int) []string {
	var out []string
	for _, t := range texts {
		if c := m.clean(t, limit); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// cleanError returns err with its text cleaned, still unwrapping to err, or err itself when cleaning
// changes nothing: net/http quotes the start of a malformed answer, and a Location header it cannot
// parse, in its errors.
func (m *masks) cleanError(err error) error {
	if shown := m.clean(err.Error(), maxQuotedText); shown != err.Error() {
		return &maskedError{text: shown, err: err}
	}
	return err
}

// mask replaces the masked values in s, and the start of one where s stops (a log's or a page's head
// cut it), and then anything shaped like a GitLab token.
func (m *masks) mask(s string) string {
	values := m.current()
	for _, v := range values {
		s = strings.ReplaceAll(s, v, "***")
	}
	for _, v := range values {
		for n := len(v) - 1; n >= minMaskedHeaderValue; n-- {
			if strings.HasSuffix(s, v[:n]) {
				s = s[:len(s)-n] + "***"
				break
			}
		}
	}
	return tokenShaped.ReplaceAllString(s, "${1}***")
}

// tokenShaped matches the tokens GitLab issues by their published prefixes (an instance prefix before
// them, such as "acme-glpat-", stays and shows nothing): personal, group and project access tokens,
// OAuth application secrets and access tokens, deploy, runner, pipeline trigger, CI/CD job, feed,
// incoming mail, agent, SCIM, feature flag and workspace tokens. It is a second line of defence behind
// the masks of known values: a proxy may quote a token this client never saw.
var tokenShaped = regexp.MustCompile(`(gl(?:pat|oas|oat|dt|rt|rtr|ptt|cbt|ft|imt|agent|soat|ffct|tst|wt|ws)-)[0-9A-Za-z_.~+/=-]+|\bGR1348941[0-9A-Za-z_-]+`)

// stripTerminalControls removes escape sequences whole (CSI such as colours and cursor moves; OSC such
// as titles and hyperlinks, up to BEL or ST; DCS, SOS, PM and APC strings), every other C0 and C1
// control character and DEL, and the format characters (Unicode Cf: bidi embeddings, overrides and
// isolates, marks, zero-width characters); line breaks and tabs become spaces.
func stripTerminalControls(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	runes := []rune(s)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case r == '\x1b' && i+1 < len(runes):
			i = skipEscape(runes, i+1, runes[i+1])
		case r == '\u009b' || r == '\u009d' || r == '\u0090' || r == '\u0098' || r == '\u009e' || r == '\u009f':
			i = skipEscape(runes, i, c1Introducer[r])
		case r == '\t' || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			b.WriteByte(' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// c1Introducer maps the C1 controls that open a sequence to the character that follows ESC for the
// same sequence: CSI, OSC, DCS, SOS, PM, APC.
var c1Introducer = map[rune]rune{'\u009b': '[', '\u009d': ']', '\u0090': 'P', '\u0098': 'X', '\u009e': '^', '\u009f': '_'}

// skipEscape returns the index of the last rune of the sequence that kind opens at runes[at] (the
// character after ESC, or the C1 control).
func skipEscape(runes []rune, at int, kind rune) int {
	switch kind {
	case '[': // CSI: parameters and intermediates, then one final byte
		for i := at + 1; i < len(runes); i++ {
			if runes[i] >= 0x40 && runes[i] <= 0x7e {
				return i
			}
		}
		return len(runes) - 1
	case ']', 'P', 'X', '^', '_': // a string, up to BEL (OSC), ESC \ or ST
		for i := at + 1; i < len(runes); i++ {
			switch {
			case runes[i] == '\a' || runes[i] == '\u009c':
				return i
			case runes[i] == '\x1b' && i+1 < len(runes) && runes[i+1] == '\\':
				return i + 1
			}
		}
		return len(runes) - 1
	}
	return at // ESC and one character
}
