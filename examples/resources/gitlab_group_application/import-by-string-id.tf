import {
  to = gitlab_group_application.ci_bot
  id = "acme/platform:42"
}
