package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// TestMain runs the tests, or with -sweep (make sweep) only the sweeper.
func TestMain(m *testing.M) {
	resource.TestMain(m)
}

// The sweeper deletes the applications that tests left on a real GitLab (a failed destroy, an
// interrupted run): every application named with acctest.NamePrefix, of every kind the tokens reach.
func init() {
	resource.AddTestSweepers("gitlab_applications", &resource.Sweeper{
		Name: "gitlab_applications",
		F: func(string) error { // the "region" of -sweep means nothing here
			targets, err := sweepTargets(os.Getenv)
			if err != nil {
				return err
			}
			return sweepApplications(context.Background(), targets, func(line string) { fmt.Println(line) })
		},
	})
}

// sweepTarget is one kind's applications as one token sees them.
type sweepTarget struct {
	kind   *applicationKind
	client *gitlabclient.Client
	owner  string // the owner attribute's value, empty for kinds without one
	whose  string // for the log: which token, which group
}

// sweepTargets are what the environment gives the tests: the instance's and the user's applications
// with GITLAB_TOKEN, the user applications of GITLAB_USER_TOKEN and GITLAB_OTHER_USER_TOKEN, and the
// applications of GITLAB_GROUP with GITLAB_GROUP_TOKEN (else GITLAB_TOKEN). Without GITLAB_BASE_URL and
// GITLAB_TOKEN there is nothing to sweep, and saying so is an error: a sweep must never guess a GitLab.
func sweepTargets(getenv func(string) string) ([]sweepTarget, error) {
	baseURL, token := getenv("GITLAB_BASE_URL"), getenv("GITLAB_TOKEN")
	if baseURL == "" || token == "" {
		return nil, errors.New("the sweeper needs GITLAB_BASE_URL and GITLAB_TOKEN: the GitLab the tests ran against and its token")
	}
	clientOf := func(token string) (*gitlabclient.Client, error) {
		return gitlabclient.New(gitlabclient.Config{BaseURL: baseURL, Token: token, Retries: 2})
	}
	var targets []sweepTarget
	add := func(kind *applicationKind, tokenVariable, owner string) error {
		if getenv(tokenVariable) == "" {
			return nil
		}
		client, err := clientOf(getenv(tokenVariable))
		if err != nil {
			return fmt.Errorf("a client for %s: %w", tokenVariable, err)
		}
		whose := "the token of " + tokenVariable
		if owner != "" {
			whose = fmt.Sprintf("%s %s, with %s", kind.owner.name, owner, whose)
		}
		targets = append(targets, sweepTarget{kind: kind, client: client, owner: owner, whose: whose})
		return nil
	}
	groupToken := "GITLAB_GROUP_TOKEN"
	if getenv(groupToken) == "" {
		groupToken = "GITLAB_TOKEN"
	}
	var errs []error
	errs = append(errs,
		add(instanceApplications, "GITLAB_TOKEN", ""),
		add(userApplications, "GITLAB_TOKEN", ""),
		add(userApplications, "GITLAB_USER_TOKEN", ""),
		add(userApplications, "GITLAB_OTHER_USER_TOKEN", ""),
	)
	if group := getenv("GITLAB_GROUP"); group != "" {
		errs = append(errs, add(groupApplications, groupToken, group))
	}
	return targets, errors.Join(errs...)
}

// sweepApplications deletes, of each target, the applications whose names start with
// acctest.NamePrefix, and no other. A target out of the token's reach (instance applications without
// an administrator's token, a GitLab without the kind's API) is skipped and logged; any other failure
// is returned once every target has been tried.
func sweepApplications(ctx context.Context, targets []sweepTarget, log func(string)) error {
	var errs []error
	for _, target := range targets {
		apps, err := target.kind.calls.list(ctx, target.client, target.owner)
		if isForbidden(err) || errors.Is(err, gitlabclient.ErrUserApplicationsUnsupported) || errors.Is(err, gitlabclient.ErrGroupApplicationsUnsupported) {
			log(fmt.Sprintf("skipped the %ss of %s: out of reach (%v)", target.kind.noun, target.whose, err))
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("listing the %ss of %s: %w", target.kind.noun, target.whose, err))
			continue
		}
		for _, app := range apps {
			if !strings.HasPrefix(app.Name, acctest.NamePrefix) {
				continue
			}
			err := target.kind.calls.delete(ctx, target.client, target.owner, app.ID)
			if err != nil && !errors.Is(err, gitlabclient.ErrNotFound) {
				errs = append(errs, fmt.Errorf("deleting the %s %q (id %d): %w", target.kind.noun, app.Name, app.ID, err))
				continue
			}
			log(fmt.Sprintf("deleted the %s %q (id %d) of %s", target.kind.noun, app.Name, app.ID, target.whose))
		}
	}
	return errors.Join(errs...)
}

