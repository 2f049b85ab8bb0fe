package planmodifiers

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
)

// RequiresReplaceOnRotation replaces the resource when its triggers ask for a new secret and GitLab
// cannot renew one in place (user applications): a new secret needs a new application.
func RequiresReplaceOnRotation() planmodifier.Map {
	return mapplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
			// The framework does not call this for creates, destroys or equal values; an unknown plan
			// value (a time_rotating id before apply) counts as a change.
			resp.RequiresReplace = RotationPlanned(req.StateValue, req.PlanValue)
		},
		"A change of "+TriggersAttribute+" from one value to another replaces the application: GitLab cannot renew its secret.",
		"A change of `"+TriggersAttribute+"` from one value to another replaces the application: GitLab cannot renew its secret.",
	)
}

// RequiresReplaceUnlessStateNull replaces the resource when the value changes, except when the state
// holds none: an application imported from a GitLab that does not report scopes adopts the configured
// ones without being replaced.
func RequiresReplaceUnlessStateNull() planmodifier.Set {
	return setplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.SetRequest, resp *setplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !req.StateValue.IsNull()
		},
		"Changing the value replaces the resource, unless the state holds none (an import from a GitLab that does not report it).",
		"Changing the value replaces the resource, unless the state holds none (an import from a GitLab that does not report it).",
	)
}
