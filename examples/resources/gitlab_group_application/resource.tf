# Owned by a group; needs the token of one of the group's Owners (GitLab 19.6 or newer, and GitLab.com).
resource "gitlab_group_application" "ci_bot" {
  group        = "acme/platform" # the full path, or the numeric id
  name         = "CI bot"
  redirect_uri = "https://ci.example.com/oauth/callback"
  scopes       = ["read_api", "read_user"]
}

output "ci_bot_client_id" {
  value = gitlab_group_application.ci_bot.application_id
}
