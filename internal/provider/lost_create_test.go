package provider

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// Creates whose answers GitLab's network loses: what the user notices is that every resource ends on
// an application of its own with a secret that works, and that GitLab holds nothing state does not
// (expectGitLabAsInState) unless an error names it.

// lostCreateCase is one apply of every kind's resources at labels, each created under the faults that
// inject puts on the kind's create route; it ends with GitLab holding exactly state, every secret
// working, and nothing left after the destroy.
func lostCreateCase(t *testing.T, labels []string, inject func(env *acctest.Env, createPath string), checks ...func(env *acctest.Env, k testKind) resource.TestCheckFunc) {
	env := acctest.New(t, acctest.FakeOnly("it injects faults"))
	name := acctest.Name("lost")
	config := kindsProvider(env, "")
	var secrets []statecheck.StateCheck
	check := []resource.TestCheckFunc{expectGitLabAsInState(env)}
	for _, k := range allKinds {
		for _, label := range labels {
			config += relabel(k.block(env, name, "https://app.example.com/cb", `["openid"]`, "", ""), label)
			secrets = append(secrets, env.Secrets(k.resourceType+"."+label).ExpectWorking())
		}
		for _, c := range checks {
			check = append(check, c(env, k))
		}
	}
	nothingLeft := []resource.TestCheckFunc{env.CheckDestroy()}
	for _, k := range allKinds {
		nothingLeft = append(nothingLeft, expectNoApplication(env, k))
	}
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             resource.ComposeTestCheckFunc(nothingLeft...),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				for _, k := range allKinds {
					inject(env, k.listPath(env))
				}
			},
			Config:            config,
			ConfigStateChecks: secrets,
			Check:             resource.ComposeTestCheckFunc(check...),
		}},
	})
}

// TestAccLostCreate_twinsWhoseAnswersAreBothLost: two resources alike (same name, redirect URI and
// scopes) whose create answers are both lost end on two applications, each with a working secret.
func TestAccLostCreate_twinsWhoseAnswersAreBothLost(t *testing.T) {
	lostCreateCase(t, []string{"twin_a", "twin_b"},
		func(env *acctest.Env, createPath string) {
			// GitLab takes its time, so that both twins' creates are sent before either answer is lost.
			lost := fakegitlab.LoseAnswer(http.MethodPost, createPath)
			lost.Times, lost.Delay = 2, 300*time.Millisecond
			env.Fake.InjectFault(lost)
		},
		func(_ *acctest.Env, k testKind) resource.TestCheckFunc {
			return func(s *terraform.State) error {
				a, b := s.RootModule().Resources[k.resourceType+".twin_a"], s.RootModule().Resources[k.resourceType+".twin_b"]
				if a.Primary.ID == b.Primary.ID {
					return fmt.Errorf("both %s twins hold application %s", k.resourceType, a.Primary.ID)
				}
				return nil
			}
		})
}

// TestAccLostCreate_proxyPageAfterTheCreate: a proxy's 502 page sent after GitLab created the
// application is never answered by a blind second POST. The application is found: an instance
// application is adopted with a renewed secret (one POST); a user or group application, which cannot
// be renewed, is deleted before it is created again, so GitLab never holds two.
func TestAccLostCreate_proxyPageAfterTheCreate(t *testing.T) {
	lostCreateCase(t, []string{"proxied"},
		func(env *acctest.Env, createPath string) {
			env.Fake.InjectFault(fakegitlab.ProxyPageAfterWork(http.MethodPost, createPath, http.StatusBadGateway))
		},
		expectFoundBeforeCreatedAgain)
}

// TestAccLostCreate_lateCreateAfterProxyTimeout: a proxy answers 504 while GitLab is still creating the
// application, which lands 300 ms later; the provider waits for it instead of creating a duplicate.
func TestAccLostCreate_lateCreateAfterProxyTimeout(t *testing.T) {
	lostCreateCase(t, []string{"late"},
		func(env *acctest.Env, createPath string) {
			env.Fake.InjectFault(fakegitlab.LateWork(http.MethodPost, createPath, 300*time.Millisecond))
		},
		expectFoundBeforeCreatedAgain)
}

// expectFoundBeforeCreatedAgain checks how the application a lost create made was found: adopted with
// a renewed secret where the kind renews, else deleted before the one other POST.
func expectFoundBeforeCreatedAgain(env *acctest.Env, k testKind) resource.TestCheckFunc {
	if k.update == nil { // an instance application
		return resource.ComposeTestCheckFunc(
			env.ExpectRequests(http.MethodPost, k.listPath(env), 1),
			env.ExpectRequests(http.MethodPost, "/api/v4/applications/:id/renew-secret", 1))
	}
	return func(*terraform.State) error {
		var writes []string
		for _, r := range env.Fake.Requests() {
			if (r.Method == http.MethodPost && r.Path == k.listPath(env)) || (r.Method == http.MethodDelete && fakegitlab.MatchPath(k.applicationPaths(env), r.Path)) {
				writes = append(writes, r.Method)
			}
		}
		if !slices.Equal(writes, []string{http.MethodPost, http.MethodDelete, http.MethodPost}) {
			return fmt.Errorf("%s: writes %v, want the lost POST, the DELETE of what it made, then one POST", k.resourceType, writes)
		}
		return nil
	}
}

// TestAccLostCreate_doubleLossNamesWhatItLeaves: a user application whose create answer is lost twice
// (the first one's orphan deleted, the second POST's answer lost too) fails the apply with an error that
// names the application GitLab holds and how to import it; the provider sends no third POST.
func TestAccLostCreate_doubleLossNamesWhatItLeaves(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it injects faults"))
	config := kindsProvider(env, "") + relabel(testUserKind.block(env, acctest.Name("lost"), "https://app.example.com/cb", `["openid"]`, "", ""), "twice")
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					lost := fakegitlab.LoseAnswer(http.MethodPost, "/api/v4/user/applications")
					lost.Times = 2
					env.Fake.InjectFault(lost)
				},
				Config: config,
				// The fake numbers applications from 1: the first create's (deleted), then the second's.
				ExpectError: everyPattern(`GitLab\s+holds\s+application\s+2\s+named`, `terraform\s+import\s+'gitlab_user_application.<name>'\s+2`),
			},
			{
				PreConfig: func() {
					if got := env.Fake.Applications(); len(got) != 1 || got[0].ID != 2 {
						t.Errorf("GitLab holds %+v after the double loss, want application 2 alone", got)
					}
					if n := env.CountRequests(http.MethodPost, "/api/v4/user/applications"); n != 2 {
						t.Errorf("%d POSTs, want 2", n)
					}
				},
				Config:   kindsProvider(env, ""),
				PlanOnly: true,
			},
		},
	})
}
