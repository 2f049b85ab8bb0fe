package acctest

import (
	"context"
	"fmt"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// SkipBelow skips a test on a CLI older than minimum and says which feature needs the newer one, so that
// a compatibility run lists each skip with its reason. OpenTofu's versions compare the same way: every
// feature tested here came with the same version number in both CLIs, or earlier in OpenTofu.
func SkipBelow(minimum *version.Version, feature string) tfversion.TerraformVersionCheck {
	return skipBelow{minimum: minimum, feature: feature}
}

type skipBelow struct {
	minimum *version.Version
	feature string
}

func (s skipBelow) CheckTerraformVersion(ctx context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	tfversion.SkipBelow(s.minimum).CheckTerraformVersion(ctx, req, resp)
	if resp.Skip != "" {
		resp.Skip = fmt.Sprintf("%s needs Terraform %s or newer, this CLI is %s", s.feature, s.minimum, req.TerraformVersion)
	}
}
