package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// TestCreateWarnsOfALateDuplicate: a proxy's 504 to a create whose work GitLab finishes only after the
// provider's wait (1 s in tests), while the create sent again is still on its way. The apply succeeds
// on the second application and warns, naming the first by id. Over the plugin protocol, since the CLI
// only prints warnings.
func TestCreateWarnsOfALateDuplicate(t *testing.T) {
	t.Parallel()
	env := acctest.New(t, acctest.FakeOnly("it injects faults"))
	p := newProtocolReader(t, env, env.AdminToken, checksOff)
	env.Fake.InjectFault(fakegitlab.LateWork(http.MethodPost, "/api/v4/applications", 1200*time.Millisecond))
	env.Fake.InjectFault(fakegitlab.Slow(http.MethodPost, "/api/v4/applications", 600*time.Millisecond))
	values := map[string]tftypes.Value{
		"name":         tftypes.NewValue(tftypes.String, acctest.Name("late")),
		"redirect_uri": tftypes.NewValue(tftypes.String, "https://app.example.com/cb"),
		"scopes":       tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "openid")}),
		"confidential": tftypes.NewValue(tftypes.Bool, true),
	}
	schema := p.schemas[testInstanceKind.resourceType]
	planned := map[string]tftypes.Value{}
	for name, v := range values {
		planned[name] = v
	}
	for _, computed := range []string{"id", "application_id", "secret"} {
		planned[computed] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	}
	resp, err := p.server.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{
		TypeName:     testInstanceKind.resourceType,
		PriorState:   nullObject(t, schema),
		PlannedState: objectOf(t, schema, planned),
		Config:       objectOf(t, schema, values),
	})
	if err != nil {
		t.Fatal(err)
	}
	got := warnings(t, resp.Diagnostics)
	env.Fake.WaitLateWork()
	apps := env.Fake.Applications()
	if len(apps) != 2 {
		t.Fatalf("GitLab holds %d applications, want the first create's, late, and the second's", len(apps))
	}
	late := fmt.Sprintf("application %d ", apps[0].ID)
	if !strings.Contains(got, "arrived late") || !strings.Contains(got, late) || !strings.Contains(got, "DELETE /api/v4/applications/:id") {
		t.Errorf("warnings %q do not name the late %s and how to delete it", got, late)
	}
}

// nullObject is a null value of the schema's object: the prior state of a create.
func nullObject(t *testing.T, schema *tfprotov6.Schema) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(schema.ValueType(), tftypes.NewValue(schema.ValueType(), nil))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}
