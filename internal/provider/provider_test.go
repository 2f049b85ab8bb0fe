package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// protoV6ProviderFactories serve the provider in the test process to the real terraform CLI. Backoff is
// shortened so that retry tests take milliseconds, not seconds, and so is every other wait of the
// client (hurriedClock) but the wait for a lost create, long enough for a create that lands a few
// hundred milliseconds after a proxy's 504.
func protoV6ProviderFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"gitlab": providerserver.NewProtocol6WithError(&gitlabProvider{
			version: "test",
			tuneClient: func(cfg *gitlabclient.Config) {
				cfg.RetryWaitMin = 10 * time.Millisecond
				cfg.RetryWaitMax = 50 * time.Millisecond
				cfg.Clock = hurriedClock{}
				cfg.LostCreateWait = time.Second
			},
		}),
	}
}

// hurriedClock waits at most hurriedWait of what the client asks: the pause before a stale verdict's
// confirmation and a rate limit's Retry-After cost the tests no real seconds.
type hurriedClock struct{}

const hurriedWait = 20 * time.Millisecond

func (hurriedClock) Sleep(ctx context.Context, d time.Duration) error {
	return gitlabclient.RealClock{}.Sleep(ctx, min(d, hurriedWait))
}
