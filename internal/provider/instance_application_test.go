package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/acctest"
)

func TestAccInstanceApplication_tokenErrorsNameTheCause(t *testing.T) {
	env := acctest.New(t)
	config := func(token string) string {
		return env.ProviderConfig(token) + applicationBlock("gitlab_instance_application", acctest.Name("token"), "https://app.example.com/cb", `["api"]`, "")
	}
	acctest.Run(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories(),
		CheckDestroy:             env.CheckDestroy(),
		Steps: []resource.TestStep{
			{Config: config("glpat-this-token-does-not-exist"), ExpectError: regexp.MustCompile(`refused\s+the\s+token\s+\(401\)`)},
			{Config: config(env.Token("gitlab_user_application")), ExpectError: regexp.MustCompile(`administrator's\s+token`)},
		},
	})
}
