import {
  to = gitlab_user_application.ci_bot
  id = "42"
}
