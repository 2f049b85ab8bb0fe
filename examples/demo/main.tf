# The configuration `make demo` applies against the bundled fake GitLab. Pointed at a real GitLab
# (GITLAB_BASE_URL, an administrator's GITLAB_TOKEN who owns var.group), it works the same.
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

variable "group" {
  description = "The group that owns the group application: its full path or id. The token's user must be an Owner."
  type        = string
  default     = "acme/platform"
}

# Owned by a group (GitLab 19.6 or newer, and GitLab.com): name and scopes change in place; a new
# secret means a new application.
resource "gitlab_group_application" "docs" {
  group        = var.group
  name         = "Docs portal"
  redirect_uri = "https://docs.example.com/oauth/callback"
  scopes       = ["openid", "profile"]
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

output "group_client_id" {
  value = gitlab_group_application.docs.application_id
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
