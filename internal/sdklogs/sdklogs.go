// Package sdklogs decides whether the plugin framework's own logs are worth writing. It has no
// dependencies, so that the benchmark's do-nothing provider can use it without the GitLab provider's.
package sdklogs

import "os"

// logSwitches are the environment variables that make Terraform, or a developer's debug session,
// show a provider's logs.
var logSwitches = []string{
	"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO",
	"TF_LOG_PATH_MASK", "TF_ACC_LOG_PATH",
}

// DropUnread turns the framework's own logs off when nobody will read them. Terraform shows a
// provider's logs only when TF_LOG or TF_LOG_PROVIDER is set and drops every other line; the framework
// nevertheless formats a trace line for each validator and plan modifier of every resource, which is a
// quarter of the provider's time in a large plan. With any log switch set, nothing changes.
func DropUnread() {
	for _, name := range logSwitches {
		if os.Getenv(name) != "" {
			return
		}
	}
	_ = os.Setenv("TF_LOG_SDK", "OFF")
}
