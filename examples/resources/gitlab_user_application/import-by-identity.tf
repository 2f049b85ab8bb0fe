import {
  to = gitlab_user_application.ci_bot
  identity = {
    id = "42"
  }
}
