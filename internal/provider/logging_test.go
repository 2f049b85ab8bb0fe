package provider

import (
	"encoding/base64"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
)

// TestAccLogging_traceLogsHoldNoSecret runs a create and a renewal with TF_LOG=trace, and with
// check_secrets a refresh that checks the secret at the token endpoint, finds it renewed outside
// Terraform and renews it again, and searches every log, Terraform's and the provider's, for the token
// and every secret the fake GitLab issued, as such and as the Basic credentials of the check.
// Not parallel: it sets the logging environment.
func TestAccLogging_traceLogsHoldNoSecret(t *testing.T) {
	logs := t.TempDir()
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(logs, "%s.log"))
	env := acctest.New(t, acctest.FakeOnly("it searches the fake's request log and the provider's logs for secrets"))
	const headerSecret = "proxy-credential-value"
	name := acctest.Name("logs")
	// The token comes from the environment, as in a pipeline.
	t.Setenv("GITLAB_TOKEN", env.AdminToken)
	config := func(rotation string) string {
		return fmt.Sprintf("provider \"gitlab\" {\n  base_url = %q\n  check_secrets = true\n  headers = { \"X-Proxy-Auth\" = %q }\n}\n", env.BaseURL, headerSecret) +
			applicationBlock("gitlab_instance_application", name, "https://app.example.com/cb", `["openid"]`, `{ rotation = "`+rotation+`" }`)
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
	// The search only proves something if the provider's HTTP traffic is in the logs.
	for _, want := range []string{"GitLab request", "renew-secret", `\"secret\":\"***\"`, "Private-Token:***", "X-Proxy-Auth:***", "/oauth/token", "Authorization:***"} {
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
