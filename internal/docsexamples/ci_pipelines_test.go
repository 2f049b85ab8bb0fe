package docsexamples

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
)

// TestCIPipelines runs every GitLab CI file of the docs (ci_blocks_test.go) under gitlab-ci-local with
// its shell executor, against the fake GitLab, with the CLI its jobs call. A pipeline runs as each
// source its rules know (a merge request, a push to the default branch, the drift schedule, the apply
// schedule), and each run must do what the guides say: a merge request plans with the read_api token
// and changes nothing, and its plan fails on a group that does not exist; a push applies; the drift
// job passes (exit 0) on a clean state, fails on a secret renewed in GitLab's UI, and fails, saying
// so, on an error; the apply schedule renews that secret, after which the drift job passes again.
// gitlab-ci-local refuses a job whose stage is not declared, so a block that loses a stage fails.
// The component's block is checked with --list-json (GitLab's schema and stages), against a stand-in.
//
// It runs once, with the terraform run of this package (the OpenTofu run skips it): it looks up both
// CLIs itself.
func TestCIPipelines(t *testing.T) {
	if acctest.ProviderHost() == "registry.opentofu.org" {
		t.Skip("runs in the terraform run of this package, with both CLIs")
	}
	root := filepath.Join("..", "..")
	blocks := ciBlocks(t, root)
	if len(blocks) < 3 {
		t.Fatalf("found %d CI blocks in README.md and templates/; the extraction is broken", len(blocks))
	}
	runner := gitlabCILocal(t)
	provider := buildProvider(t)
	for _, b := range blocks {
		t.Run(b.source, func(t *testing.T) {
			t.Parallel()
			switch b.kind {
			case "component":
				checkComponentBlock(t, runner, b)
			case "pipeline":
				runPipelineBlock(t, runner, root, provider, b)
			}
		})
	}
}

// checkComponentBlock lists the jobs of the component's block around the stand-in: gitlab-ci-local
// validates the file against GitLab's schema and every job's stage against `stages`.
func checkComponentBlock(t *testing.T, runner string, b ciBlock) {
	repo := newPipelineRepo(t, runner, map[string]string{
		".gitlab-ci.yml":         withComponentStandIn(t, b),
		"component-stand-in.yml": componentStandIn,
	})
	repo.env = jobEnv(t.TempDir(), os.DevNull)
	if out, code := repo.run(nil, nil, "--list-json"); code != 0 {
		t.Fatalf("gitlab-ci-local refuses the component's pipeline (exit %d):\n%s", code, out)
	}
}

