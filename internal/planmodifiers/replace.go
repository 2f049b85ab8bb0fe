package planmodifiers

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
)

// RequiresReplaceOnRotation replaces the resource when the triggers it modifies ask for a new secret
// and the server cannot issue one in place: a new secret needs a new resource.
func RequiresReplaceOnRotation(rotates RotationRule) planmodifier.Map {
	const description = "A change that asks for a new secret replaces the resource: the server cannot renew it in place."
	return mapplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
			// The framework does not call this for creates, destroys or equal values; an unknown plan
			// value (a time_rotating id before apply) reaches the rule as unknown.
			resp.RequiresReplace = rotates(req.StateValue, req.PlanValue)
		},
		description, description,
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
