import {
  to = gitlab_group_application.grafana
  identity = {
    group = "acme/platform"
    id    = "42"
  }
}
