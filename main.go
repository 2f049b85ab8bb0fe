// Command terraform-provider-gitlab serves the provider for GitLab OAuth applications.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/provider"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/sdklogs"
)

// version is set by the release build (goreleaser's ldflags).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider in debug mode, for debuggers such as delve")
	flag.Parse()
	if !debug { // in a debug session the developer reads the provider's output directly
		sdklogs.DropUnread()
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/gitlab-oauth/gitlab",
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}
