resource "gitlab_instance_application" "grafana" {
  name         = "Grafana"
  redirect_uri = "https://grafana.example.com/login/gitlab"
  scopes       = ["openid", "email", "read_api"]
}

# Several redirect URIs are separated by whitespace; a public (PKCE) client is not confidential.
resource "gitlab_instance_application" "cli" {
  name         = "Release CLI"
  redirect_uri = "http://127.0.0.1:7890/callback myapp://oauth/callback"
  scopes       = ["read_user"]
  confidential = false
}

output "grafana_client_id" {
  value = gitlab_instance_application.grafana.application_id
}

output "grafana_client_secret" {
  value     = gitlab_instance_application.grafana.secret
  sensitive = true
}
