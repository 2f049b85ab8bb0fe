package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// managedPrefix names the applications the benchmark manages (managed-00001…); the fake's -seed
// names the others seeded-00001….
const managedPrefix = "managed"

// managedScopes and managedRedirectURI are what the fake's seed gives an application, and what
// managed() below configures; managedApplications checks the first against the second.
var managedScopes = []string{"api"}

func managedRedirectURI(name string) string { return "https://" + name + ".example.com/callback" }

// managed is one resource of the type for each managed application, with the attributes the fake
// seeded (managedRedirectURI, managedScopes, confidential left to its default, true).
func managed(resourceType, extra string) string {
	return fmt.Sprintf(`
resource %q "app" {
  for_each     = local.apps
  name         = each.key
  redirect_uri = "https://${each.key}.example.com/callback"
  scopes       = ["api"]
%s}
`, resourceType, extra)
}

func providerBlock(url string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    gitlab = { source = "gitlab-oauth/gitlab" }
  }
}

provider "gitlab" {
  base_url = %q
  token    = %q
}
`, url, adminToken)
}

// appsLocal is the map of managed names to GitLab ids, in a stable order.
func appsLocal(apps map[string]int64) string {
	names := make([]string, 0, len(apps))
	for name := range apps {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("locals {\n  apps = {\n")
	for _, name := range names {
		fmt.Fprintf(&b, "    %q = %q\n", name, strconv.FormatInt(apps[name], 10))
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// gitlabConfig adopts the seeded applications of the kind with import blocks, so set-up costs one apply.
func gitlabConfig(url string, kind *benchKind, apps map[string]int64) string {
	return providerBlock(url) + appsLocal(apps) + fmt.Sprintf(`
import {
  for_each = local.apps
  to       = %s.app[each.key]
  id       = "%s${each.value}"
}
`, kind.resourceType, kind.importPrefix) + managed(kind.resourceType, kind.owner)
}

// noopConfig has the same provider configuration and resources, served by the do-nothing provider's
// resource of the kind's shape (created, not imported: the resources are the same afterwards and
// creating costs nothing there).
func noopConfig(url string, kind *benchKind, apps map[string]int64) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    noop = { source = "gitlab-oauth/noop" }
  }
}

provider "noop" {
  base_url = %q
  token    = %q
}
`, url, adminToken) + appsLocal(apps) + managed(kind.floorType, kind.owner)
}

func terraformDataConfig(apps map[string]int64) string {
	return appsLocal(apps) + `
resource "terraform_data" "app" {
  for_each = local.apps
  input    = each.key
}
`
}

// createConfig creates n new applications.
func createConfig(url string, n int) string {
	return providerBlock(url) + fmt.Sprintf(`
resource "gitlab_instance_application" "new" {
  for_each     = toset([for i in range(%d) : format("new-%%05d", i + 1)])
  name         = each.key
  redirect_uri = "https://${each.key}.example.com/callback"
  scopes       = ["openid"]
}
`, n)
}
