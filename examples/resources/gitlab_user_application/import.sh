# The id is GitLab's numeric application id (from `GET /api/v4/user/applications`), not the OAuth client id.
terraform import gitlab_user_application.ci_bot 42
