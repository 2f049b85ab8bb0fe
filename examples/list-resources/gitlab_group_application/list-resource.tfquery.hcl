# terraform query -generate-config-out=generated.tf
# lists a group's applications (the token of an Owner of the group), one request per page of 100.
# Each result's identity is { group, id }, with the group as written here.
list "gitlab_group_application" "platform" {
  provider         = gitlab
  include_resource = true # needed by -generate-config-out
  limit            = 1000

  config {
    group      = "acme/platform"
    name_regex = "(?i)grafana|vault" # optional
  }
}
