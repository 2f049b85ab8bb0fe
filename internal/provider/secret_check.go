package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// staleSecretKey is the private state key that marks a secret found no longer working: the refresh
// sets it along with a null secret, planmodifiers.SecretRotation plans a new secret for it, and a
// successful create or renewal removes it. A null secret without it (after an import) asks for nothing.
const staleSecretKey = "secret_stale"

// staleMark is the key's value; private state values are JSON.
var staleMark = []byte(`true`)

// privateState is the part of the framework's private state data that resources use.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// secretMarkedStale reports whether the refresh marked the secret stale.
func secretMarkedStale(ctx context.Context, private privateState, diags *diag.Diagnostics) bool {
	mark, d := private.GetKey(ctx, staleSecretKey)
	diags.Append(d...)
	return len(mark) > 0
}

// markSecretStale records that the state's secret no longer works: null in state, and the mark.
func markSecretStale(ctx context.Context, state *applicationModel, private privateState, diags *diag.Diagnostics) {
	state.Secret = types.StringNull()
	diags.Append(private.SetKey(ctx, staleSecretKey, staleMark)...)
}

// clearSecretStale removes the mark once the state holds a secret GitLab has just issued.
func clearSecretStale(ctx context.Context, private privateState, diags *diag.Diagnostics) {
	diags.Append(private.SetKey(ctx, staleSecretKey, nil)...)
}

// checkSecret asks GitLab, when the provider's check_secrets is on, whether the state's secret still
// authenticates, once Read has found the application. A rejected secret is marked stale, so that
// `plan -refresh-only` shows it changed outside Terraform and `plan` issues a new one; no clear answer
// is a warning and changes nothing. Without a secret in state (after an import) nothing is sent.
func (r *applicationResource) checkSecret(ctx context.Context, state *applicationModel, private privateState, diags *diag.Diagnostics) {
	if !r.client.ChecksSecrets() || state.Secret.IsNull() || state.Secret.IsUnknown() || state.Secret.ValueString() == "" {
		return
	}
	verdict, err := r.client.CheckSecret(ctx, state.ApplicationID.ValueString(), state.Secret.ValueString())
	switch verdict {
	case gitlabclient.SecretWorks:
	case gitlabclient.SecretRejected:
		markSecretStale(ctx, state, private, diags)
		diags.AddWarning("Secret renewed outside Terraform", fmt.Sprintf(
			"The secret of %s no longer works at GitLab's token endpoint: it was renewed or reset outside Terraform "+
				"(GitLab's \"Renew secret\" button, or another tool), and whatever still uses the secret in state fails to sign in. %s",
			r.describe(*state), r.staleSecretPlan()))
	default:
		if errors.Is(err, context.Canceled) {
			return // the command is ending; nothing to say about the secret
		}
		diags.AddWarning("Cannot check the secret", fmt.Sprintf(
			"Whether the secret of %s still works could not be told, so the state and the plan stay as they are: %v",
			r.describe(*state), err))
	}
}

// staleSecretPlan says what the plan does about a stale secret.
func (r *applicationResource) staleSecretPlan() string {
	if r.kind.renewsInPlace() {
		return "The plan renews the secret in place (same id and application_id) and stores the new one in state."
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
// and marks the secret stale, so that the next plan renews it again.
func (r *applicationResource) recordLostRenewal(ctx context.Context, state applicationModel, resp privateState, setState func(applicationModel) diag.Diagnostics, err error, diags *diag.Diagnostics) {
	markSecretStale(ctx, &state, resp, diags)
	diags.Append(setState(state)...)
	diags.AddError("The secret's renewal got no answer", fmt.Sprintf(
		"GitLab's answer to renewing the secret of %s was lost, so GitLab may have renewed it: the old secret may no longer "+
			"work and the new one was never seen. The state's secret is now null and the next plan renews it again.\n\nError: %v",
		r.describe(state), err))
}
