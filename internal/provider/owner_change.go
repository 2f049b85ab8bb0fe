package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// planOwnerChange decides what a changed owner attribute means. A group may be written as its id or
// as its full path, and an import may have used the other form than the configuration: when GitLab
// shows the same application under the new value, it is the same group, and only the attribute
// changes in state. Any other change of owner needs a new application in the new owner.
func (r *applicationResource) planOwnerChange(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.kind.owner == nil || req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	ownerPath := path.Root(r.kind.owner.name)
	var stateOwner, planOwner, id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, ownerPath, &stateOwner)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, ownerPath, &planOwner)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() || planOwner.Equal(stateOwner) {
		return
	}
	if !planOwner.IsUnknown() && r.client != nil && !stateOwner.IsNull() {
		if n, err := parseApplicationID(id.ValueString()); err == nil {
			if _, err := r.kind.calls.read(ctx, r.client, planOwner.ValueString(), n); err == nil {
				tflog.Debug(ctx, "The new owner value names the same owner: no replacement", map[string]any{
					"from": stateOwner.ValueString(), "to": planOwner.ValueString(),
				})
				return
			}
		}
	}
	resp.RequiresReplace = append(resp.RequiresReplace, ownerPath)
}
