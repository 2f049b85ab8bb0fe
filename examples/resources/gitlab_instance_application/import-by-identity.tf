import {
  to = gitlab_instance_application.ci_bot
  identity = {
    id = "42"
  }
}
