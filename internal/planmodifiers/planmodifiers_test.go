package planmodifiers

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var testSchema = schema.Schema{Attributes: map[string]schema.Attribute{
	"secret":                   schema.StringAttribute{Computed: true, Sensitive: true},
	"secret_rotation_triggers": schema.MapAttribute{Optional: true, ElementType: types.StringType},
}}

// triggers builds a tftypes value: nil for null, unknownTriggers for unknown, else the map.
func triggers(m map[string]string) tftypes.Value {
	typ := tftypes.Map{ElementType: tftypes.String}
	if m == nil {
		return tftypes.NewValue(typ, nil)
	}
	if _, ok := m[unknownKey]; ok {
		return tftypes.NewValue(typ, tftypes.UnknownValue)
	}
	values := map[string]tftypes.Value{}
	for k, v := range m {
		values[k] = tftypes.NewValue(tftypes.String, v)
	}
	return tftypes.NewValue(typ, values)
}

const unknownKey = "\x00unknown"

var unknown = map[string]string{unknownKey: ""}

func object(secret tftypes.Value, trig tftypes.Value) tftypes.Value {
	typ := testSchema.Type().TerraformType(context.Background())
	return tftypes.NewValue(typ, map[string]tftypes.Value{"secret": secret, "secret_rotation_triggers": trig})
}

// changed is the rotation rule of these tests: any change from a non-null value, unknown included.
func changed(state, plan types.Map) bool {
	return !state.IsNull() && !plan.IsNull() && (plan.IsUnknown() || !plan.Equal(state))
}

var triggersPath = path.Root("secret_rotation_triggers")

func hasUnknown(v map[string]string) bool { _, ok := v[unknownKey]; return ok }

// mapValue is the framework value of triggers(v).
func mapValue(v map[string]string) types.Map {
	if v == nil {
		return types.MapNull(types.StringType)
	}
	if hasUnknown(v) {
		return types.MapUnknown(types.StringType)
	}
	out, _ := types.MapValueFrom(context.Background(), types.StringType, v)
	return out
}

func TestSecretRotation(t *testing.T) {
	ctx := context.Background()
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	nullString := tftypes.NewValue(tftypes.String, nil)
	unknownString := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	one, two := map[string]string{"r": "1"}, map[string]string{"r": "2"}
	for _, tc := range []struct {
		name          string
		state, plan   tftypes.Value // whole objects; null for create/destroy
		stateSecret   types.String
		wantPlanValue types.String
	}{
		{"create", tftypes.NewValue(testSchema.Type().TerraformType(ctx), nil), object(unknownString, triggers(one)),
			types.StringNull(), types.StringUnknown()},
		{"no change keeps the secret", object(str("s1"), triggers(one)), object(unknownString, triggers(one)),
			types.StringValue("s1"), types.StringValue("s1")},
		{"rotation", object(str("s1"), triggers(one)), object(unknownString, triggers(two)),
			types.StringValue("s1"), types.StringUnknown()},
		{"rotation to a value not yet known", object(str("s1"), triggers(one)), object(unknownString, triggers(unknown)),
			types.StringValue("s1"), types.StringUnknown()},
		{"triggers set after an import keep the null secret", object(nullString, triggers(nil)), object(unknownString, triggers(one)),
			types.StringNull(), types.StringNull()},
		{"triggers removed", object(str("s1"), triggers(one)), object(unknownString, triggers(nil)),
			types.StringValue("s1"), types.StringValue("s1")},
		{"destroy", object(str("s1"), triggers(one)), tftypes.NewValue(testSchema.Type().TerraformType(ctx), nil),
			types.StringValue("s1"), types.StringUnknown()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := planmodifier.StringRequest{
				Path:       path.Root("secret"),
				State:      tfsdk.State{Schema: testSchema, Raw: tc.state},
				Plan:       tfsdk.Plan{Schema: testSchema, Raw: tc.plan},
				StateValue: tc.stateSecret,
				PlanValue:  types.StringUnknown(),
			}
			resp := &planmodifier.StringResponse{PlanValue: req.PlanValue}
			SecretRotation(triggersPath, changed, StaleSecret{}).PlanModifyString(ctx, req, resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			if !resp.PlanValue.Equal(tc.wantPlanValue) {
				t.Errorf("planned secret %s, want %s", resp.PlanValue, tc.wantPlanValue)
			}
		})
	}
}

func TestRequiresReplaceOnRotation(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name        string
		state, plan map[string]string
		want        bool
	}{
		{"changed", map[string]string{"r": "1"}, map[string]string{"r": "2"}, true},
		{"not yet known", map[string]string{"r": "1"}, unknown, true},
		{"set for the first time", nil, map[string]string{"r": "1"}, false},
		{"removed", map[string]string{"r": "1"}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			obj := object(tftypes.NewValue(tftypes.String, "s"), triggers(tc.state))
			req := planmodifier.MapRequest{
				Path:       triggersPath,
				State:      tfsdk.State{Schema: testSchema, Raw: obj},
				Plan:       tfsdk.Plan{Schema: testSchema, Raw: object(tftypes.NewValue(tftypes.String, "s"), triggers(tc.plan))},
				StateValue: mapValue(tc.state),
				PlanValue:  mapValue(tc.plan),
			}
			resp := &planmodifier.MapResponse{PlanValue: req.PlanValue}
			RequiresReplaceOnRotation(changed).PlanModifyMap(ctx, req, resp)
			if resp.RequiresReplace != tc.want {
				t.Errorf("RequiresReplace = %v, want %v", resp.RequiresReplace, tc.want)
			}
		})
	}
}

func TestRequiresReplaceUnlessStateNull(t *testing.T) {
	ctx := context.Background()
	setSchema := schema.Schema{Attributes: map[string]schema.Attribute{"scopes": schema.SetAttribute{Required: true, ElementType: types.StringType}}}
	setOf := func(values ...string) (types.Set, tftypes.Value) {
		typ := tftypes.Set{ElementType: tftypes.String}
		if values == nil {
			return types.SetNull(types.StringType), tftypes.NewValue(typ, nil)
		}
		elems := make([]tftypes.Value, len(values))
		for i, v := range values {
			elems[i] = tftypes.NewValue(tftypes.String, v)
		}
		s, _ := types.SetValueFrom(ctx, types.StringType, values)
		return s, tftypes.NewValue(typ, elems)
	}
	objectOf := func(v tftypes.Value) tftypes.Value {
		return tftypes.NewValue(setSchema.Type().TerraformType(ctx), map[string]tftypes.Value{"scopes": v})
	}
	for _, tc := range []struct {
		name        string
		state, plan []string
		want        bool
	}{
		{"changed", []string{"api"}, []string{"api", "openid"}, true},
		{"adopted after an import without scopes", nil, []string{"api"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stateValue, stateRaw := setOf(tc.state...)
			planValue, planRaw := setOf(tc.plan...)
			req := planmodifier.SetRequest{
				Path:       path.Root("scopes"),
				State:      tfsdk.State{Schema: setSchema, Raw: objectOf(stateRaw)},
				Plan:       tfsdk.Plan{Schema: setSchema, Raw: objectOf(planRaw)},
				StateValue: stateValue,
				PlanValue:  planValue,
			}
			resp := &planmodifier.SetResponse{PlanValue: req.PlanValue}
			RequiresReplaceUnlessStateNull().PlanModifySet(ctx, req, resp)
			if resp.RequiresReplace != tc.want {
				t.Errorf("RequiresReplace = %v, want %v", resp.RequiresReplace, tc.want)
			}
		})
	}
}
