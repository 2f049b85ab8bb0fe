package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// checkSecret asks GitLab, when the provider's check_secrets is on, whether the state's secret still
// authenticates, once Read has found the application. A rejected secret is marked stale (null in
// state, kept in private state), so that `plan -refresh-only` shows it changed outside Terraform and
// `plan` issues a new one where it should; while it is marked, the kept secret is checked instead, and
// put back when it works again. No clear answer is a warning (an error with check_secrets_strict) and
// changes nothing. Without a secret in state or kept (after an import) nothing is sent.
func (r *applicationResource) checkSecret(ctx context.Context, state *applicationModel, private privateState, diags *diag.Diagnostics) {
	if !r.client.ChecksSecrets() || state.Secret.IsUnknown() {
		return
	}
	secret, kept := state.Secret.ValueString(), false
	if secret == "" && secretMarkedStale(ctx, private, diags) {
		secret, kept = keptSecret(ctx, private, diags), true
	}
	if secret == "" {
		return
	}
	verdict, err := r.client.CheckSecret(ctx, state.ApplicationID.ValueString(), secret)
	switch {
	case verdict == gitlabclient.SecretWorks && kept:
		state.Secret = types.StringValue(secret)
		clearSecretStale(ctx, private, diags)
		diags.AddWarning("Secret works again", fmt.Sprintf(
			"The secret of %s, which an earlier refresh found no longer working, works again at GitLab's token endpoint, so it "+
				"is back in state and nothing is renewed or replaced. The earlier answer came from something that played GitLab's "+
				"part (a gateway, a proxy), or GitLab's own answer was wrong for a while.", r.describe(*state)))
	case verdict == gitlabclient.SecretWorks:
	case verdict == gitlabclient.SecretRejected:
		if !kept {
			markSecretStale(ctx, state, private, diags)
		}
		diags.AddWarning("Secret renewed outside Terraform", fmt.Sprintf(
			"The secret of %s no longer works at GitLab's token endpoint (checked twice): it was renewed or reset outside Terraform "+
				"(GitLab's \"Renew secret\" button, or another tool), and whatever still uses the secret in state fails to sign in. %s",
			r.describe(*state), r.staleSecretPlan(*state)))
	default:
		r.reportUnchecked(ctx, *state, err, diags)
	}
}

// reportUnchecked says that a check had no clear answer: a warning, or an error with
// check_secrets_strict, so that a drift job that could check nothing fails instead of passing.
func (r *applicationResource) reportUnchecked(ctx context.Context, state applicationModel, err error, diags *diag.Diagnostics) {
	switch {
	case errors.Is(err, context.Canceled):
		return // the command is ending; nothing to say about the secret
	case errors.Is(err, gitlabclient.ErrSecretCheckSkipped):
		// Counted in the one diagnostic of the check that stopped the others.
		tflog.Info(ctx, "Secret not checked: the secret checks of this command stopped", map[string]any{"id": state.ID.ValueString()})
		return
	}
	summary, detail := "Cannot check the secret", fmt.Sprintf(
		"Whether the secret of %s still works could not be told, so the state and the plan stay as they are: %v", r.describe(state), err)
	if errors.Is(err, gitlabclient.ErrSecretChecksStopped) {
		summary = "Secret checks stopped"
		detail = fmt.Sprintf("GitLab's token endpoint stayed rate limited at the secret of %s, so this command checks no more "+
			"secrets; the state and the plan of every application not checked stay as they are, and the next command checks "+
			"them again: %v", r.describe(state), err)
	}
	if r.client.ChecksSecretsStrictly() {
		diags.AddError(summary, detail+"\n\nWith check_secrets_strict, a check without a clear answer fails the command.")
		return
	}
	diags.AddWarning(summary, detail)
}

// staleSecretPlan says what the plan does about a stale secret.
func (r *applicationResource) staleSecretPlan(state applicationModel) string {
	switch {
	case r.kind.renewsInPlace():
		return "The plan renews the secret in place (same id and application_id) and stores the new one in state."
	case !state.Confidential.ValueBool():
		return "The application is public (confidential = false): its clients do not send the secret, so the plan does not " +
			"replace it, which would change its client id. The state shows no secret until one is issued again (change " +
			"secret_rotation_triggers to replace the application on purpose)."
	}
	return "GitLab's API cannot renew the secret of a " + r.kind.noun + " (it has no renew-secret route), so the plan " +
		"replaces the application: a new client id (application_id) and secret; use create_before_destroy to switch over without a gap."
}

// describe names an application in messages: its kind, name and GitLab id.
func (r *applicationResource) describe(m applicationModel) string {
	return fmt.Sprintf("%s %q (id %s)", r.kind.noun, m.Name.ValueString(), m.ID.ValueString())
}

// warnDeletedOutside says that Read forgets an application GitLab no longer has.
func (r *applicationResource) warnDeletedOutside(state applicationModel, diags *diag.Diagnostics) {
	diags.AddWarning("Application deleted outside Terraform", fmt.Sprintf(
		"GitLab no longer has %s: it was deleted outside Terraform (or no longer belongs to the token's user or group). "+
			"It is removed from state, and the plan creates it again, with a new client id and secret.", r.describe(state)))
}

// recordLostRenewal handles a renewal whose answer never came: GitLab may well have renewed the
// secret, which kills the old one, and the new one is lost. The state keeps everything else as it was
// and marks the secret stale, keeping the old one (the renewal may not have happened), so that the
// next plan renews it again, unless a check finds the old secret still working.
func (r *applicationResource) recordLostRenewal(ctx context.Context, state applicationModel, resp privateState, setState func(applicationModel) diag.Diagnostics, err error, diags *diag.Diagnostics) {
	markSecretStale(ctx, &state, resp, diags)
	diags.Append(setState(state)...)
	diags.AddError("The secret's renewal got no answer", fmt.Sprintf(
		"GitLab's answer to renewing the secret of %s was lost, so GitLab may have renewed it: the old secret may no longer "+
			"work and the new one was never seen. The state's secret is now null and the next plan renews it again.\n\nError: %v",
		r.describe(state), err))
}
