package redirecturi

import (
	"strings"
	"testing"
)

// gitlabVerdicts pins GitLab's answer to a redirect_uri value, as Doorkeeper 5.9 on the uri gem
// (0.13 to 1.1) gives it: "" when it is accepted (201), "500" when GitLab fails, else the messages of
// its 400, in order, joined with " | ".
var gitlabVerdicts = []struct{ value, want string }{
	// Accepted: http(s), custom schemes, the two out-of-band values.
	{"https://app.example.com/callback", ""},
	{"http://app.example.com/cb", ""},
	{"HTTPS://APP.EXAMPLE.COM/CB", ""},
	{"http://localhost:3000/cb", ""},
	{"http://127.0.0.1:8080/cb", ""},
	{"https://app.example.com", ""},
	{"https://app.example.com/", ""},
	{"https://app.example.com?x=1", ""},
	{"myapp://callback", ""},
	{"com.example.app:/oauth", ""},
	{"com.example.app:/", ""},
	{"myapp:", ""},
	{"myapp:/", ""},
	{"my+app.v2-x://cb", ""},
	{"javascripts://x", ""},
	{"urn:ietf:wg:oauth:2.0:oob", ""},
	{"urn:ietf:wg:oauth:2.0:oob:auto", ""},
	{"urn:ietf:wg:oauth:2.0:oob https://a.example/cb", ""},
	// A scheme starts with a letter and holds letters, digits, "+", "-" and ".".
	{"1app://cb", Invalid},
	{"my_app://cb", Invalid},
	{"1:x", Invalid},
	// Out-of-band look-alikes are ordinary opaque URIs.
	{"urn:ietf:wg:oauth:2.0:oob:manual", NoScheme},
	{"URN:IETF:WG:OAUTH:2.0:OOB", NoScheme},
	{"urn:ietf:wg:oauth:2.0:oob#x", Fragment + " | " + NoScheme},
	// 1. forbidden schemes, in any case; every other rule is checked too.
	{"javascript:alert(1)", Forbidden + " | " + NoScheme},
	{"JavaScript://x", Forbidden},
	{"data:text/html,hi", Forbidden + " | " + NoScheme},
	{"data:,", Forbidden + " | " + NoScheme},
	{"vbscript:msgbox", Forbidden + " | " + NoScheme},
	{"VBSCRIPT:/x", Forbidden},
	{"data://x#y", Forbidden + " | " + Fragment},
	{"javascript:", Forbidden},
	{"javascript:alert(1)#x", Forbidden + " | " + Fragment + " | " + NoScheme},
	{"data:x#", Forbidden + " | " + Fragment + " | " + NoScheme},
	// 2. a fragment, even an empty one.
	{"https://a.example/cb#x", Fragment},
	{"https://a.example/cb#", Fragment},
	{"https://a.example/cb?x=1#", Fragment},
	{"https://a.example/cb#a/b?c", Fragment},
	{"https://a.example/cb#%41", Fragment},
	{"https://a.example/cb#%zz", Invalid},
	{"https://a.example/cb#x#y", Invalid},
	{"https://a.example/cb#{x}", Invalid},
	{"https://a.example/cb#x|y", Invalid},
	{"myapp://cb#", Fragment},
	{"localhost:3000/cb#x", Fragment + " | " + NoScheme},
	{"/cb#x", Fragment + " | " + Relative},
	{"#x", Fragment + " | " + Relative},
	{"http://#x", Fragment + " | " + Invalid},
	{"https://#", Fragment + " | " + Invalid},
	// 3. opaque URIs (a scheme not followed by "/") and the scheme localhost.
	{"localhost:3000/cb", NoScheme},
	{"localhost://a", NoScheme},
	{"LOCALHOST:/cb", NoScheme},
	{"mailto:someone@example.com", NoScheme},
	{"mailto:a@b.example,c@d.example", NoScheme},
	{"mailto:?subject=hi", NoScheme},
	{"myapp:callback", NoScheme},
	{"tel:+1-555-0100", NoScheme},
	{"urn:isbn:123", NoScheme},
	{"myapp:cb?%zz", NoScheme}, // an opaque part's query is not checked for escapes
	{"cb:x/y", NoScheme},
	{"file:x", NoScheme},
	{"a:b", NoScheme},
	{"http:cb", NoScheme + " | " + Invalid},
	// The uri gem's scheme classes: mailto: needs addresses (or GitLab fails), ftp: and ldap: a path,
	// ldap: no fragment.
	{"mailto:someone", "500"},
	{"mailto:", "500"},
	{"mailto://x", "500"},
	{"ftp:x", Invalid},
	{"ftp://", ""},
	{"ftp://a.example/file;type=x", ""},
	{"ldap:x", Invalid},
	{"ldaps:x", Invalid},
	{"ldap://ldap.example/dc=example?cn", ""},
	{"ldap://ldap.example/#x", Invalid},
	{"file:///etc/hosts", ""},
	{"file://localhost/x", ""},
	{"wss://a.example/socket", ""},
	{"ws://", ""}, // only http and https need a host
	{"ws:/x", ""},
	// 4. neither scheme nor host; a network-path reference has a host and is accepted.
	{"/cb", Relative},
	{"cb", Relative},
	{"app.example.com/callback", Relative},
	{"./cb", Relative},
	{"../cb", Relative},
	{"?x=1", Relative},
	{"/cb:x", Relative},
	{"//", Relative},
	{"///cb", Relative},
	{"//:443/cb", Relative},
	{"//user@/cb", Relative},
	{"//a@b@c", Relative}, // not an authority: the path "//a@b@c"
	{"//app.example.com/cb", ""},
	{"//app.example.com", ""},
	{"//127.0.0.1:3000/cb", ""},
	{"//[::1]/cb", ""},
	{"//a.example/cb?x={y}", ""},
	{"/cb?x=%zz", Invalid},
	// 5. http and https without a host.
	{"http://", Invalid},
	{"https://", Invalid},
	{"HTTP://", Invalid},
	{"https:///cb", Invalid},
	{"http:", Invalid},
	{"https:/cb", Invalid},
	{"https://:443/cb", Invalid},
	{"https://user@/cb", Invalid},
	{"http://?x", Invalid},
	// Paths: RFC 3986's pchar and "/", nothing else unescaped.
	{"https://a.example/-._~!$&'()*+,;=:@", ""},
	{"https://a.example/a/b//c", ""},
	{"https://a.example/a%2Fb", ""},
	{"https://a.example/a%2fb", ""},
	{"https://a.example/{x}", Invalid},
	{"https://a.example/p|q", Invalid},
	{"https://a.example/a^b", Invalid},
	{"https://a.example/a<b>", Invalid},
	{`https://a.example/"q"`, Invalid},
	{`https://a.example/a\b`, Invalid},
	{"https://a.example/a`b", Invalid},
	{"https://a.example/a[b]", Invalid},
	{"https://a.example/a%zz", Invalid},
	{"https://a.example/a%2", Invalid},
	{"https://a.example/a%", Invalid},
	{"https://a.example/a\x01b", Invalid},
	{"https://a.example/a\x7fb", Invalid},
	{"https://a.example/a\x00b", Invalid},
	{"https://a.example/caf\u00e9", Invalid},
	// Queries: Ruby's grammar takes any character but "#" there, and refuses only "%" followed by two
	// characters that are not hexadecimal digits.
	{"https://a.example/cb?x={y}", ""},
	{"https://a.example/cb?a|b", ""},
	{"https://a.example/cb?a^b<c>\"d\"\\e`f", ""},
	{"https://a.example/cb?[x]", ""},
	{"https://a.example/cb?x\x01y", ""},
	{"https://a.example/cb?", ""},
	{"https://a.example/cb??x", ""},
	{"https://a.example/cb?x=%2", ""},
	{"https://a.example/cb?x=%g1", ""},
	{"https://a.example/cb?x=%", ""},
	{"https://a.example/cb?x=%zz", Invalid},
	{"https://a.example/cb?x=\u00e9", Invalid},
	// Hosts: a registered name of unreserved characters, sub-delims and escapes; punycode, not Unicode.
	{"https://xn--r8jz45g.jp/cb", ""},
	{"https://\u4f8b\u3048.jp/cb", Invalid},
	{"https://b\u00fccher.example/cb", Invalid},
	{"https://a_b.example/cb", ""},
	{"https://a~b.example", ""},
	{"https://a!$&'()*+,;=.example", ""},
	{"https://%61.example/cb", ""},
	{"https://a%zz.example/cb", Invalid},
	{"https://a{b}.example", Invalid},
	{"https://-.example", ""},
	{"https://256.256.256.256/", ""},
	{"https://1.2.3.4.5/", ""},
	{"https://a..b/", ""},
	// IPv6 and IPvFuture literals.
	{"http://[::1]/cb", ""},
	{"http://[::1]:3000/cb", ""},
	{"http://[2001:db8::7]/cb", ""},
	{"http://[2001:db8:0:0:0:0:0:7]/", ""},
	{"http://[::ffff:192.0.2.1]/", ""},
	{"http://[::]/", ""},
	{"http://[1:2:3:4:5:6:7:8]/", ""},
	{"http://[::1]:/cb", ""},
	{"http://[v1.fe80::a+en1]/", ""},
	{"http://[V1.x]/", Invalid},
	{"http://[fe80::1%25eth0]/", Invalid},
	{"http://[::1", Invalid},
	{"http://::1/", Invalid},
	{"http://[::1]x/", Invalid},
	{"http://[::a:b:c:d:1.2.3.4]/", Invalid}, // Ruby's grammar wants a digit before "::" there
	{"http://[1:2:3:4:5:6:7:8:9]/", Invalid},
	{"http://[12345::1]/", Invalid},
	// User info.
	{"https://user:pass@a.example/cb", ""},
	{"https://user@a.example/cb", ""},
	{"https://us%20er@a.example/", ""},
	{"https://:@a.example/", ""},
	{"https://@a.example/", ""},
	{"https://a@b@a.example/", Invalid},
	{"https://us{er@a.example/", Invalid},
	// Ports: digits, any number of them, or none.
	{"https://a.example:8443/cb", ""},
	{"https://a.example:/cb", ""},
	{"http://1.2.3.4:65536/", ""},
	{"myapp://a:1/", ""},
	{"https://a.example:port/cb", Invalid},
	{"https://a.example:-1/", Invalid},
	{"https://a.example:80:80/", Invalid},
	// Several URIs: ASCII whitespace separates them, Unicode spaces do not. Every URI's rules are
	// reported, up to the first that does not parse.
	{"https://a.example/cb https://b.example/cb", ""},
	{"https://a.example/cb\thttps://b.example/cb", ""},
	{"https://a.example/cb\nhttps://b.example/cb", ""},
	{"https://a.example/cb\r\nhttps://b.example/cb", ""},
	{"https://a.example/cb\vhttps://b.example/cb", ""},
	{"https://a.example/cb\fhttps://b.example/cb", ""},
	{"  https://a.example/cb  ", ""},
	{"https://a.example/cb\u00a0https://b.example/cb", Invalid},
	{"https://a.example/cb\u2003https://b.example/cb", Invalid},
	{"https://a.example/cb\u3000", Invalid},
	{"https://a.example/cb\u0085", Invalid},
	{"https://a.example/cb\u200b", Invalid},
	{"https://exa mple.com", Relative},
	{"/a /b", Relative + " | " + Relative},
	{"/rel https://b.example/#x", Relative + " | " + Fragment},
	{"https://a.example/{x} /rel", Invalid},
	{"/rel https://a.example/{x} /rel2", Relative + " | " + Invalid},
	{"https://ok.example/cb javascript:alert(1)", Forbidden + " | " + NoScheme},
	{"https://ok.example/cb mailto:x", "500"},
	{"https://a.example/{x} mailto:x", Invalid},
	// Blank: Rails' blank? counts Unicode spaces, String#split does not.
	{"", Blank},
	{" \n\t", Blank},
	{"\u00a0", Blank},
	{" \u3000 ", Blank},
	{"\u200b", Invalid}, // a zero-width space is not white space
}

