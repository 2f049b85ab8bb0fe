package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// staleSecretKey is the private state key that marks a secret found no longer working: the refresh
// sets it along with a null secret, planmodifiers.SecretRotation plans a new secret for it, and a
// successful create or renewal removes it. A null secret without it (after an import) asks for nothing.
const staleSecretKey = "secret_stale"

// keptSecretKey holds, beside the mark, the last secret GitLab issued, which the state no longer shows
// (a JSON string). No verdict is certain (a gateway may play Doorkeeper's part twice), and GitLab never
// shows a secret again: so the refresh keeps it, checks it again while the mark is set, and puts it
// back when it works. Only a create or renewal, which stores a new secret, lets go of it. Private state
// lives in the state file beside `secret`, and no plan or `terraform show` prints it.
const keptSecretKey = "secret_kept"

// staleMark is the mark's value; private state values are JSON.
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

// markSecretStale records that the state's secret no longer works: null in state, the mark, and the
// secret kept in private state.
func markSecretStale(ctx context.Context, state *applicationModel, private privateState, diags *diag.Diagnostics) {
	if secret := state.Secret.ValueString(); secret != "" {
		kept, _ := json.Marshal(secret) // a string always encodes
		diags.Append(private.SetKey(ctx, keptSecretKey, kept)...)
	}
	state.Secret = types.StringNull()
	diags.Append(private.SetKey(ctx, staleSecretKey, staleMark)...)
}

// keptSecret is the secret markSecretStale kept, "" when there is none (a state marked before secrets
// were kept).
func keptSecret(ctx context.Context, private privateState, diags *diag.Diagnostics) string {
	raw, d := private.GetKey(ctx, keptSecretKey)
	diags.Append(d...)
	var secret string
	if len(raw) == 0 || json.Unmarshal(raw, &secret) != nil {
		return ""
	}
	return secret
}

// clearSecretStale removes the mark and the kept secret once the state holds a secret that works:
// one GitLab has just issued, or the kept one, found working again.
func clearSecretStale(ctx context.Context, private privateState, diags *diag.Diagnostics) {
	diags.Append(private.SetKey(ctx, staleSecretKey, nil)...)
	diags.Append(private.SetKey(ctx, keptSecretKey, nil)...)
}