func runPipelineBlock(t *testing.T, runner, root, provider string, b ciBlock) {
	cli := jobCLI(b.cli)
	if cli == "" {
		t.Skipf("no %s to run the jobs with (scripts/cli-toolchains.sh unpacks OpenTofu)", b.cli)
	}
	fake := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	planToken := fake.AddToken(fake.UserID(fakegitlab.UserToken), "", fakegitlab.TokenOptions{ReadOnly: true})
	config := pipelineConfig(t, root, b.cli)
	files := map[string]string{".gitlab-ci.yml": b.text}
	for name, text := range config {
		files[name] = text
	}
	repo := newPipelineRepo(t, runner, files)
	repo.env = jobEnv(cliBin(t, b.cli, cli), providerMirrorConfig(t, provider))
	// The project's CI/CD variables: the Owner's api and read_api tokens of the guide's group
	// (fakegitlab.GroupPath, acme/platform), and the state passphrase of the OpenTofu guide.
	repo.baseVars = []string{
		"CI_API_V4_URL=" + gitLabWithState(t, fake.URL()) + "/api/v4",
		"CI_DEFAULT_BRANCH=main",
		"GITLAB_APPLY_TOKEN=" + fakegitlab.UserToken,
		"GITLAB_PLAN_TOKEN=" + planToken,
		"TF_VAR_state_passphrase=correct-horse-battery-staple",
	}
	mergeRequest := []string{"CI_PIPELINE_SOURCE=merge_request_event", "CI_COMMIT_REF_NAME=feature"}
	push := []string{"CI_PIPELINE_SOURCE=push", "CI_COMMIT_BRANCH=main"}
	driftSchedule := []string{"CI_PIPELINE_SOURCE=schedule", "CI_COMMIT_BRANCH=main"}
	applySchedule := append([]string{"SCHEDULED_APPLY=true"}, driftSchedule...)
	noBranch := []string{"CI_COMMIT_BRANCH"} // merge-request pipelines have none

	expect := func(what string, out string, code int, wantFail bool, jobs []string, texts ...string) {
		t.Helper()
		if failed := code != 0; failed != wantFail {
			t.Fatalf("%s: gitlab-ci-local exited with %d, want a %s:\n%s", what, code, map[bool]string{true: "failure", false: "success"}[wantFail], out)
		}
		for _, job := range []string{"plan", "drift", "apply"} {
			ran := regexp.MustCompile(`(?m)^` + job + `\s+starting shell`).MatchString(out)
			if want := slices.Contains(jobs, job); ran != want {
				t.Fatalf("%s: job %s ran: %v, want %v:\n%s", what, job, ran, want, out)
			}
		}
		for _, text := range texts {
			if !strings.Contains(out, text) {
				t.Fatalf("%s: the output lacks %q:\n%s", what, text, out)
			}
		}
	}

	fake.ResetRequests()
	out, code := repo.run(mergeRequest, noBranch)
	expect("a merge request", out, code, false, []string{"plan"}, "Plan: 3 to add")
	if writes := fake.CountRequests("", "") - fake.CountRequests("GET", ""); writes != 0 || len(fake.Applications()) != 0 {
		t.Fatalf("the merge request's plan sent %d requests that are not GETs and left %d applications", writes, len(fake.Applications()))
	}
	// Three new applications of one group: the plan asked for the group's applications once.
	if lists := fake.CountRequests("GET", "/api/v4/groups/*"); lists != 1 {
		t.Fatalf("the merge request's plan of three applications of one group asked GitLab about the group %d times, want 1", lists)
	}

	out, code = repo.run(push, nil)
	expect("a push to the default branch", out, code, false, []string{"apply"}, "Apply complete! Resources: 3 added")

	// Someone presses "Renew secret" in GitLab's UI: the drift job finds it, the apply schedule fixes it.
	// A confidential application's: a public one's secret, which its clients never send, is only
	// reported (the applications are created in parallel, so their ids say nothing of which is which).
	i := slices.IndexFunc(fake.Applications(), func(app fakegitlab.Application) bool { return app.Confidential })
	if i < 0 {
		t.Fatal("the guide's configuration has no confidential application")
	}
	renewed := fake.Applications()[i]
	if !fake.RenewSecretOutside(renewed.ID) {
		t.Fatalf("the fake GitLab cannot renew application %d", renewed.ID)
	}
	out, code = repo.run(driftSchedule, nil)
	expect("the drift schedule after a renewal in GitLab's UI", out, code, true, []string{"drift"}, "Secret renewed outside Terraform", "must be replaced")
	if !driftFound.MatchString(out) {
		t.Fatalf("the drift job failed without saying \"Drift found\":\n%s", out)
	}
	out, code = repo.run(applySchedule, nil)
	expect("the apply schedule", out, code, false, []string{"apply"}, "1 added", "1 destroyed")
	out, code = repo.run(driftSchedule, nil)
	expect("the drift schedule after the apply schedule", out, code, false, []string{"drift"}, "No changes")

	if b.cli != "tofu" {
		return // what follows is the provider's, whatever the CLI: once is enough
	}
	// An error fails the drift job too, and says what it is, not "Drift found".
	out, code = repo.run(append([]string{"GITLAB_PLAN_TOKEN=glpat-revoked-or-mistyped"}, driftSchedule...), nil)
	expect("the drift schedule with a token GitLab refuses", out, code, true, []string{"drift"}, "Error:")
	if driftFound.MatchString(out) {
		t.Fatalf("an error was reported as drift:\n%s", out)
	}

	// A merge request that mistypes the group: its plan fails with what the apply would be told.
	mistyped := strings.Replace(config["main.tf"], `group = "acme/platform"`, `group = "acme/plat-form"`, 1)
	if mistyped == config["main.tf"] {
		t.Fatal(`the guide's configuration no longer sets group = "acme/platform" in locals`)
	}
	repo.commit(map[string]string{"main.tf": mistyped})
	out, code = repo.run(mergeRequest, noBranch)
	expect("a merge request with a mistyped group", out, code, true, []string{"plan"}, "404 Group Not Found")
}

// driftFound is the drift job's message in its output, not the echoed command that prints it.
var driftFound = regexp.MustCompile(`(?m)^drift\s+> Drift found`)
