# Adopt every instance application whose name starts with "grafana-": the list feeds import blocks.
# Keyed by id: names need not be unique, and two equal keys would fail ("Duplicate object key").
# For the import only: once applied, write the values down and drop the data source, or a rename in
# GitLab's UI takes the application out of the map and the next apply deletes it, and drift never
# shows (see the guide "Adopting existing applications").
data "gitlab_instance_applications" "grafana" {
  name_regex = "^grafana-"
}

locals {
  grafana_apps = { for app in data.gitlab_instance_applications.grafana.applications : app.id => app }
}

import {
  for_each = local.grafana_apps
  to       = gitlab_instance_application.grafana[each.key]
  id       = each.key
}

resource "gitlab_instance_application" "grafana" {
  for_each     = local.grafana_apps
  name         = each.value.name
  redirect_uri = each.value.redirect_uri
  scopes       = each.value.scopes
  confidential = each.value.confidential
}
