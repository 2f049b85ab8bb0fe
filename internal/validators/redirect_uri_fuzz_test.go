package validators

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fuzzwatch"
)

// redirectURISeeds cover every rule, the character classes, both out-of-band values, separators and
// the uri gem's scheme classes; `go test` runs them, `go test -fuzz` starts from them.
var redirectURISeeds = []string{
	"https://app.example.com/callback", "http://127.0.0.1:8080/cb", "myapp://callback", "com.example.app:/oauth",
	"urn:ietf:wg:oauth:2.0:oob", "urn:ietf:wg:oauth:2.0:oob:auto", "urn:ietf:wg:oauth:2.0:oob:manual",
	"//app.example.com/cb", "//", "///cb", "/cb", "cb", "?x", "#x", "",
	"javascript:alert(1)", "data:text/html,x#y", "VBScript:x", "https://a.example/cb#", "localhost:3000/cb",
	"mailto:someone@example.com", "mailto:x", "mailto://x", "ftp:x", "ldap://h/#x", "http:cb", "http://", "https:///cb",
	"https://a.example/{x}", "https://a.example/p|q", "https://a.example/cb?x={y}", "https://a.example/cb?x=%zz",
	"https://a.example/cb?x=%g1", "https://a.example/a%2", "https://\u4f8b\u3048.jp/cb", "https://xn--r8jz45g.jp/cb",
	"https://a.example/cb\u00a0https://b.example/cb", "https://a.example/cb\u2003x", "\u00a0", "\u200b",
	"https://a.example/cb\thttps://b.example/cb\r\n\v\fmyapp://x", "/rel https://b.example/{x} /rel2",
	"http://[::1]:3000/cb", "http://[::ffff:192.0.2.1]/", "http://[v1.x]/", "http://[::a:b:c:d:1.2.3.4]/",
	"http://[fe80::1%25eth0]/", "http://[::1", "https://user:pass@a.example/", "https://a@b@c/", "//a@b@c",
	"https://a.example:8443/", "https://a.example:port/", "https://a.example/a\x00b", "https://a.example/cb?\x01",
	"1app://cb", "my+app.v2-x://cb", "file:///x", "ws://", "https://%61.example/", "https://a%zz.example/",
}

// FuzzRedirectURIValidator: for any value the validator does not panic, and its verdict keeps
// properties that hold apart from how it checks (redirecturi's verdict table pins the verdicts
// themselves against GitLab's): a blank value and a value with a fragment are refused, and white space
// around the value, which only separates URIs, changes nothing.
func FuzzRedirectURIValidator(f *testing.F) {
	for _, seed := range redirectURISeeds {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		if !utf8.ValidString(value) {
			t.Skip("Terraform strings are UTF-8")
		}
		// A validation takes microseconds; one that takes seconds hangs a plan.
		defer fuzzwatch.Start(10*time.Second, fmt.Sprintf("validating %.200q", value))()
		refused := refuses(t, value)
		if strings.TrimSpace(value) == "" && !refused {
			t.Errorf("%q: a blank value is accepted", value)
		}
		if strings.Contains(value, "#") && !refused {
			t.Errorf("%q: a value with a fragment is accepted", value)
		}
		if padded := " \n" + value + "\t "; refuses(t, padded) != refused {
			t.Errorf("%q: refused %v, but %v with white space around it", value, refused, !refused)
		}
	})
}

func refuses(t *testing.T, value string) bool {
	resp := &validator.StringResponse{}
	RedirectURI().ValidateString(t.Context(), validator.StringRequest{
		Path: path.Root("redirect_uri"), ConfigValue: types.StringValue(value),
	}, resp)
	return resp.Diagnostics.HasError()
}
