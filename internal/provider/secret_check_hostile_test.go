package provider

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// TestSecretCheck_warningsShowNothingOfTheAnswer: a token endpoint behind a proxy that echoes the
// request's headers (the Basic credentials, the provider's headers) with terminal escapes, in the
// status line, a header or a malformed answer, gives a warning that shows none of it.
func TestSecretCheck_warningsShowNothingOfTheAnswer(t *testing.T) {
	const (
		token       = "glpat-provider-token-0123456789"
		headerValue = "proxy-header-credential"
		clientID    = "client-id-0a1b2c"
		secret      = "state-secret-3d4e5f"
	)
	basic := base64.StdEncoding.EncodeToString([]byte(clientID + ":" + secret))
	answers := map[string]func(echo string) string{
		"the status line": func(echo string) string {
			return "HTTP/1.1 502 " + echo + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
		},
		"a header": func(echo string) string {
			return "HTTP/1.1 400 Bad Request\r\nContent-Type: " + echo + "\r\nX-Echo: " + echo + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
		},
		"a malformed answer": func(echo string) string { return echo + "\r\n\r\n" },
	}
	for name, answer := range answers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/oauth/token" {
					http.NotFound(w, r)
					return
				}
				conn, buf, err := http.NewResponseController(w).Hijack()
				if err != nil {
					t.Error(err)
					return
				}
				defer conn.Close()
				echo := "\x1b]8;;https://evil.example.com/\x07" + strings.ReplaceAll(requestHeaders(r), "\n", " | ") + "\x1b]8;;\x07 \x1b[2J"
				_, _ = buf.WriteString(answer(echo))
				_ = buf.Flush()
			}))
			t.Cleanup(server.Close)
			client, err := gitlabclient.New(gitlabclient.Config{
				BaseURL: server.URL, Token: token, Headers: map[string]string{"X-Proxy-Auth": headerValue}, CheckSecrets: true,
			})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(client.Close)
			r := &applicationResource{kind: instanceApplications, client: client}
			state := applicationModel{
				ID: types.StringValue("1"), Name: types.StringValue("app"),
				ApplicationID: types.StringValue(clientID), Secret: types.StringValue(secret),
			}
			var diags diag.Diagnostics
			r.checkSecret(context.Background(), &state, memoryPrivateState{}, &diags)
			if len(diags.Warnings()) != 1 || diags.Warnings()[0].Summary() != "Cannot check the secret" {
				t.Fatalf("want the warning that the secret could not be checked: %v", diags)
			}
			detail := diags.Warnings()[0].Detail()
			for _, leak := range []string{token, headerValue, basic, secret} {
				if strings.Contains(detail, leak) {
					t.Errorf("the warning shows %q: %q", leak, detail)
				}
			}
			if strings.ContainsFunc(detail, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) {
				t.Errorf("the warning holds control characters: %q", detail)
			}
		})
	}
}

// memoryPrivateState is private state data kept in memory.
type memoryPrivateState map[string][]byte

func (p memoryPrivateState) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p[key], nil
}

func (p memoryPrivateState) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	p[key] = value
	return nil
}