// TestSweepApplications_deletesOnlyTheTestsApplications: on a fake GitLab with an application of each
// kind named like the tests' and one named otherwise per token, the sweep deletes the first and keeps
// the others.
func TestSweepApplications_deletesOnlyTheTestsApplications(t *testing.T) {
	fake := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	env := map[string]string{
		"GITLAB_BASE_URL": fake.URL(), "GITLAB_TOKEN": fakegitlab.AdminToken,
		"GITLAB_USER_TOKEN": fakegitlab.UserToken, "GITLAB_OTHER_USER_TOKEN": fakegitlab.OtherUserToken,
		"GITLAB_GROUP": fakegitlab.GroupPath, "GITLAB_GROUP_TOKEN": fakegitlab.UserToken,
	}
	targets, err := sweepTargets(func(name string) string { return env[name] })
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	var kept []string
	for i, target := range targets {
		kinds[target.kind.name] = true
		other := fmt.Sprintf("kept-%d-%s", i, acctest.NamePrefix) // the prefix elsewhere than at the start
		for _, name := range []string{acctest.Name("sweep"), other} {
			_, err := target.kind.calls.create(t.Context(), target.client, target.owner, gitlabclient.CreateOptions{
				Name: name, RedirectURI: "https://app.example.com/callback", Scopes: []string{"api"}, Confidential: true,
			})
			if err != nil {
				t.Fatalf("creating %q as %s: %v", name, target.whose, err)
			}
		}
		kept = append(kept, other)
	}
	if len(kinds) != len(applicationKinds) {
		t.Fatalf("the sweep reaches the kinds %v, want all %d", kinds, len(applicationKinds))
	}
	if err := sweepApplications(t.Context(), targets, func(line string) { t.Log(line) }); err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, app := range fake.Applications() {
		left = append(left, app.Name)
	}
	slices.Sort(left)
	slices.Sort(kept)
	if !slices.Equal(left, kept) {
		t.Errorf("after the sweep the fake has %q, want %q", left, kept)
	}
}

// TestSweepApplications_needsAGitLab: without GITLAB_BASE_URL and GITLAB_TOKEN the sweeper refuses to
// run; with an ordinary user's token it skips the instance's applications instead of failing.
func TestSweepApplications_needsAGitLab(t *testing.T) {
	for _, env := range []map[string]string{{}, {"GITLAB_BASE_URL": "https://gitlab.example.com"}, {"GITLAB_TOKEN": "t"}} {
		if _, err := sweepTargets(func(name string) string { return env[name] }); err == nil || !strings.Contains(err.Error(), "GITLAB_BASE_URL and GITLAB_TOKEN") {
			t.Errorf("with %v: err = %v, want a refusal naming GITLAB_BASE_URL and GITLAB_TOKEN", env, err)
		}
	}
	fake := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	env := map[string]string{"GITLAB_BASE_URL": fake.URL(), "GITLAB_TOKEN": fakegitlab.UserToken}
	targets, err := sweepTargets(func(name string) string { return env[name] })
	if err != nil {
		t.Fatal(err)
	}
	var skipped []string
	if err := sweepApplications(t.Context(), targets, func(line string) { skipped = append(skipped, line) }); err != nil {
		t.Fatalf("an ordinary user's sweep failed: %v", err)
	}
	if len(skipped) != 1 || !strings.Contains(skipped[0], "skipped the instance applications") {
		t.Errorf("the sweep logged %q, want the instance applications skipped", skipped)
	}
}
