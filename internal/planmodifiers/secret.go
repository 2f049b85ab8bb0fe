package planmodifiers

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// SecretRotation plans a secret that only its issuer can show: unknown when the triggers at the given
// path rotate it, otherwise the value in state (null included, after an import). The framework marks
// every computed attribute unknown whenever anything changes, so UseStateForUnknown would either hide
// a rotation or, without it, show "(known after apply)" on every change and churn everything downstream.
func SecretRotation(triggers path.Path, rotates RotationRule) planmodifier.String {
	return secretRotation{triggers: triggers, rotates: rotates}
}

type secretRotation struct {
	triggers path.Path
	rotates  RotationRule
}

func (m secretRotation) Description(context.Context) string {
	return "The secret stays as it is unless " + m.triggers.String() + " asks for a new one."
}

func (m secretRotation) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m secretRotation) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	// A create (or the create half of a replacement) gets its secret from the server; a destroy needs
	// none. A known plan value means nothing changes at all (the framework marks computed values
	// unknown as soon as anything does): the common case in a plan over many resources, decided
	// without reads.
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	var stateTriggers, planTriggers types.Map
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, m.triggers, &stateTriggers)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, m.triggers, &planTriggers)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.rotates(stateTriggers, planTriggers) {
		resp.PlanValue = types.StringUnknown()
		return
	}
	resp.PlanValue = req.StateValue
}
