package chaos

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/provider"
)

// The CLI level: each schedule's applies are real `terraform apply` commands, with the provider served
// in the test process against a fake GitLab of the schedule's own. The campaign runs once, in this
// package, rather than in internal/provider, whose tests run once per CLI of the matrix.

const (
	// cliLostCreateWait is the provider's wait for a lost create; a 504's work lands within a quarter of
	// it (see clientLostCreateWait).
	cliLostCreateWait = 800 * time.Millisecond
	cliRounds         = 3
)

func TestChaosCLI(t *testing.T) {
	terraform := acctest.Terraform(t)
	// The provider's logs, at debug level, go to one file that the leak check reads at the end. The
	// CLI runs without TF_LOG: its own trace would show it the state, secrets included.
	logPath := filepath.Join(t.TempDir(), "provider.log")
	t.Setenv("TF_LOG", "DEBUG")
	t.Setenv("TF_LOG_PATH", logPath)
	var issued issuedSecrets
	c := newCampaign(t, "CLI", "CHAOS_CLI_SCHEDULES", "CHAOS_SCHEDULES", 5, 2)
	c.run(t, func(t *testing.T, seed uint64, count func(string)) []string {
		return runCLISchedule(t, terraform, seed, count, &issued)
	})
	logs, err := os.ReadFile(logPath)
	if err != nil || len(logs) == 0 {
		t.Fatalf("the provider logged nothing (%v): the leak check would prove nothing", err)
	}
	for _, secret := range issued.all() {
		if strings.Contains(string(logs), secret.value) {
			t.Errorf("the provider's log holds a secret of the schedule of seed %d", secret.seed)
		}
	}
	if strings.Contains(string(logs), fakegitlab.AdminToken) {
		t.Error("the provider's log holds the token")
	}
}

func runCLISchedule(t *testing.T, terraform string, seed uint64, count func(string), issued *issuedSecrets) []string {
	var trace requestTrace
	fake := fakegitlab.New(fakegitlab.Options{RequestLogLimit: 1, OnRequest: trace.add})
	server := httptest.NewServer(fake.Handler())
	defer server.Close()
	fake.SetURL(server.URL)
	reattach, stop := acctest.ServeProviderUntilStopped(t, providerserver.NewProtocol6WithError(provider.NewTuned("chaos", func(cfg *gitlabclient.Config) {
		cfg.RetryWaitMin, cfg.RetryWaitMax, cfg.LostCreateWait = time.Millisecond, 5*time.Millisecond, cliLostCreateWait
	})()))
	defer stop()
	s := newSchedule(seed, cliRounds, int64(cliLostCreateWait/4))
	out := &outcome{}
	fail := func(violations ...string) []string {
		return append([]string{s.String(), out.report(), trace.String()}, violations...)
	}
	cli := cliRunner{terraform: terraform, dir: t.TempDir(), reattach: reattach}
	if err := cli.write(server.URL, s.rounds[0].config); err != nil {
		return fail(err.Error())
	}
	if text, err := cli.run("init", "-backend=false", "-input=false"); err != nil {
		return fail("terraform init failed: " + text)
	}
	for _, r := range s.rounds {
		if err := cli.write(server.URL, r.config); err != nil {
			return fail(err.Error())
		}
		r.inject(fake, count)
		text, _ := cli.run("apply", "-auto-approve", "-input=false", "-no-color")
		out.fromCLI(text)
		fake.ClearFaults()
		fake.WaitLateWork()
	}
	text, err := cli.run("apply", "-auto-approve", "-input=false", "-no-color")
	issued.add(seed, fake.IssuedSecrets())
	if err != nil {
		return fail("the apply without faults failed: " + text)
	}
	st, err := cli.state()
	if err != nil {
		return fail(err.Error())
	}
	for kind, n := range fake.FaultsApplied() {
		for range n {
			count(hitPrefix + kind.String())
		}
	}
	if violations := checkInvariants(fake, s.rounds[len(s.rounds)-1].config, st, out, text); len(violations) > 0 {
		return fail(violations...)
	}
	return nil
}

// cliRunner runs the CLI in one schedule's working directory.
type cliRunner struct {
	terraform, dir, reattach string
}

// run runs a command and returns its output, stdout and stderr together.
func (c cliRunner) run(args ...string) (string, error) {
	cmd := exec.Command(c.terraform, args...)
	cmd.Dir = c.dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_LOG") && !strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "TF_REATTACH_PROVIDERS="+c.reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	output, err := cmd.CombinedOutput()
	return string(output), err
}

// write writes the configuration as HCL.
func (c cliRunner) write(baseURL string, config configuration) error {
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"gitlab\" {\n  base_url = %q\n  token = %q\n  retries = 2\n}\n", baseURL, fakegitlab.AdminToken)
	for _, r := range resources {
		d := config[r.address()]
		if !d.present {
			continue
		}
		scopes, _ := json.Marshal(d.scopes)
		fmt.Fprintf(&b, "resource \"gitlab_%s_application\" %q {\n  name = %q\n  redirect_uri = %q\n  scopes = %s\n  confidential = true\n"+
			"  secret_rotation_triggers = { rotation = \"%d\" }\n", r.kind, r.label, d.name, r.redirectURI, scopes, d.rotation)
		if r.kind == group {
			fmt.Fprintf(&b, "  group = %q\n", fakegitlab.GroupPath)
		}
		b.WriteString("}\n")
	}
	return os.WriteFile(filepath.Join(c.dir, "main.tf"), []byte(b.String()), 0o600)
}

// state reads what state holds of every resource (`terraform show -json`).
func (c cliRunner) state() (state, error) {
	text, err := c.run("show", "-json")
	if err != nil {
		return nil, fmt.Errorf("terraform show -json: %w: %s", err, text)
	}
	var shown struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string `json:"address"`
					Values  struct {
						ID            string   `json:"id"`
						ApplicationID string   `json:"application_id"`
						Secret        string   `json:"secret"`
						Name          string   `json:"name"`
						Scopes        []string `json:"scopes"`
					} `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(text), &shown); err != nil {
		return nil, fmt.Errorf("terraform show -json: %w", err)
	}
	st := state{}
	for _, r := range shown.Values.RootModule.Resources {
		id, err := strconv.ParseInt(r.Values.ID, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: id %q", r.Address, r.Values.ID)
		}
		st[r.Address] = held{id: id, clientID: r.Values.ApplicationID, secret: r.Values.Secret, name: r.Values.Name, scopes: r.Values.Scopes}
	}
	return st, nil
}

// issuedSecrets are the secrets every schedule's GitLab issued, with the schedule's seed.
type issuedSecrets struct {
	mu      sync.Mutex
	secrets []issuedSecret
}

type issuedSecret struct {
	seed  uint64
	value string
}

func (s *issuedSecrets) add(seed uint64, values []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range values {
		s.secrets = append(s.secrets, issuedSecret{seed, v})
	}
}

func (s *issuedSecrets) all() []issuedSecret {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.secrets
}
