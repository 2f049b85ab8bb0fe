# Renew the secret every 30 days, in place: same id and client id, new secret; users stay authorized.
# The old secret stops working at once: feed the consumer from `secret` in the same apply.
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
  rotation_days = 30
}

resource "gitlab_instance_application" "vault" {
  name         = "Vault"
  redirect_uri = "https://vault.example.com/ui/vault/auth/oidc/oidc/callback"
  scopes       = ["openid", "profile", "email"]

  secret_rotation_triggers = {
    rotation = time_rotating.oauth.id
  }
}
