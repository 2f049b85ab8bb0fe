package provider

import (
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A configuration with several unknown values fails the same way every time: one error per
// attribute, in name order.
func TestRejectUnknownConfigReportsInNameOrder(t *testing.T) {
	t.Parallel()
	config := providerModel{
		BaseURL: types.StringUnknown(), Token: types.StringUnknown(), CACertFile: types.StringValue("/etc/ca.pem"),
		Insecure: types.BoolNull(), ClientCert: types.StringUnknown(), ClientKey: types.StringUnknown(),
		Headers: types.MapUnknown(types.StringType), Retries: types.Int64Unknown(), EarlyAuthCheck: types.BoolUnknown(),
	}
	want := []string{"base_url", "client_cert", "client_key", "early_auth_check", "headers", "retries", "token"}
	for range 20 { // map order changes from run to run; the report must not
		var diags diag.Diagnostics
		rejectUnknownConfig(config, &diags)
		var got []string
		for _, d := range diags {
			withPath, ok := d.(diag.DiagnosticWithPath)
			if !ok || d.Severity() != diag.SeverityError {
				t.Fatalf("not an attribute error: %v", d)
			}
			got = append(got, withPath.Path().String())
		}
		if !slices.Equal(got, want) {
			t.Fatalf("reported %v, want %v", got, want)
		}
	}
}
