package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// protoV6ProviderFactories serve the provider in the test process to the real terraform CLI. Backoff is
// shortened so that retry tests take milliseconds, not seconds, and so is the wait for a lost create.
func protoV6ProviderFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"gitlab": providerserver.NewProtocol6WithError(&gitlabProvider{
			version: "test",
			tuneClient: func(cfg *gitlabclient.Config) {
				cfg.RetryWaitMin = 10 * time.Millisecond
				cfg.RetryWaitMax = 50 * time.Millisecond
				// Long enough for a create that lands a few hundred milliseconds after a proxy's 504.
				cfg.LostCreateWait = time.Second
			},
		}),
	}
}
