package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestRotationPlanned(t *testing.T) {
	one := types.MapValueMust(types.StringType, map[string]attr.Value{"r": types.StringValue("1")})
	two := types.MapValueMust(types.StringType, map[string]attr.Value{"r": types.StringValue("2")})
	oneAndMore := types.MapValueMust(types.StringType, map[string]attr.Value{"r": types.StringValue("1"), "s": types.StringValue("1")})
	null, unknown := types.MapNull(types.StringType), types.MapUnknown(types.StringType)
	for _, tc := range []struct {
		name        string
		state, plan types.Map
		want        bool
	}{
		{"unchanged", one, one, false},
		{"changed", one, two, true},
		{"key added", one, oneAndMore, true},
		{"not yet known", one, unknown, true},
		{"set for the first time", null, one, false},
		{"set for the first time, not yet known", null, unknown, false},
		{"removed", one, null, false},
		{"never set", null, null, false},
	} {
		if got := rotationPlanned(tc.state, tc.plan); got != tc.want {
			t.Errorf("%s: rotationPlanned = %v, want %v", tc.name, got, tc.want)
		}
	}
}
