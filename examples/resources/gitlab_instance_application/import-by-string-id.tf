import {
  to = gitlab_instance_application.grafana
  id = "42"
}
