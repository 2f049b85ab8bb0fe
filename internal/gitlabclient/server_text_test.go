package gitlabclient

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	gl "gitlab.com/gitlab-org/api/client-go/v2"
)

// TestCleanStripsWhatATerminalActsOn: escape sequences go whole, control and format characters go,
// line breaks become spaces, the rest stays.
func TestCleanStripsWhatATerminalActsOn(t *testing.T) {
	m := newMasks(Config{})
	for in, want := range map[string]string{
		"\x1b[2J\x1b[H\x1b[1;32mApply complete!\x1b[0m":                 "Apply complete!",
		"see \x1b]8;;https://evil.example.com/\x07the docs\x1b]8;;\x07": "see the docs",
		"title \x1b]0;pwned\x1b\\ here":                                 "title here",
		"c1 \u009b31mred\u009b0m and \u009d8;;x\u009cgone":              "c1 red and gone",
		"dcs \x1bPq#0;2;0;0;0\x1b\\ done":                               "dcs done",
		"bidi \u202eolleh\u202c \u2066iso\u2069 \u200fmark\u200e":       "bidi olleh iso mark",
		"lines\r\nand\ttabs\u2028too":                                   "lines and tabs too",
		"nul\x00 del\x7f bell\a esc\x1b":                                "nul del bell esc",
		`escaped \u0041\u007f\u001b\u0022`:                              `escaped A\u007f\u001b\u0022`,
		"invalid \xff utf-8":                                            "invalid \uFFFD utf-8",
	} {
		if got := m.clean(in, 100); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCleanMasksEveryCredential: the token, the headers' values, a request's Basic credentials in every
// form, secrets under any spelling of their key, a value cut off where the text stops, and token-shaped
// strings.
func TestCleanMasksEveryCredential(t *testing.T) {
	m := newMasks(Config{Token: "my-token-value", Headers: map[string]string{"X-Proxy-Auth": "header-value", "X-Flag": "on"}})
	basic := base64.StdEncoding.EncodeToString([]byte("client%3Aid:se+cret%2Fvalue"))
	request := m.forRequest(http.Header{"Authorization": {"Basic " + basic}, "X-Flag": {"on"}})
	for in, want := range map[string]string{
		"token my-token-value and my%2Dtoken":                "token *** and my%2Dtoken",
		`header "header\u002dvalue"`:                         `header "***"`,
		"flag on stays":                                      "flag on stays",
		"basic " + basic:                                     "basic ***",
		"pair client%3Aid:se+cret%2Fvalue":                   "pair ***",
		"decoded client:id and se cret/value":                "decoded *** and ***",
		`{"secret":"abcdef1234"} abcdef1234`:                 `{"secret":"***"} ***`,
		`{"\u0073ecret":"zyxw9876"} zyxw9876`:                `{"secret":"***"} ***`,
		`{"msg":"{\"access_token\":\"qwerty12\"}"} qwerty12`: `{"msg":"{\"access_token\":\"***\"}"} ***`,
		`{"secret":"cut-off-sec`:                             `{"secret":"***`,
		"ends with my-token-va":                              "ends with ***",
		"runner glrt-abc123_XYZ and acme-glpat-0123456789":   "runner glrt-*** and acme-glpat-***",
		"legacy GR1348941abcdefghij":                         "legacy ***",
	} {
		if got := request.clean(in, 200); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := m.clean("se+cret/value", 100); got != "se+cret/value" {
		t.Errorf("the client's masks hide %q: the request's credentials are the request's", got)
	}
}

// TestCleanCapsTheLength: a long text is cut to limit runes, after masking, so no cut can leave half a
// credential.
func TestCleanCapsTheLength(t *testing.T) {
	m := newMasks(Config{Token: "my-token-value"})
	if got := m.clean(strings.Repeat("ä", 5<<20), 10); got != strings.Repeat("ä", 10)+"…" {
		t.Errorf("got %q", got)
	}
	if got := m.clean(strings.Repeat("x", 8)+"my-token-value", 10); got != "xxxxxxxx**…" {
		t.Errorf("got %q", got)
	}
}

// TestCleanMasksTheSecretsTheClientKnows: a secret GitLab issued to the client, and one the provider
// handed it from state, stay masked in every later answer, whatever request it answers.
func TestCleanMasksTheSecretsTheClientKnows(t *testing.T) {
	c := newTestClient(t, "http://127.0.0.1:1", adminToken)
	const issued, fromState = "issued-secret-1a2b3c4d", "state-held-secret-5e6f7a8b"
	if err := c.checkAnswer(http.MethodPost, "applications", &gl.Application{ID: 1, Secret: issued}, true); err != nil {
		t.Fatal(err)
	}
	c.KnowSecret(fromState)
	page := "<p>last answers: " + issued + " and " + fromState + "</p>"
	if shown := c.masks.clean(page, maxQuotedText); strings.Contains(shown, issued) || strings.Contains(shown, fromState) {
		t.Errorf("clean shows a secret the client knows: %q", shown)
	}
}
