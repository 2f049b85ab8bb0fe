package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// protocolReader calls the provider's ReadResource over the plugin protocol, as Terraform does, so
// that a test sees the warnings of a refresh, which the terraform CLI only prints.
type protocolReader struct {
	server  tfprotov6.ProviderServer
	schemas map[string]*tfprotov6.Schema
}

// secretChecking is the provider's check_secrets and check_secrets_strict in a protocolReader.
type secretChecking int

const (
	checksOff secretChecking = iota
	checksOn
	checksStrict
)

func newProtocolReader(t *testing.T, env *acctest.Env, token string, checking secretChecking) *protocolReader {
	t.Helper()
	ctx := context.Background()
	server, err := protoV6ProviderFactories()["gitlab"]()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	config := objectOf(t, schemas.Provider, map[string]tftypes.Value{
		"base_url":             tftypes.NewValue(tftypes.String, env.BaseURL),
		"token":                tftypes.NewValue(tftypes.String, token),
		"retries":              tftypes.NewValue(tftypes.Number, 1),
		"early_auth_check":     tftypes.NewValue(tftypes.Bool, false),
		"check_secrets":        tftypes.NewValue(tftypes.Bool, checking != checksOff),
		"check_secrets_strict": tftypes.NewValue(tftypes.Bool, checking == checksStrict),
	})
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: config})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %v", err, resp.Diagnostics)
	}
	return &protocolReader{server: server, schemas: schemas.ResourceSchemas}
}

// objectOf is a dynamic value of the schema's object: the given attributes, every other one null. The
// tests and the benchmark that call the provider over the plugin protocol build their values with it.
func objectOf(t testing.TB, schema *tfprotov6.Schema, values map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	typ := schema.ValueType()
	object, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("schema type %v is not an object", typ)
	}
	all := map[string]tftypes.Value{}
	for name, attrType := range object.AttributeTypes {
		all[name] = tftypes.NewValue(attrType, nil)
		if v, ok := values[name]; ok {
			all[name] = v
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, all))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// read refreshes the application in a state that holds secret (none when empty) and private state
// (none when nil).
func (p *protocolReader) read(t *testing.T, env *acctest.Env, k testKind, app *gitlabclient.Application, secret string, private []byte) (*tfprotov6.ReadResourceResponse, map[string]tftypes.Value) {
	t.Helper()
	values := map[string]tftypes.Value{
		"id":             tftypes.NewValue(tftypes.String, fmt.Sprint(app.ID)),
		"name":           tftypes.NewValue(tftypes.String, app.Name),
		"redirect_uri":   tftypes.NewValue(tftypes.String, app.RedirectURI),
		"scopes":         tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "read_user")}),
		"confidential":   tftypes.NewValue(tftypes.Bool, app.Confidential),
		"application_id": tftypes.NewValue(tftypes.String, app.ApplicationID),
	}
	if secret != "" {
		values["secret"] = tftypes.NewValue(tftypes.String, secret)
	}
	if k.owner != nil {
		values["group"] = tftypes.NewValue(tftypes.String, k.owner(env))
	}
	schema := p.schemas[k.resourceType]
	resp, err := p.server.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{
		TypeName: k.resourceType, CurrentState: objectOf(t, schema, values), Private: private,
	})
	if err != nil {
		t.Fatal(err)
	}
	newState := map[string]tftypes.Value{}
	if resp.NewState != nil {
		v, err := resp.NewState.Unmarshal(schema.ValueType())
		if err != nil {
			t.Fatal(err)
		}
		if !v.IsNull() {
			if err := v.As(&newState); err != nil {
				t.Fatal(err)
			}
		}
	}
	return resp, newState
}

// warnings are the response's diagnostics as "summary: detail" lines; errors fail the test.
func warnings(t *testing.T, diags []*tfprotov6.Diagnostic) string {
	t.Helper()
	return diagnosticsOf(t, diags, tfprotov6.DiagnosticSeverityWarning)
}

// diagnosticsOf are the response's diagnostics of one severity as "summary: detail" lines; any other
// severity fails the test.
func diagnosticsOf(t *testing.T, diags []*tfprotov6.Diagnostic, severity tfprotov6.DiagnosticSeverity) string {
	t.Helper()
	var lines []string
	for _, d := range diags {
		if d.Severity != severity {
			t.Errorf("%v diagnostic: %s: %s", d.Severity, d.Summary, d.Detail)
		}
		lines = append(lines, d.Summary+": "+d.Detail)
	}
	return strings.Join(lines, "\n")
}

func secretIn(state map[string]tftypes.Value) string {
	var s *string
	if v, ok := state["secret"]; ok {
		_ = v.As(&s)
	}
	if s == nil {
		return ""
	}
	return *s
}

