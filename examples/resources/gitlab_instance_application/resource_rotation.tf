# Renew the secret every 90 days, in place: same id and client id, new secret.
resource "time_rotating" "oauth" {
  rotation_days = 90
}

resource "gitlab_instance_application" "vault" {
  name         = "Vault"
  redirect_uri = "https://vault.example.com/ui/vault/auth/oidc/oidc/callback"
  scopes       = ["openid", "profile", "email"]

  secret_rotation_triggers = {
    rotation = time_rotating.oauth.id
  }
}
