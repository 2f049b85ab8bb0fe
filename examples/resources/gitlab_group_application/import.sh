# The id is the group (its full path or numeric id), a colon, and GitLab's numeric application id
# (from `GET /api/v4/groups/:id/applications`), not the OAuth client id.
terraform import gitlab_group_application.ci_bot acme/platform:42