func TestGitLabVerdicts(t *testing.T) {
	if len(gitlabVerdicts) < 150 {
		t.Fatalf("%d cases, want at least 150", len(gitlabVerdicts))
	}
	for _, tc := range gitlabVerdicts {
		messages, serverError := GitLabMessages(tc.value)
		got := strings.Join(messages, " | ")
		if serverError {
			got = "500"
		}
		if got != tc.want {
			t.Errorf("GitLabMessages(%q) = %q, want %q", tc.value, got, tc.want)
		}
		// The provider refuses exactly what GitLab refuses.
		if findings := Check(tc.value); (len(findings) == 0) != (tc.want == "") {
			t.Errorf("Check(%q) = %v, but GitLab answers %q", tc.value, findings, tc.want)
		}
	}
}

func TestCheckReportsEveryURIAndRule(t *testing.T) {
	for value, want := range map[string][]string{
		"javascript:alert(1)":                   {`redirect URI "javascript:alert(1)" is forbidden by the server. It also must specify a scheme.`},
		"https://a.example/{x} /rel":            {`redirect URI "https://a.example/{x}" must be a valid URI. It contains '{', which RFC 3986 does not allow unescaped there: write it as %7B.`, `redirect URI "/rel" must be an absolute URI.`},
		"https://a.example/cb\u00a0https://b/x": {`redirect URI "https://a.example/cb\u00a0https://b/x" must be a valid URI. It contains U+00A0, a Unicode space: only ASCII spaces, tabs and newlines separate URIs.`},
		"https://\u4f8b\u3048.jp/cb":            {`redirect URI "https://例え.jp/cb" must be a valid URI. Its host contains '例' (U+4F8B): write the host in punycode (xn--...).`},
		"https://a.example/a%zz":                {`redirect URI "https://a.example/a%zz" must be a valid URI. It has a "%" that starts no percent escape (%XX).`},
		"https://a.example/cb?x=%zz":            {`redirect URI "https://a.example/cb?x=%zz" must be a valid URI. Its query has the bad percent escape "%zz".`},
		"mailto:x":                              {`redirect URI "mailto:x" cannot be used. GitLab fails on a mailto: URI without a valid address (an internal error, 500).`},
		" ":                                     {`redirect_uri can't be blank: give at least one URI`},
	} {
		var got []string
		for _, f := range Check(value) {
			got = append(got, f.Message())
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("Check(%q):\n got %q\nwant %q", value, got, want)
		}
	}
}
