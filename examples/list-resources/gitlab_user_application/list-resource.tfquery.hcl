# terraform query -generate-config-out=generated.tf
# lists the token user's applications, one request per page of 100.
list "gitlab_user_application" "mine" {
  provider         = gitlab
  include_resource = true # needed by -generate-config-out

  config {
    name = "Grafana" # optional; `name_regex` filters by a regular expression
  }
}