// TestSecretCheck_readWarnings: what a refresh tells the user, per kind: nothing for a working secret,
// a warning that names the application and what the plan does for a stale one (with the secret null,
// marked stale and kept aside), a warning and an unchanged state when the check has no clear answer,
// one warning counting the checks not made once the token endpoint stays rate limited, and a warning
// for an application deleted outside Terraform.
func TestSecretCheck_readWarnings(t *testing.T) {
	forEachKind(t, allKinds, func(t *testing.T, k testKind) {
		env := acctest.New(t, acctest.FakeOnly("it renews secrets and injects faults behind Terraform's back"))
		token := env.Token(k.resourceType)
		reader := newProtocolReader(t, env, token, checksOn)
		name := acctest.Name("warn")
		app := k.create(t, env, env.Token(k.resourceType), gitlabclient.CreateOptions{Name: name, RedirectURI: "https://app.example.com/cb", Scopes: []string{"read_user"}, Confidential: true})
		names := fmt.Sprintf("%q (id %d)", name, app.ID)
		plan := map[bool]string{true: "renews the secret in place", false: "no renew-secret route"}[k.resourceType == testInstanceKind.resourceType]

		resp, state := reader.read(t, env, k, app, app.Secret, nil)
		if w := warnings(t, resp.Diagnostics); w != "" || secretIn(state) != app.Secret {
			t.Errorf("working secret: warnings %q, secret kept %t", w, secretIn(state) == app.Secret)
		}

		env.Fake.RenewSecretOutside(app.ID)
		// A 503 storm that outlasts the retries: no clear answer, whatever the secret.
		env.Fake.InjectFault(fakegitlab.Fault{Method: http.MethodPost, Path: tokenEndpoint, Kind: fakegitlab.FaultStatus, Status: http.StatusServiceUnavailable, Times: -1})
		resp, state = reader.read(t, env, k, app, app.Secret, nil)
		expectUnchanged(t, "a 503 storm", resp, state, app.Secret, "Cannot check the secret", names, "503")
		env.Fake.ClearFaults()

		resp, state = reader.read(t, env, k, app, app.Secret, nil)
		w := warnings(t, resp.Diagnostics)
		for _, want := range []string{"Secret renewed outside Terraform", strings.TrimPrefix(k.resourceType, "gitlab_")[:4], names, "renewed or reset outside Terraform", plan} {
			if !strings.Contains(w, want) {
				t.Errorf("stale secret: warnings %q lack %q", w, want)
			}
		}
		if secretIn(state) != "" || !strings.Contains(string(resp.Private), staleSecretKey) || !strings.Contains(string(resp.Private), keptSecretKey) {
			t.Errorf("stale secret: secret in state %t, private state with the mark and the kept secret: %t", secretIn(state) != "", resp.Private != nil)
		}
		if strings.Contains(w, app.Secret) {
			t.Error("the warning quotes the secret")
		}

		// A new command whose first check stays rate limited: one warning, which counts it.
		env.Fake.InjectFault(fakegitlab.Fault{Method: http.MethodPost, Path: tokenEndpoint, Kind: fakegitlab.FaultStatus, Status: http.StatusTooManyRequests, Times: -1})
		resp, state = newProtocolReader(t, env, token, checksOn).read(t, env, k, app, app.Secret, nil)
		expectUnchanged(t, "rate limited", resp, state, app.Secret, "Secret checks stopped", names, "rate limited (429)", "1 not checked")
		env.Fake.ClearFaults()

		if err := k.delete(env, env.Token(k.resourceType), app.ID); err != nil {
			t.Fatal(err)
		}
		// A new command, as Terraform runs it: the list read above is kept for one command.
		resp, state = newProtocolReader(t, env, token, checksOn).read(t, env, k, app, "", nil)
		w = warnings(t, resp.Diagnostics)
		if !strings.Contains(w, "deleted outside Terraform") || !strings.Contains(w, names) || !strings.Contains(w, "creates it again") || len(state) != 0 {
			t.Errorf("deleted: warnings %q, state %v", w, state)
		}
	})
}

// expectUnchanged checks that a refresh warned with every one of wants and left the secret and the
// private state as they were.
func expectUnchanged(t *testing.T, when string, resp *tfprotov6.ReadResourceResponse, state map[string]tftypes.Value, secret string, wants ...string) {
	t.Helper()
	w := warnings(t, resp.Diagnostics)
	for _, want := range wants {
		if !strings.Contains(w, want) {
			t.Errorf("%s: warnings %q lack %q", when, w, want)
		}
	}
	if secretIn(state) != secret || len(resp.Private) != 0 {
		t.Errorf("%s: secret kept %t, private %s", when, secretIn(state) == secret, resp.Private)
	}
}

// TestSecretCheck_offReadsNoTokenEndpoint: with check_secrets off a stale secret stays unnoticed and
// nothing is sent to the token endpoint.
func TestSecretCheck_offReadsNoTokenEndpoint(t *testing.T) {
	t.Parallel()
	env := acctest.New(t, acctest.FakeOnly("it counts requests to the token endpoint"))
	k := testInstanceKind
	reader := newProtocolReader(t, env, env.Token(k.resourceType), checksOff)
	app := k.create(t, env, env.Token(k.resourceType), gitlabclient.CreateOptions{Name: acctest.Name("off"), RedirectURI: "https://app.example.com/cb", Scopes: []string{"read_user"}, Confidential: true})
	env.Fake.RenewSecretOutside(app.ID)
	resp, state := reader.read(t, env, k, app, app.Secret, nil)
	if w := warnings(t, resp.Diagnostics); w != "" || secretIn(state) != app.Secret || env.CountRequests("", tokenEndpoint) != 0 {
		t.Errorf("warnings %q, secret kept %t, %d token requests", w, secretIn(state) == app.Secret, env.CountRequests("", tokenEndpoint))
	}
}
