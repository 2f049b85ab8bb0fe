package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestBoolOption: the configuration wins, then the environment variable, then the default; a value
// strconv.ParseBool does not take is an error, never a silent default.
func TestBoolOption(t *testing.T) {
	for _, tc := range []struct {
		name       string
		configured types.Bool
		env        string
		fallback   bool
		want       bool
		wantErr    bool
	}{
		{"default", types.BoolNull(), "", false, false, false},
		{"environment", types.BoolNull(), "true", false, true, false},
		{"configuration over environment", types.BoolValue(false), "true", true, false, false},
		{"not a boolean", types.BoolNull(), "yes please", false, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GITLAB_CHECK_SECRETS", tc.env)
			got, err := boolOption(tc.configured, "GITLAB_CHECK_SECRETS", tc.fallback)
			if got != tc.want || (err != nil) != tc.wantErr {
				t.Errorf("boolOption() = %v, %v; want %v, error %v", got, err, tc.want, tc.wantErr)
			}
		})
	}
}
