package planmodifiers

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// SecretRotation plans a secret that only its issuer can show: unknown when the triggers at the given
// path rotate it, or when the refresh marked it stale (see StaleSecret), otherwise the value in state
// (null included, after an import). The framework marks every computed attribute unknown whenever
// anything changes, so UseStateForUnknown would either hide a rotation or, without it, show "(known
// after apply)" on every change and churn everything downstream.
func SecretRotation(triggers path.Path, rotates RotationRule, stale StaleSecret) planmodifier.String {
	return secretRotation{triggers: triggers, rotates: rotates, stale: stale}
}

// StaleSecret says how a refresh marks a secret that no longer works (renewed outside Terraform): it
// sets the secret to null and the private state key PrivateKey to any non-empty value. Such a secret
// is planned anew, by replacing the resource when Replace says the server cannot issue one in place,
// unless the boolean attribute at UsedIf (when given) is false in the plan: a secret its clients never
// send (a public OAuth client's) is not worth a new resource, so it stays as it is. A null secret
// without the key (after an import) is planned as it is. An empty PrivateKey turns the check off.
type StaleSecret struct {
	PrivateKey string
	Replace    bool
	UsedIf     path.Path
}

type secretRotation struct {
	triggers path.Path
	rotates  RotationRule
	stale    StaleSecret
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
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	if m.markedStale(ctx, req, resp) && (!m.stale.Replace || m.secretUsed(ctx, req, resp)) {
		resp.PlanValue = types.StringUnknown()
		resp.RequiresReplace = m.stale.Replace
		return
	}
	if !req.PlanValue.IsUnknown() {
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

// markedStale reads the refresh's mark; it is checked before the shortcut for unchanged plans, since a
// stale secret is the only change.
func (m secretRotation) markedStale(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) bool {
	if m.stale.PrivateKey == "" || req.Private == nil || !req.StateValue.IsNull() {
		return false
	}
	mark, diags := req.Private.GetKey(ctx, m.stale.PrivateKey)
	resp.Diagnostics.Append(diags...)
	return len(mark) > 0
}

// secretUsed reads the attribute at UsedIf from the plan: anything but a known false (no such
// attribute given, a value not yet known) counts as used.
func (m secretRotation) secretUsed(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) bool {
	if len(m.stale.UsedIf.Steps()) == 0 {
		return true
	}
	var used types.Bool
	diags := req.Plan.GetAttribute(ctx, m.stale.UsedIf, &used)
	resp.Diagnostics.Append(diags...)
	return diags.HasError() || used.IsNull() || used.IsUnknown() || used.ValueBool()
}
