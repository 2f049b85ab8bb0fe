# terraform query -generate-config-out=generated.tf
# lists every instance application (an administrator's token) and writes an import block and a
# resource block for each; `terraform plan` then shows them to import, with nothing to change.
list "gitlab_instance_application" "all" {
  provider         = gitlab
  include_resource = true # needed by -generate-config-out
  limit            = 1000 # Terraform's default is 100 results

  config {
    name_regex = "^ci-" # optional; `name` matches one name exactly
  }
}
