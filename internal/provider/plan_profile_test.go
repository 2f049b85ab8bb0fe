package provider

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// BenchmarkPlanCalls is the provider's share of `terraform plan` over 300 applications of a kind: the
// calls Terraform makes of a fresh provider process (schema, configure, then validate, read and plan of
// each resource), in process, so that a CPU profile shows the provider's own work without Terraform's:
//
//	go test ./internal/provider -run '^$' -bench PlanCalls/group -benchtime 8x -cpuprofile cpu.out
//
// Most of it is the framework's own (msgpack decoding, walking attribute paths, plan modifiers); the
// provider's code (Read, the owner mapping, ModifyPlan) is a small part for every kind.
func BenchmarkPlanCalls(b *testing.B) {
	for _, kind := range []*applicationKind{instanceApplications, groupApplications} {
		b.Run(kind.name, func(b *testing.B) { benchmarkPlanCalls(b, kind, 300) })
	}
}

func benchmarkPlanCalls(b *testing.B, kind *applicationKind, n int) {
	ctx := context.Background()
	fake := fakegitlabtest.NewTestServer(b, fakegitlab.Options{})
	token, owner := fakegitlab.AdminToken, ""
	if kind.owner != nil {
		token, owner = fakegitlab.UserToken, fakegitlab.GroupPath
	}
	client, err := gitlabclient.New(gitlabclient.Config{BaseURL: fake.URL(), Token: token})
	if err != nil {
		b.Fatal(err)
	}
	var apps []*gitlabclient.Application
	for i := range n {
		app, err := kind.calls.create(ctx, client, owner, gitlabclient.CreateOptions{
			Name: fmt.Sprintf("app-%03d", i), RedirectURI: "https://app.example.com/cb", Scopes: []string{"api"}, Confidential: true,
		})
		if err != nil {
			b.Fatal(err)
		}
		apps = append(apps, app)
	}
	typeName := "gitlab" + kind.resourceTypeSuffix()
	b.ResetTimer()
	for range b.N {
		server, err := protoV6ProviderFactories()["gitlab"]()
		if err != nil {
			b.Fatal(err)
		}
		schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			b.Fatal(err)
		}
		providerConfig := objectOf(b, schemas.Provider, map[string]tftypes.Value{
			"base_url": tftypes.NewValue(tftypes.String, fake.URL()), "token": tftypes.NewValue(tftypes.String, token),
		})
		if resp, _ := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: providerConfig}); len(resp.Diagnostics) > 0 {
			b.Fatalf("configure: %v", resp.Diagnostics[0])
		}
		resourceSchema := schemas.ResourceSchemas[typeName]
		for _, app := range apps {
			config := map[string]tftypes.Value{
				"name":         tftypes.NewValue(tftypes.String, app.Name),
				"redirect_uri": tftypes.NewValue(tftypes.String, app.RedirectURI),
				"scopes":       tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "api")}),
			}
			state := map[string]tftypes.Value{
				"id":             tftypes.NewValue(tftypes.String, strconv.FormatInt(app.ID, 10)),
				"application_id": tftypes.NewValue(tftypes.String, app.ApplicationID),
				"confidential":   tftypes.NewValue(tftypes.Bool, true),
			}
			if owner != "" {
				config["group"] = tftypes.NewValue(tftypes.String, owner)
			}
			for k, v := range config {
				state[k] = v
			}
			configValue, stateValue := objectOf(b, resourceSchema, config), objectOf(b, resourceSchema, state)
			if resp, _ := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: configValue}); len(resp.Diagnostics) > 0 {
				b.Fatalf("validate: %v", resp.Diagnostics[0])
			}
			read, _ := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: stateValue})
			if len(read.Diagnostics) > 0 {
				b.Fatalf("read: %v", read.Diagnostics[0])
			}
			plan, _ := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
				TypeName: typeName, Config: configValue, PriorState: read.NewState, ProposedNewState: read.NewState,
			})
			if len(plan.Diagnostics) > 0 {
				b.Fatalf("plan: %v", plan.Diagnostics[0])
			}
		}
	}
}
