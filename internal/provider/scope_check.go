package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabscopes"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/validators"
)

// Scopes are checked in three places, each with what it can know, so that a scope is reported once:
// the attribute validator refuses what no GitLab accepts (validators.ScopeProblem); ValidateConfig,
// which runs without a configured provider (terraform validate, and Terraform's validation before
// every plan), warns about a scope the built-in list lacks; ModifyPlan checks the rest against the
// server's own list, or warns when that list cannot be had.
var (
	_ resource.ResourceWithModifyPlan     = &applicationResource{}
	_ resource.ResourceWithValidateConfig = &applicationResource{}
)

const unknownScopeSummary = "Scope not in the provider's list"

// ValidateConfig warns about scopes missing from the built-in list while the provider is not
// configured; once it is, ModifyPlan decides with the server's list instead.
func (r *applicationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if r.client != nil {
		return
	}
	scopes, ok := scopesAt(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	for _, scope := range missingFrom(scopes, gitlabscopes.BuiltIn()) {
		resp.Diagnostics.AddAttributeWarning(path.Root("scopes"), unknownScopeSummary, fmt.Sprintf(
			"Scope %q is not one of the scopes of GitLab 19.1 that this provider knows. When the provider can reach "+
				"GitLab, the plan checks it against the server's own list of scopes; otherwise GitLab decides when the "+
				"application is created: a newer GitLab may know it.", scope))
	}
}

// ModifyPlan decides whether a changed owner needs a new application (planOwnerChange), checks that a
// new application's owner exists and takes applications from this token (planOwnerAccess), warns when a
// non-confidential application moved from the official provider is about to lose that setting
// (planMovedConfidential), and checks the scopes of a new application, or changed scopes, against the
// scopes the server lists, before any request that changes anything.
func (r *applicationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.planOwnerChange(ctx, req, resp)
	r.planOwnerAccess(ctx, req, resp)
	r.planMovedConfidential(ctx, req, resp)
	if r.client == nil || req.Plan.Raw.IsNull() { // not configured (ValidateConfig warned), or a destroy
		return
	}
	scopes, ok := scopesAt(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	if !req.State.Raw.IsNull() {
		stateScopes, ok := scopesAt(ctx, req.State, &resp.Diagnostics)
		if ok && slices.Equal(stateScopes, scopes) {
			return
		}
	}
	candidates := missingFrom(scopes, nil)
	if len(candidates) == 0 {
		return
	}
	serverScopes, err := r.client.SupportedScopes(ctx)
	if err != nil {
		tflog.Debug(ctx, "Checking scopes with the provider's built-in list", map[string]any{"reason": err.Error()})
		for _, scope := range missingFrom(candidates, gitlabscopes.BuiltIn()) {
			resp.Diagnostics.AddAttributeWarning(path.Root("scopes"), unknownScopeSummary, fmt.Sprintf(
				"Scope %q is not one of the scopes of GitLab 19.1 that this provider knows, and the server's own list "+
					"could not be read (%v). GitLab decides when the application is created: a newer GitLab may know "+
					"the scope; otherwise it refuses the application (\"scopes doesn't match configured on the server.\").",
				scope, err))
		}
		return
	}
	for _, scope := range missingFrom(candidates, serverScopes) {
		hint := ""
		if known, ok := gitlabscopes.NearMiss(scope, serverScopes); ok {
			hint = fmt.Sprintf(" Did you mean %q?", known)
		}
		resp.Diagnostics.AddAttributeError(path.Root("scopes"), "Scope unknown to this GitLab", fmt.Sprintf(
			"Scope %q is not a scope this GitLab knows, so it would refuse the application.%s "+
				"The scopes it lists (scopes_supported of its OpenID discovery document): %s; or user:<name>.",
			scope, hint, listScopes(serverScopes)))
	}
}

// maxListedScopes bounds the server's scopes a message lists; GitLab has about 30. The scopes
// themselves come cleaned and bounded from gitlabclient, like all server text.
const maxListedScopes = 60

// listScopes lists the server's scopes, at most maxListedScopes of them.
func listScopes(scopes []string) string {
	if len(scopes) <= maxListedScopes {
		return strings.Join(scopes, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(scopes[:maxListedScopes], ", "), len(scopes)-maxListedScopes)
}

// scopesAt reads the known scopes of a configuration, plan or state; false when the set itself is
// null or unknown. Unknown elements are left out: they are checked when they are known.
func scopesAt(ctx context.Context, data interface {
	GetAttribute(context.Context, path.Path, any) diag.Diagnostics
}, diags *diag.Diagnostics) ([]string, bool) {
	var set types.Set
	diags.Append(data.GetAttribute(ctx, path.Root("scopes"), &set)...)
	if diags.HasError() || set.IsNull() || set.IsUnknown() {
		return nil, false
	}
	var scopes []string
	for _, element := range set.Elements() {
		if s, ok := element.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			scopes = append(scopes, s.ValueString())
		}
	}
	slices.Sort(scopes)
	return scopes, true
}

// missingFrom returns the scopes that are not in known (all of them when known is nil), leaving out
// user:<name>, which always passes, and what the attribute validator already refuses.
func missingFrom(scopes, known []string) []string {
	var missing []string
	for _, scope := range scopes {
		if gitlabscopes.IsDynamic(scope) || validators.ScopeProblem(scope) != nil || slices.Contains(known, scope) {
			continue
		}
		missing = append(missing, scope)
	}
	return missing
}
