// Package planmodifiers holds plan modifiers for secrets that rotate when a map of triggers changes,
// and for replacements that depend on the state. They know nothing of any resource's schema: the
// triggers' path and the rule that decides a rotation are passed in.
package planmodifiers

import (
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// RotationRule decides from the triggers in state and in the plan whether a new secret is due. An
// unknown plan value (a time_rotating id before apply) reaches it as unknown.
type RotationRule func(stateTriggers, planTriggers types.Map) bool
