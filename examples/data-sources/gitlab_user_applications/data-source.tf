data "gitlab_user_applications" "mine" {}

data "gitlab_user_applications" "ci_bot" {
  name = "CI bot"
}

output "my_application_ids" {
  value = [for app in data.gitlab_user_applications.mine.applications : app.id]
}
