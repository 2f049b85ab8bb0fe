package fakegitlab

// InvalidBody lets the external tests expect Grape's answer to a body that does not parse.
const InvalidBody = invalidBody
