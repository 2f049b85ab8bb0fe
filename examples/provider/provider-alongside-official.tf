# Next to the official GitLab provider (gitlabhq/gitlab), give this one another local name.
terraform {
  required_providers {
    gitlab = {
      source = "gitlabhq/gitlab"
    }
    gitlaboauth = {
      source = "gitlab-oauth/gitlab"
    }
  }
}

provider "gitlaboauth" {
  base_url = "https://gitlab.example.com"
}

resource "gitlab_instance_application" "grafana" {
  provider     = gitlaboauth
  name         = "Grafana"
  redirect_uri = "https://grafana.example.com/login/gitlab"
  scopes       = ["openid", "email", "read_api"]
}
