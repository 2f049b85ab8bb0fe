package provider

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// TestAccLogging_traceLogsHoldNoSecret runs a create and a renewal with TF_LOG=trace, and with
// check_secrets a refresh that checks the secret at the token endpoint, finds it renewed outside
// Terraform and renews it again. Then a proxy answers a plan's Read with an error page that quotes the
// token: the diagnostic shows the page with the token masked. Then the proxy in front of the fake
// echoes every request's headers, first on the token endpoint (the secret check's Basic credentials),
// then on the API too. Every log, Terraform's and the provider's, is searched for the token, the
// header's value and every secret the fake GitLab issued, as such and as the Basic credentials of the
// check.
// Not parallel: it sets the logging environment.
func TestAccLogging_traceLogsHoldNoSecret(t *testing.T) {
	logs := t.TempDir()
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(logs, "%s.log"))
	env := acctest.New(t, acctest.FakeOnly("it searches the fake's request log and the provider's logs for secrets"))
	const headerSecret = "proxy-credential-value"
	name := acctest.Name("logs")
	// The token comes from the environment, as in a pipeline, so that the configuration the harness
	// logs does not hold it. It is an administrator's, which serves the user application too (its own).
	t.Setenv("GITLAB_TOKEN", env.AdminToken)
	proxy := newEchoingProxy(t, env.BaseURL)
	viaProxy := func(rotation string) string {
		return fmt.Sprintf("provider \"gitlab\" {\n  base_url = %q\n  retries  = 0\n  check_secrets = true\n  headers = { \"X-Proxy-Auth\" = %q }\n}\n", proxy.URL, headerSecret) +
			applicationBlock("gitlab_instance_application", name, "https://app.example.com/cb", `["openid"]`, `{ rotation = "`+rotation+`" }`) +
			applicationBlock("gitlab_user_application", name, "https://app.example.com/cb", `["openid"]`, "")
	}
	// The configuration goes through the proxy, which forwards everything until a step makes it echo.
	config := viaProxy
	proxyPage := fakegitlab.Fault{
		Method: http.MethodGet, Path: "/api/v4/user/applications", Kind: fakegitlab.FaultStatus, Times: -1,
		Status: http.StatusBadGateway, Header: http.Header{"Content-Type": {"text/html"}},
		Body: "<html><h1>502</h1><pre>Authorization: Bearer " + env.AdminToken + "</pre>\x1b[2J</html>",
	}
	var id, clientID string
	acctest.RunSerial(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{Config: config("1"), Check: resource.ComposeTestCheckFunc(
				acctest.CaptureAttribute("gitlab_instance_application.test", "id", &id),
				acctest.CaptureAttribute("gitlab_instance_application.test", "application_id", &clientID))},
			{Config: config("2")}, // renews the secret
			{
				// The check finds the secret renewed outside and the apply renews it again.
				PreConfig: func() { env.Fake.RenewSecretOutside(mustParseID(t, id)) },
				Config:    config("2"),
			},
			{
				PreConfig:   func() { env.Fake.InjectFault(proxyPage) },
				Config:      config("2"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)does\s+not\s+look\s+like\s+a\s+GitLab\s+API.*502\s+Bad\s+Gateway.*Authorization:\s+\*\*\*</pre></html>`),
			},
			{PreConfig: env.Fake.ClearFaults, Config: config("2")},
			{
				// The proxy echoes the secret check's request (its Basic credentials included): the
				// check cannot tell, and says so in a warning.
				PreConfig: func() { proxy.echo("/oauth/token") },
				Config:    config("2"),
				PlanOnly:  true,
			},
			{
				// And the API's requests, whose error quotes the page: with every credential masked.
				PreConfig:   func() { proxy.echo("/oauth/token", "/api/v4/applications", "/api/v4/user/applications") },
				Config:      config("2"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)502\s+Bad\s+Gateway.*<pre>Accept:.*Authorization:\s+\*\*\*`),
			},
			{PreConfig: func() { proxy.echo() }, Config: config("2")},
		},
	})

	secrets := append(env.Fake.IssuedSecrets(), env.AdminToken, headerSecret)
	if len(secrets) < 4 {
		t.Fatalf("the fake issued %d secrets, want at least 2", len(secrets)-2)
	}
	var all strings.Builder
	for _, line := range strings.Split(readLogs(t, logs), "\n") {
		// The test harness echoes each step's configuration, header value included; that line is the
		// test's own text, not a log of Terraform or the provider.
		if !strings.Contains(line, `headers = { "X-Proxy-Auth" =`) {
			all.WriteString(line + "\n")
		}
	}
	text := all.String()
	// The search only proves something if the provider's HTTP traffic and the proxy's page are in the
	// logs.
	for _, want := range []string{"GitLab request", "renew-secret", `\"secret\":\"***\"`, "Authorization:***", "X-Proxy-Auth:***", "/oauth/token", "echoed by the proxy", "Authorization: ***", "X-Proxy-Auth: ***"} {
		if !strings.Contains(text, want) {
			t.Fatalf("the trace logs (%d bytes) do not show %q", len(text), want)
		}
	}
	for _, secret := range env.Fake.IssuedSecrets() {
		secrets = append(secrets, base64.StdEncoding.EncodeToString([]byte(clientID+":"+secret)))
	}
	for _, secret := range secrets {
		if n := strings.Count(text, secret); n > 0 {
			t.Errorf("the trace logs hold %q %d times", secret[:min(12, len(secret))]+"…", n)
		}
	}
	if strings.Contains(text, "grant_type=") {
		t.Error("the trace logs hold the token endpoint's form body")
	}
}

// readLogs returns every log file in dir (TF_LOG_PATH_MASK's folder), one after another.
func readLogs(t *testing.T, dir string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	var all strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	return all.String()
}
