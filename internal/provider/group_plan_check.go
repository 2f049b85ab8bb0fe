package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// checkGroupAccess is the group kind's plan-time owner check (ownerAttribute.check): a merge-request
// pipeline plans, and a mistyped group or a Maintainer's token would otherwise plan "will be created"
// and fail only when the default branch applies.
func checkGroupAccess(ctx context.Context, c *gitlabclient.Client, group string) error {
	return c.CheckGroupApplicationsAccess(ctx, group)
}

// ownerRefusal tells the errors of an owner check that mean the create would be refused, whatever
// is retried: the owner does not exist (or cannot be seen), the token's user lacks the role, or this
// GitLab has no such API. Anything else (GitLab unreachable, a 5xx) proves nothing about the create.
func ownerRefusal(err error) bool {
	return isForbidden(err) ||
		errors.Is(err, gitlabclient.ErrGroupNotFound) ||
		errors.Is(err, gitlabclient.ErrGroupApplicationsUnsupported)
}

// planOwnerAccess asks GitLab, when the plan creates an application of a kind with an owner check,
// whether the owner exists and the token may create applications there, and fails the plan with the
// message the create would give. A replacement is a create too: Terraform plans its new half again
// with no prior state. An owner not yet known (another resource's attribute) is checked when it is,
// at the latest before the create.
func (r *applicationResource) planOwnerAccess(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	owner := r.kind.owner
	if owner == nil || owner.check == nil || r.client == nil || req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() {
		return
	}
	ownerPath := path.Root(owner.name)
	var value types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, ownerPath, &value)...)
	if resp.Diagnostics.HasError() || value.IsNull() || value.IsUnknown() {
		return
	}
	err := owner.check(ctx, r.client, value.ValueString())
	switch {
	case err == nil:
	case ownerRefusal(err):
		resp.Diagnostics.AddAttributeError(ownerPath, "Cannot create the "+r.kind.noun, r.kind.explain(err, ""))
	default:
		resp.Diagnostics.AddAttributeWarning(ownerPath, fmt.Sprintf("Could not check the %s", owner.name), fmt.Sprintf(
			"The plan could not ask GitLab whether %s %q exists and the token may create applications there; "+
				"GitLab decides when the application is created.\n\n%s", owner.name, value.ValueString(), r.kind.explain(err, "")))
	}
}
