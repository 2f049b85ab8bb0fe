# Every application of the group (all pages), without secrets.
data "gitlab_group_applications" "platform" {
  group      = "acme/platform"
  name_regex = "^ci-"
}

# Adopt them all: for_each takes a map, which Terraform and OpenTofu both accept. For the import only:
# once applied, write the values down and drop the data source, or a rename in GitLab's UI takes the
# application out of the map and the next apply deletes it, and drift never shows (see the guide
# "Adopting existing applications").
locals {
  platform_apps = { for app in data.gitlab_group_applications.platform.applications : app.id => app }
}

import {
  for_each = local.platform_apps
  to       = gitlab_group_application.adopted[each.key]
  id       = "acme/platform:${each.key}"
}

resource "gitlab_group_application" "adopted" {
  for_each     = local.platform_apps
  group        = "acme/platform"
  name         = each.value.name
  redirect_uri = each.value.redirect_uri
  scopes       = each.value.scopes
  confidential = each.value.confidential
}
