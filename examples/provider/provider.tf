terraform {
  required_providers {
    gitlab = {
      source = "gitlab-oauth/gitlab"
    }
  }
}

# The token and address usually come from GITLAB_TOKEN and GITLAB_BASE_URL.
provider "gitlab" {
  base_url = "https://gitlab.example.com"
}
