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

# Owned by the token's user (GitLab 19.0 or newer): name and scopes change in place.
resource "gitlab_user_application" "cli" {
  name         = "Release CLI"
  redirect_uri = "http://127.0.0.1:7890/callback"
  scopes       = ["read_user"]
  confidential = false
}

output "cli_client_id" {
  value = gitlab_user_application.cli.application_id
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
