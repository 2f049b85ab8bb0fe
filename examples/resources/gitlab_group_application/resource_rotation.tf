# GitLab cannot renew a group application's secret: a rotation replaces the application (new id, new
# client id, new secret), and deleting the old one revokes its grants and tokens: users authorize again.
# So rotate rarely. create_before_destroy creates the new one first; consumers fed from its attributes
# in the same apply switch over, those that read them at start-up need a restart.
terraform {
  required_providers {
    gitlab = {
      source = "gitlab-oauth/gitlab"
    }
    time = {
      source = "hashicorp/time"
    }
  }
}

resource "time_rotating" "oauth" {
  rotation_days = 180
}

resource "gitlab_group_application" "dashboard" {
  group        = "acme/platform"
  name         = "Dashboard"
  redirect_uri = "https://dashboard.example.com/auth/callback"
  scopes       = ["openid", "profile"]

  secret_rotation_triggers = {
    rotation = time_rotating.oauth.id
  }

  lifecycle {
    create_before_destroy = true
  }
}
