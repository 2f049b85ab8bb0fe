package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// TestAccGroupApplication_planRefusesWhatApplyWould: a merge-request pipeline only plans, so a plan
// that creates a group application asks GitLab what the create would be told: a group that does not
// exist, and a Maintainer's token, fail the plan with the create's own message, and so does a
// replacement into a missing group (before the old application is deleted). A read_api token of an
// Owner still plans the create, with GETs only.
func TestAccGroupApplication_planRefusesWhatApplyWould(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it names a group that must not exist, a Maintainer's token and a read_api token"))
	const missing = "acme/no-such-group"
	noSuchGroup := regexp.MustCompile(`Cannot\s+create\s+the\s+group\s+application[\s\S]*no\s+such\s+group\s+\(404\s+Group\s+Not\s+Found\)`)
	notOwner := regexp.MustCompile(`Cannot\s+create\s+the\s+group\s+application[\s\S]*needs\s+the\s+Owner\s+role\s+in\s+that\s+group`)
	name := acctest.Name("plancheck")
	readOnly := env.Fake.AddToken(env.Fake.UserID(env.GroupToken), "", fakegitlab.TokenOptions{ReadOnly: true})
	owner, maintainer := env.ProviderConfig(env.GroupToken), env.ProviderConfig(env.OtherUserToken)
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{PreConfig: env.ResetRequests, Config: owner + groupAppBlock(missing, name), PlanOnly: true, ExpectError: noSuchGroup},
			{Config: maintainer + groupAppBlock(env.Group, name), PlanOnly: true, ExpectError: notOwner},
			{
				PreConfig:          env.ResetRequests,
				Config:             env.ProviderConfig(readOnly) + groupAppBlock(env.Group, name),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// A plan-only step runs no Check: the read_api plan's requests are checked here, before
				// this step sends any. It asked the group's list, and nothing but GETs.
				PreConfig: func() {
					if err := expectOnlyGets(env)(nil); err != nil {
						t.Error(err)
					}
					if env.CountRequests("GET", "/api/v4/groups/:id/applications") == 0 {
						t.Error("the read_api plan never asked for the group's applications")
					}
				},
				Config: owner + groupAppBlock(env.Group, name),
			},
			// Another group replaces the application (planOwnerChange); the plan of its new half fails.
			{Config: owner + groupAppBlock(missing, name), PlanOnly: true, ExpectError: noSuchGroup},
		},
	})
	// No plan wrote anything: the only application is the one of the step that applied, now destroyed.
	if err := env.ExpectRequests("POST", "/api/v4/groups/*", 1)(nil); err != nil {
		t.Error(err)
	}
}
