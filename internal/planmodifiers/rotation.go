// Package planmodifiers holds the plan rules both application resources share: when a secret rotates,
// and which changes need a new application.
package planmodifiers

import (
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TriggersAttribute is the attribute whose change from one value to another asks for a new secret.
const TriggersAttribute = "secret_rotation_triggers"

// RotationPlanned is the one rotation rule: the triggers change from a non-null value to a different
// or not yet known one (a time_rotating id before apply). Setting triggers for the first time (also
// after an import) and removing them rotate nothing.
func RotationPlanned(stateTriggers, planTriggers types.Map) bool {
	if stateTriggers.IsNull() || stateTriggers.IsUnknown() || planTriggers.IsNull() {
		return false
	}
	return planTriggers.IsUnknown() || !planTriggers.Equal(stateTriggers)
}
