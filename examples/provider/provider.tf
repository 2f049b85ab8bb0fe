terraform {
  required_providers {
    gitlab = {
      source = "gitlab-oauth/gitlab"
    }
  }
}

# The token usually comes from GITLAB_TOKEN: on GitLab.com, a group access token with the Owner role
# and the api scope. base_url (or GITLAB_BASE_URL) defaults to https://gitlab.com; in GitLab CI,
# GITLAB_BASE_URL=$CI_API_V4_URL points at the GitLab that runs the pipeline.
provider "gitlab" {}

resource "gitlab_group_application" "grafana" {
  group        = "acme/platform"
  name         = "Grafana"
  redirect_uri = "https://grafana.example.com/login/gitlab"
  scopes       = ["openid", "email", "profile"]
}
