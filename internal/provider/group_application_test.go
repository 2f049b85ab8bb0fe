package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

const groupApp = "gitlab_group_application.test"

// groupAppBlock is a gitlab_group_application of the group, as written (an id or a full path).
func groupAppBlock(group, name string) string {
	return applicationBlockWith("gitlab_group_application", name, "https://app.example.com/callback", `["read_user"]`, "",
		fmt.Sprintf("  group        = %q\n", group))
}

// TestAccGroupApplication_refusalsNameTheCause: a refusal says what is wrong, on a create and on a Read
// (no such group), and is not taken for a deleted application; an application id of another group is
// not in this group's view (404 Application Not Found), so there is nothing to import; a malformed
// import id is refused before any request. TestKindErrorsNameTheCause tests every refusal's message,
// TestParseImportID the import id parser's table.
func TestAccGroupApplication_refusalsNameTheCause(t *testing.T) {
	env := acctest.New(t, acctest.FakeOnly("it names a group that must not exist, and makes an application in a second group"))
	const missing = "acme/no-such-group"
	noSuchGroup := regexp.MustCompile(`no\s+such\s+group\s+\(404\s+Group\s+Not\s+Found\)`)
	block := groupAppBlock(missing, acctest.Name("refused"))
	other, err := env.Client(env.OtherUserToken).CreateGroupApplication(t.Context(), fakegitlab.OtherGroupPath, gitlabclient.CreateOptions{
		Name: "theirs", RedirectURI: "https://app.example.com/callback", Scopes: []string{"read_user"}, Confidential: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	provider := env.ProviderConfig(env.GroupToken)
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{Config: provider + block, ExpectError: noSuchGroup},
			{
				// A Read gets the same answer: an error, never "deleted, create it again".
				Config:      provider + acctest.ImportBlock(groupApp, missing+":7") + block,
				ExpectError: noSuchGroup,
			},
			{
				Config:      provider + acctest.ImportBlock(groupApp, fmt.Sprintf("%s:%d", env.Group, other.ID)) + groupAppBlock(env.Group, "theirs"),
				ExpectError: regexp.MustCompile(`Cannot\s+import\s+non-existent\s+remote\s+object`),
			},
			{
				PreConfig:   env.ResetRequests,
				Config:      provider + acctest.ImportBlock(groupApp, "a:b:42") + groupAppBlock(env.Group, "x"),
				ExpectError: regexp.MustCompile(`is\s+not\s+a\s+group\s+application\s+import\s+id:\s+use\s+` + "`" + `<group>:<application\s+id>` + "`" + `,\s+such\s+as\s+` + "`" + `acme/platform:42` + "`"),
			},
		},
	})
	// Since the malformed import id: none to the group's routes (the provider's early check of the
	// token reads GET /user).
	if err := env.ExpectRequests("", "/api/v4/groups/*", 0)(nil); err != nil {
		t.Error(err)
	}
	if apps := env.Fake.Applications(); len(apps) != 1 {
		t.Errorf("the fake GitLab has %d applications after refused requests, want only the other group's", len(apps))
	}
}

// TestAccGroupApplication_groupWrittenAnotherWay: a group can be written as its numeric id, for a
// create and an import; the same group written as its full path instead changes nothing but state, and
// the identity stays as it was created; another group needs a new application there, with an identity
// of its own.
func TestAccGroupApplication_groupWrittenAnotherWay(t *testing.T) {
	env, groupID, second := twoGroups(t, "acme/second")
	name := acctest.Name("regroup")
	config := func(group string) string { return env.ProviderConfig(env.GroupToken) + groupAppBlock(group, name) }
	sameApplication := acctest.CompareAcrossSteps(groupApp, compare.ValuesSame(), "id", "secret")
	// The identity, on CLIs that keep identities.
	identity := func(group string) []statecheck.StateCheck {
		if !identitiesInState(t) {
			return nil
		}
		return []statecheck.StateCheck{
			statecheck.ExpectIdentity(groupApp, map[string]knownvalue.Check{"group": knownvalue.StringExact(group), "id": numericID}),
			statecheck.ExpectIdentityValueMatchesState(groupApp, tfjsonpath.New("id")),
		}
	}
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{
				Config: config(groupID),
				ConfigStateChecks: slices.Concat(sameApplication(), identity(groupID),
					[]statecheck.StateCheck{statecheck.ExpectKnownValue(groupApp, tfjsonpath.New("group"), knownvalue.StringExact(groupID))}),
				// The application is in the group as GitLab lists it by path.
				Check: func(*terraform.State) error {
					apps, err := env.Client(env.GroupToken).ListGroupApplications(t.Context(), env.Group)
					if err != nil {
						return err
					}
					if len(apps) != 1 || apps[0].Name != name {
						return fmt.Errorf("group %s has %d applications, want the one named %q", env.Group, len(apps), name)
					}
					return nil
				},
			},
			{
				ResourceName: groupApp,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return groupID + ":" + s.RootModule().Resources[groupApp].Primary.ID, nil
				},
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"secret", "secret_rotation_triggers"},
			},
			{
				PreConfig: env.ResetRequests,
				Config:    config(env.Group),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(groupApp, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: slices.Concat(sameApplication(), identity(groupID),
					[]statecheck.StateCheck{statecheck.ExpectKnownValue(groupApp, tfjsonpath.New("group"), knownvalue.StringExact(env.Group))}),
				Check: resource.ComposeTestCheckFunc(
					env.ExpectRequests("POST", "", 0), env.ExpectRequests("PUT", "", 0), env.ExpectRequests("DELETE", "", 0)),
			},
			{
				Config: config(second.FullPath),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(groupApp, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: append(identity(second.FullPath),
					statecheck.ExpectKnownValue(groupApp, tfjsonpath.New("group"), knownvalue.StringExact(second.FullPath))),
			},
		},
	})
}

// twoGroups is a fake GitLab whose group token's user owns a second group, secondPath, besides the
// test group; it returns the test group's numeric id, the other way to write it.
func twoGroups(t *testing.T, secondPath string) (env *acctest.Env, groupID string, second fakegitlab.Group) {
	t.Helper()
	env = acctest.New(t, acctest.FakeOnly("it looks up the group's numeric id and adds a second group"))
	group, _ := env.Fake.GroupByPath(env.Group)
	second = env.Fake.AddGroup(secondPath)
	env.Fake.AddGroupMember(second.ID, env.Fake.UserID(env.GroupToken), fakegitlab.RoleOwner)
	return env, strconv.FormatInt(group.ID, 10), second
}
