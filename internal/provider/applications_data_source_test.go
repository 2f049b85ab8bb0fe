package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

func TestAccUserApplicationsDataSource_readsEveryPage(t *testing.T) {
	env := acctest.New(t)
	token := env.Token("gitlab_user_application")
	prefix := acctest.Name("pages")
	const count = 105 // more than one page of 100
	for i := 0; i < count; i++ {
		env.CreateUserApplication(t, token, gitlabclient.CreateOptions{
			Name: fmt.Sprintf("%s-%03d", prefix, i), RedirectURI: "https://app.example.com/cb", Scopes: []string{"read_user"}, Confidential: true,
		})
	}
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{{
			Config: env.ProviderConfig(token) + fmt.Sprintf(`
data "gitlab_user_applications" "test" {
  name_regex = %q
}
`, "^"+regexp.QuoteMeta(prefix)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.gitlab_user_applications.test", tfjsonpath.New("applications"), knownvalue.ListSizeExact(count)),
			},
		}},
	})
}

// TestAccApplicationsDataSource_filtersAndFeedsImports lists the instance's applications, and a group's
// over two pages; filters them by a name's pattern and by an exact name; and adopts the filtered ones
// with import blocks over a map, as the docs show (Terraform and OpenTofu both take a map in for_each;
// OpenTofu refuses a list). The docs key the resources by name; here they are counted, because
// terraform-plugin-testing cannot read the state of for_each resources.
func TestAccApplicationsDataSource_filtersAndFeedsImports(t *testing.T) {
	env := acctest.New(t)
	prefix := acctest.Name("ds")
	for _, suffix := range []string{"-a", "-b", "-other"} {
		env.CreateInstanceApplication(t, gitlabclient.CreateOptions{
			Name: prefix + suffix, RedirectURI: "https://app.example.com/cb", Scopes: []string{"openid", "read_user"}, Confidential: true,
		})
	}
	list := fmt.Sprintf(`
data "gitlab_instance_applications" "test" {
  name_regex = %q
}

data "gitlab_instance_applications" "exact" {
  name = %q
}
`, "^"+regexp.QuoteMeta(prefix)+"-[ab]$", prefix+"-other")
	adopt := `
locals {
  apps = data.gitlab_instance_applications.test.applications
}

import {
  for_each = { for i, app in local.apps : app.name => { index = i, id = app.id } }
  to       = gitlab_instance_application.adopted[each.value.index]
  id       = each.value.id
}

resource "gitlab_instance_application" "adopted" {
  count        = length(local.apps)
  name         = local.apps[count.index].name
  redirect_uri = local.apps[count.index].redirect_uri
  scopes       = local.apps[count.index].scopes
  confidential = local.apps[count.index].confidential
}
`
	listed := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.gitlab_instance_applications.test", tfjsonpath.New("applications"), knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(prefix + "-a"), "scopes": knownvalue.SetSizeExact(2)}),
			knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(prefix + "-b")}),
		})),
		statecheck.ExpectKnownValue("data.gitlab_instance_applications.exact", tfjsonpath.New("applications"), knownvalue.ListSizeExact(1)),
	}
	adopted := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("gitlab_instance_application.adopted[0]", tfjsonpath.New("name"), knownvalue.StringExact(prefix+"-a")),
		statecheck.ExpectKnownValue("gitlab_instance_application.adopted[1]", tfjsonpath.New("name"), knownvalue.StringExact(prefix+"-b")),
	}
	if env.Group == "" {
		t.Log("the group's applications left out: set GITLAB_GROUP")
	} else {
		groupList, groupAdopt, groupListed, groupAdopted := groupApplicationsToAdopt(t, env)
		list, adopt = list+groupList, adopt+groupAdopt
		listed, adopted = append(listed, groupListed...), append(adopted, groupAdopted...)
	}
	// The administrator's token reads the instance's and any group's applications.
	provider := kindsProvider(env, "")
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		// import blocks with for_each came with Terraform 1.7.
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{acctest.SkipBelow(tfversion.Version1_7_0, "import with for_each")},
		Steps: []resource.TestStep{
			{Config: provider + list, ConfigStateChecks: listed},
			{
				Config: provider + list + adopt,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{acctest.ExpectNothingCreatedOrDestroyed()},
				},
				ConfigStateChecks: adopted,
			},
		},
	})
}

// groupApplicationsToAdopt makes 105 applications in the group (more than a page of 100) and returns
// the data sources that list them all and two of them, the import blocks and resources that adopt those
// two, and the checks of each.
func groupApplicationsToAdopt(t *testing.T, env *acctest.Env) (list, adopt string, listed, adopted []statecheck.StateCheck) {
	t.Helper()
	prefix := acctest.Name("grp")
	const count = 105
	for i := 0; i < count; i++ {
		env.CreateGroupApplication(t, env.GroupToken, env.Group, gitlabclient.CreateOptions{
			Name: fmt.Sprintf("%s-%03d", prefix, i), RedirectURI: "https://app.example.com/cb", Scopes: []string{"read_user"}, Confidential: true,
		})
	}
	list = fmt.Sprintf(`
data "gitlab_group_applications" "all" {
  group      = %q
  name_regex = %q
}

data "gitlab_group_applications" "two" {
  group      = %q
  name_regex = %q
}
`, env.Group, "^"+regexp.QuoteMeta(prefix), env.Group, "^"+regexp.QuoteMeta(prefix)+"-00[12]$")
	adopt = fmt.Sprintf(`
locals {
  group_apps    = data.gitlab_group_applications.two.applications
  group_by_name = { for i, app in local.group_apps : app.name => { index = i, id = app.id } }
}

import {
  for_each = local.group_by_name
  to       = gitlab_group_application.adopted[each.value.index]
  id       = "%[1]s:${each.value.id}"
}

resource "gitlab_group_application" "adopted" {
  count        = length(local.group_apps)
  group        = %[1]q
  name         = local.group_apps[count.index].name
  redirect_uri = local.group_apps[count.index].redirect_uri
  scopes       = local.group_apps[count.index].scopes
  confidential = local.group_apps[count.index].confidential
}
`, env.Group)
	listed = []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.gitlab_group_applications.all", tfjsonpath.New("applications"), knownvalue.ListSizeExact(count)),
		statecheck.ExpectKnownValue("data.gitlab_group_applications.two", tfjsonpath.New("applications"), knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(prefix + "-001")}),
			knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(prefix + "-002")}),
		})),
	}
	adopted = []statecheck.StateCheck{
		statecheck.ExpectKnownValue("gitlab_group_application.adopted[0]", tfjsonpath.New("name"), knownvalue.StringExact(prefix+"-001")),
		statecheck.ExpectKnownValue("gitlab_group_application.adopted[0]", tfjsonpath.New("secret"), knownvalue.Null()),
		statecheck.ExpectKnownValue("gitlab_group_application.adopted[1]", tfjsonpath.New("name"), knownvalue.StringExact(prefix+"-002")),
	}
	return list, adopt, listed, adopted
}
