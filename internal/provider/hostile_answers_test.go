package provider

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

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
				Check:             expectGitLabAsInState(env),
			})
		}
		return steps
	})
}
