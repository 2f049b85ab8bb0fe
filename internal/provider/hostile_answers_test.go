package provider

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// TestAccHostile_proxyPageQuotingTheTokenLeaksNothing: a proxy answers a plan's Read with an error page
// that quotes the request's headers. The diagnostic shows the page with the token masked, and neither it
// nor any trace log holds the token. Not parallel: it sets the logging environment.
func TestAccHostile_proxyPageQuotingTheTokenLeaksNothing(t *testing.T) {
	logs := t.TempDir()
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(logs, "%s.log"))
	env := acctest.New(t, acctest.FakeOnly("it injects faults and reads the provider's logs"))
	// The token comes from the environment, so that the configuration the harness logs does not hold it.
	t.Setenv("GITLAB_TOKEN", env.UserToken)
	config := fmt.Sprintf("provider \"gitlab\" {\n  base_url = %q\n  retries  = 0\n}\n", env.BaseURL) +
		applicationBlock("gitlab_user_application", acctest.Name("proxy"), "https://app.example.com/cb", `["openid"]`, "")
	proxyPage := fakegitlab.Fault{
		Method: http.MethodGet, Path: "/api/v4/user/applications", Kind: fakegitlab.FaultStatus, Times: -1,
		Status: http.StatusBadGateway, Header: http.Header{"Content-Type": {"text/html"}},
		Body: "<html><h1>502</h1><pre>PRIVATE-TOKEN: " + env.UserToken + "</pre>\x1b[2J</html>",
	}
	acctest.RunSerial(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig:   func() { env.Fake.InjectFault(proxyPage) },
				Config:      config,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)does\s+not\s+look\s+like\s+a\s+GitLab\s+API.*502\s+Bad\s+Gateway.*PRIVATE-TOKEN:\s+\*\*\*</pre>\[2J</html>`),
			},
			{PreConfig: env.Fake.ClearFaults, Config: config},
		},
	})

	text := readLogs(t, logs)
	// The search only proves something if the proxy's page is in the logs.
	if !strings.Contains(text, "PRIVATE-TOKEN: ***") {
		t.Fatalf("the trace logs (%d bytes) do not show the proxy's page", len(text))
	}
	if n := strings.Count(text, env.UserToken); n > 0 {
		t.Errorf("the trace logs hold the token %d times", n)
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

// TestAccHostile_unreadableCreateAnswer: GitLab created the application, but its answer cannot be read
// (a body that is not an application, a malformed Link header). The apply ends with the application in
// state, with a secret that works, and no other in GitLab: never one in GitLab that state lacks. Each
// step replaces the previous step's resource with a new one, whose create gets the next answer.
func TestAccHostile_unreadableCreateAnswer(t *testing.T) {
	answers := []struct {
		label string
		fault func(path string) fakegitlab.Fault
	}{
		{"truncated_json", func(path string) fakegitlab.Fault {
			return fakegitlab.ReplaceAnswer(http.MethodPost, path, http.StatusCreated, http.Header{"Content-Type": {"application/json"}}, `{"id":`)
		}},
		{"html_page", func(path string) fakegitlab.Fault {
			return fakegitlab.ReplaceAnswer(http.MethodPost, path, http.StatusCreated, http.Header{"Content-Type": {"text/html"}}, "<html>Created</html>")
		}},
		{"malformed_link", func(path string) fakegitlab.Fault {
			return fakegitlab.AddHeader(http.MethodPost, path, http.Header{"Link": {`<x>; rel`}})
		}},
	}
	env := acctest.New(t, acctest.FakeOnly("it injects faults"))
	runKinds(t, env, allKinds, kindsProvider(env, ""), func(k testKind) []resource.TestStep {
		var steps []resource.TestStep
		for _, answer := range answers {
			address := k.resourceType + "." + answer.label
			steps = append(steps, resource.TestStep{
				PreConfig:         func() { env.Fake.InjectFault(answer.fault(k.listPath(env))) },
				Config:            relabel(k.block(env, acctest.Name("unreadable"), "https://app.example.com/cb", `["openid"]`, "", ""), answer.label),
				ConfigStateChecks: []statecheck.StateCheck{env.Secrets(address).ExpectWorking()},
				Check:             k.expectTheOneInState(env, address),
			})
		}
		return steps
	})
}
