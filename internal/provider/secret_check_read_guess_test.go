package provider

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// TestSecretCheck_readNoGuess: per kind, a refresh acts on no guess. A 401 invalid_client without
// Doorkeeper's header, and one that a second check does not confirm, change nothing but a warning; a
// stale verdict keeps the secret aside, and a later check that finds it working puts it back, with a
// warning; with check_secrets_strict, no clear answer is an error.
func TestSecretCheck_readNoGuess(t *testing.T) {
	forEachKind(t, allKinds, func(t *testing.T, k testKind) {
		env := acctest.New(t, acctest.FakeOnly("it plays a gateway in front of the token endpoint"))
		token := env.Token(k.resourceType)
		reader := newProtocolReader(t, env, token, checksOn)
		name := acctest.Name("guess")
		app := k.create(t, env, token, gitlabclient.CreateOptions{Name: name, RedirectURI: "https://app.example.com/cb", Scopes: []string{"read_user"}, Confidential: true})
		names := fmt.Sprintf("%q (id %d)", name, app.ID)

		env.Fake.InterceptTokenRequests(app.ApplicationID, gatewayRefusal(-1, false))
		resp, state := reader.read(t, env, k, app, app.Secret, nil)
		expectUnchanged(t, "a gateway's 401", resp, state, app.Secret, "Cannot check the secret", names, "without Doorkeeper's WWW-Authenticate header")
		env.Fake.ClearTokenIntercepts(app.ApplicationID)

		env.ResetRequests()
		env.Fake.InterceptTokenRequests(app.ApplicationID, gatewayRefusal(1, true))
		resp, state = reader.read(t, env, k, app, app.Secret, nil)
		expectUnchanged(t, "a 401 not confirmed", resp, state, app.Secret, "Cannot check the secret", names, "then accepted it a moment later")
		if n := env.CountRequests(http.MethodPost, tokenEndpoint); n != 2 {
			t.Errorf("a 401 not confirmed: %d token requests, want 2", n)
		}

		env.Fake.InterceptTokenRequests(app.ApplicationID, gatewayRefusal(2, true))
		resp, state = reader.read(t, env, k, app, app.Secret, nil)
		if w := warnings(t, resp.Diagnostics); !strings.Contains(w, "Secret renewed outside Terraform") || secretIn(state) != "" {
			t.Fatalf("a 401 confirmed: warnings %q, secret in state %t", w, secretIn(state) != "")
		}
		resp, state = reader.read(t, env, k, app, "", resp.Private)
		w := warnings(t, resp.Diagnostics)
		if !strings.Contains(w, "Secret works again") || !strings.Contains(w, names) || secretIn(state) != app.Secret || len(resp.Private) != 0 {
			t.Errorf("the kept secret works: warnings %q, secret back %t, private %s", w, secretIn(state) == app.Secret, resp.Private)
		}
		if strings.Contains(w, app.Secret) {
			t.Error("the warning quotes the secret")
		}

		env.Fake.InjectFault(fakegitlab.Fault{Method: http.MethodPost, Path: tokenEndpoint, Kind: fakegitlab.FaultStatus, Status: http.StatusServiceUnavailable, Times: -1})
		resp, state = newProtocolReader(t, env, token, checksStrict).read(t, env, k, app, app.Secret, nil)
		errs := diagnosticsOf(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityError)
		if !strings.Contains(errs, "Cannot check the secret") || !strings.Contains(errs, "check_secrets_strict") || secretIn(state) != app.Secret {
			t.Errorf("strict, a 503 storm: errors %q, secret kept %t", errs, secretIn(state) == app.Secret)
		}
	})
}

// gatewayRefusal is a 401 invalid_client, times times, with Doorkeeper's WWW-Authenticate header or
// without it (a gateway's).
func gatewayRefusal(times int, withChallenge bool) fakegitlab.Fault {
	f := fakegitlab.Fault{
		Times: times, Status: http.StatusUnauthorized, Body: `{"error":"invalid_client","error_description":"Client authentication failed"}`,
		Header: http.Header{"Content-Type": {"application/json"}},
	}
	if withChallenge {
		f.Header.Set("WWW-Authenticate", `Bearer realm="Doorkeeper", error="invalid_client", error_description="Client authentication failed"`)
	}
	return f
}

// TestSecretCheck_readPublic: the stale secret of a public application is reported, and the warning
// says that only an instance application's is renewed: the others are not replaced for it.
func TestSecretCheck_readPublic(t *testing.T) {
	forEachKind(t, allKinds, func(t *testing.T, k testKind) {
		env := acctest.New(t, acctest.FakeOnly("it renews secrets behind Terraform's back"))
		token := env.Token(k.resourceType)
		app := k.create(t, env, token, gitlabclient.CreateOptions{Name: acctest.Name("public"), RedirectURI: "https://app.example.com/cb", Scopes: []string{"read_user"}})
		env.Fake.RenewSecretOutside(app.ID)
		resp, state := newProtocolReader(t, env, token, checksOn).read(t, env, k, app, app.Secret, nil)
		want := "does not replace it"
		if k.resourceType == testInstanceKind.resourceType {
			want = "renews the secret in place"
		}
		if w := warnings(t, resp.Diagnostics); !strings.Contains(w, "Secret renewed outside Terraform") || !strings.Contains(w, want) || secretIn(state) != "" {
			t.Errorf("warnings %q lack %q, or the secret is still in state (%t)", w, want, secretIn(state) != "")
		}
	})
}

// TestSecretCheck_credentialsAsDoorkeeperReadsThem: the client and the fake, which reads HTTP Basic as
// Doorkeeper does (no URL-decoding), agree on a secret with "+/=:%": it works, and a form-encoded copy
// of it, which a client that encodes first would send, does not.
func TestSecretCheck_credentialsAsDoorkeeperReadsThem(t *testing.T) {
	t.Parallel()
	env := acctest.New(t, acctest.FakeOnly("it sets a secret GitLab's own never look like"))
	app := testInstanceKind.create(t, env, env.AdminToken, gitlabclient.CreateOptions{Name: acctest.Name("chars"), RedirectURI: "https://app.example.com/cb", Scopes: []string{"read_user"}, Confidential: true})
	const secret = "gloas-a+b/c=d:e%2Bf g"
	if !env.Fake.SetSecretOutside(app.ID, secret) {
		t.Fatal("no such application")
	}
	client := env.Client(env.AdminToken)
	for _, tc := range []struct {
		secret string
		want   gitlabclient.SecretVerdict
	}{{secret, gitlabclient.SecretWorks}, {url.QueryEscape(secret), gitlabclient.SecretRejected}} {
		if got, err := client.CheckSecret(t.Context(), app.ApplicationID, tc.secret); got != tc.want {
			t.Errorf("CheckSecret(%q) = %v, %v; want %v", tc.secret, got, err, tc.want)
		}
	}
}
