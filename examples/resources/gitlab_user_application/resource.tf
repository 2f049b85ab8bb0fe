# Owned by the token's user; any user's token with the api scope works (GitLab 19.0 or newer).
resource "gitlab_user_application" "ci_bot" {
  name         = "CI bot"
  redirect_uri = "https://ci.example.com/oauth/callback"
  scopes       = ["read_api", "read_user"]
}

output "ci_bot_client_id" {
  value = gitlab_user_application.ci_bot.application_id
}
