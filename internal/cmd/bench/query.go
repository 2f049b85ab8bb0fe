package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// queryResult is one `terraform query` over n applications of one kind.
type queryResult struct {
	ResourceType     string  `json:"resource_type"`
	Applications     int     `json:"applications"`
	Results          int     `json:"results"`
	Seconds          float64 `json:"seconds"`
	ListRequests     int     `json:"list_requests"`
	WantListRequests int     `json:"want_list_requests"`
}

// queryKind is what a query of one kind needs: its list block's config and whose token lists it.
type queryKind struct {
	resourceType string
	token        string
	config       string // HCL inside the list block's config block
	seed         string // the fake's seed query for n applications of the kind ("": the start seeds them)
	paginated    bool   // pages of 100; else one answer
}

// queries times `terraform query` over n applications of each kind, as -generate-config-out would
// run it (include_resource), and counts its list requests: one for instance applications (GitLab
// answers with all of them), one per 100 for the paginated kinds.
func (b *bench) queries(ctx context.Context, n int, r *report) error {
	cli, why := queryTerraform(ctx)
	if cli == "" {
		fmt.Printf("\nSkipping terraform query over %d applications: %s\n", n, why)
		return nil
	}
	fake, err := b.startFake(ctx, n)
	if err != nil {
		return err
	}
	defer fake.stop()
	kinds := []queryKind{
		{resourceType: "gitlab_instance_application", token: adminToken},
		{resourceType: "gitlab_user_application", token: fakegitlab.UserToken, paginated: true,
			seed: "owner=" + fakegitlab.UserUsername},
		{resourceType: "gitlab_group_application", token: fakegitlab.UserToken, paginated: true,
			seed: "group=" + url.QueryEscape(fakegitlab.GroupPath), config: fmt.Sprintf("    group = %q\n", fakegitlab.GroupPath)},
	}
	fmt.Printf("\nterraform query over %d applications of each kind (%s)\n", n, cli)
	for _, k := range kinds {
		if k.seed != "" {
			if err := fake.call(ctx, "POST", fmt.Sprintf("/-/fake/seed?count=%d&prefix=seeded&%s", n, k.seed), "", nil); err != nil {
				return err
			}
		}
		dir, err := b.workdir("query-"+k.resourceType, providerBlockWithToken(fake.url, k.token))
		if err != nil {
			return err
		}
		query := fmt.Sprintf("list %q \"all\" {\n  provider         = gitlab\n  include_resource = true\n  limit            = %d\n  config {\n%s  }\n}\n",
			k.resourceType, n, k.config)
		if err := os.WriteFile(filepath.Join(dir, "all.tfquery.hcl"), []byte(query), 0o600); err != nil {
			return err
		}
		if err := fake.resetStats(ctx); err != nil {
			return err
		}
		out, err := b.terraformWith(ctx, cli, dir, nil, "query", "-json", "-no-color")
		if err != nil {
			return err
		}
		if err := out.mustSucceed("terraform query of " + k.resourceType); err != nil {
			return err
		}
		stats, err := fake.stats(ctx)
		if err != nil {
			return err
		}
		q := queryResult{ResourceType: k.resourceType, Applications: n, Seconds: out.elapsed.Seconds(),
			Results: strings.Count(out.text, `"type":"list_resource_found"`), ListRequests: listRequests(stats), WantListRequests: 1}
		if k.paginated {
			q.WantListRequests = (n + 99) / 100
		}
		if q.Results != n {
			return fmt.Errorf("terraform query of %s found %d applications, want %d:\n%s", k.resourceType, q.Results, n, tail(out.text))
		}
		fmt.Printf("  %s: %d results in %.3fs, %d list requests (want %d)\n", q.ResourceType, q.Results, q.Seconds, q.ListRequests, q.WantListRequests)
		r.Queries = append(r.Queries, q)
	}
	return nil
}

// listRequests counts the GETs of every application list in the fake's stats.
func listRequests(stats map[string]int) int {
	n := 0
	for route, count := range stats {
		if strings.HasPrefix(route, "GET ") && strings.HasSuffix(route, "/applications") {
			n += count
		}
	}
	return n
}

func providerBlockWithToken(url, token string) string {
	return strings.Replace(providerBlock(url), fmt.Sprintf("%q", adminToken), fmt.Sprintf("%q", token), 1)
}

var queryVersion = regexp.MustCompile(`"terraform_version": *"1\.(1[4-9]|[2-9][0-9])\.`)

// queryTerraform finds a Terraform with `terraform query` (1.14+): QUERY_TERRAFORM, the terraform on
// PATH, or an unpacked toolchain. It returns "" and why when there is none.
func queryTerraform(ctx context.Context) (string, string) {
	candidates := []string{os.Getenv("QUERY_TERRAFORM")}
	if path, err := exec.LookPath("terraform"); err == nil {
		candidates = append(candidates, path)
	}
	if home, err := os.UserHomeDir(); err == nil {
		toolchains, _ := filepath.Glob(filepath.Join(home, ".cache", "cli-toolchains", "terraform-1.*"))
		candidates = append(candidates, toolchains...)
	}
	for _, path := range candidates {
		if path == "" {
			continue
		}
		out, err := exec.CommandContext(ctx, path, "version", "-json").Output()
		if err == nil && queryVersion.Match(out) {
			return path, ""
		}
	}
	return "", "it needs Terraform 1.14 or newer: set QUERY_TERRAFORM to one"
}
