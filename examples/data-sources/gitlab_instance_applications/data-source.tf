# Adopt every instance application whose name starts with "grafana-": the list feeds import blocks.
# Keyed by id: names need not be unique, and two equal keys would fail ("Duplicate object key").
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
