# The configuration `make demo` applies against the bundled fake GitLab. Pointed at a real GitLab
# (GITLAB_BASE_URL and an administrator's GITLAB_TOKEN), it works the same.
terraform {
  required_providers {
    gitlab = {
      source = "gitlab-oauth/gitlab"
    }
  }
}

provider "gitlab" {}

variable "rotation" {
  description = "Change it to give the application a new secret (time_rotating.x.id in real use)."
  type        = string
  default     = "1"
}

resource "gitlab_instance_application" "grafana" {
  name         = "Grafana"
  redirect_uri = "https://grafana.example.com/login/gitlab"
  scopes       = ["openid", "email", "read_api"]

  secret_rotation_triggers = {
    rotation = var.rotation
  }
}

output "id" {
  value = gitlab_instance_application.grafana.id
}

output "client_id" {
  value = gitlab_instance_application.grafana.application_id
}

output "client_secret" {
  value     = gitlab_instance_application.grafana.secret
  sensitive = true
}
