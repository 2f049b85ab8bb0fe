package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// triggersPath is the attribute whose change from one value to another asks for a new secret.
var triggersPath = path.Root("secret_rotation_triggers")

// rotationPlanned is the one rotation rule of every application kind: the triggers change from a
// non-null value to a different or not yet known one (a time_rotating id before apply). Setting
// triggers for the first time (also after an import) and removing them rotate nothing.
func rotationPlanned(stateTriggers, planTriggers types.Map) bool {
	if stateTriggers.IsNull() || stateTriggers.IsUnknown() || planTriggers.IsNull() {
		return false
	}
	return planTriggers.IsUnknown() || !planTriggers.Equal(stateTriggers)
}
