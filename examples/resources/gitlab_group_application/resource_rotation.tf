# GitLab cannot renew a group application's secret: a rotation replaces the application (new id, new
# client id, new secret). create_before_destroy creates the new one first, so consumers fed from its
# attributes switch over in the same apply without a gap.
resource "time_rotating" "oauth" {
  rotation_days = 30
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
