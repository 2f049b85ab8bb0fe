# The id is GitLab's numeric application id (from `GET /api/v4/applications`), not the OAuth client id.
terraform import gitlab_instance_application.grafana 42
