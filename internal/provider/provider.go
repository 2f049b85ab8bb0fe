// Package provider implements the Terraform provider for GitLab OAuth applications.
package provider

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

var _ provider.Provider = &gitlabProvider{}

// defaultRetries is how often a 429 or an idempotent request's 5xx is retried when `retries` is unset.
const defaultRetries = 5

type gitlabProvider struct {
	version string
	// tuneClient lets tests adjust the client configuration (shorter backoff, for instance)
	// without adding knobs to the provider schema.
	tuneClient func(*gitlabclient.Config)
	// client is the last configured client. Every Terraform command configures the provider anew
	// (with a fresh snapshot of the instance list); a process that serves several commands closes
	// the previous client's connections.
	client *gitlabclient.Client
}

type providerModel struct {
	BaseURL            types.String `tfsdk:"base_url"`
	Token              types.String `tfsdk:"token"`
	CACertFile         types.String `tfsdk:"cacert_file"`
	Insecure           types.Bool   `tfsdk:"insecure"`
	ClientCert         types.String `tfsdk:"client_cert"`
	ClientKey          types.String `tfsdk:"client_key"`
	Headers            types.Map    `tfsdk:"headers"`
	Retries            types.Int64  `tfsdk:"retries"`
	EarlyAuthCheck     types.Bool   `tfsdk:"early_auth_check"`
	CheckSecrets       types.Bool   `tfsdk:"check_secrets"`
	CheckSecretsStrict types.Bool   `tfsdk:"check_secrets_strict"`
	LostCreateWait     types.String `tfsdk:"lost_create_wait"`
}

// New returns the provider factory that main.go serves.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &gitlabProvider{version: version}
	}
}

// NewTuned is New with the client's configuration adjusted by tune once the provider's is read: for
// programs that run the real CLI against a fake GitLab (the fault campaign), where backoff and waits
// are shortened to milliseconds.
func NewTuned(version string, tune func(*gitlabclient.Config)) func() provider.Provider {
	return func() provider.Provider {
		return &gitlabProvider{version: version, tuneClient: tune}
	}
}

func (p *gitlabProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "gitlab"
	resp.Version = p.version
}

func (p *gitlabProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages GitLab OAuth applications of the three kinds GitLab has: a group's (GitLab 19.6 or newer and " +
			"GitLab.com, for the group's Owners), the token's user's (GitLab 19.0 or newer, not GitLab.com) and the instance's " +
			"(administrators of a self-managed instance).",
		Attributes: map[string]schema.Attribute{
			"base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "GitLab's address, such as `https://gitlab.example.com` or `https://gitlab.example.com/api/v4/`; " +
					"both forms work. Defaults to the `GITLAB_BASE_URL` environment variable, then `" + gitlabclient.DefaultBaseURL + "`. " +
					"An `http://` address of a host other than this machine works, with a warning: the token travels in cleartext.",
			},
			"token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "A personal, group, project or OAuth access token with the `api` scope, sent as " +
					"`Authorization: Bearer`, which GitLab reads for all of them. Instance applications need an " +
					"administrator's token (with admin mode on, one that also has the `admin_mode` scope). " +
					"Defaults to the `GITLAB_TOKEN` environment variable.",
			},
			"cacert_file": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Path to a PEM file of CA certificates to trust in addition to the system's, for self-managed GitLab behind a private CA.",
			},
			"insecure": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Skip verification of GitLab's TLS certificate (and so make `cacert_file` moot). Only for testing: anyone on the network path can read the token. The provider warns when it is set.",
			},
			"client_cert": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Path to a PEM client certificate, for a GitLab that demands mutual TLS. Requires `client_key`.",
				Validators:          []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("client_key"))},
			},
			"client_key": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Path to the PEM private key of `client_cert`.",
				Validators:          []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("client_cert"))},
			},
			"headers": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				Sensitive:           true,
				MarkdownDescription: "Extra HTTP headers sent with every request, for proxies in front of GitLab. Their values are credentials: sensitive, and masked in logs and error messages.",
			},
			"retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How often a rate-limited (429) request, or a failed idempotent request (5xx, lost connection), is " +
					"retried with backoff. A create is never resent after it may have reached GitLab. Defaults to 5.",
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
			"early_auth_check": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Check the token once when the provider starts (`GET /user`), so a wrong token fails before any plan. " +
					"Defaults to the `GITLAB_EARLY_AUTH_CHECK` environment variable, then `true`.",
			},
			"check_secrets": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "On every refresh, ask GitLab's token endpoint whether each secret in state still works, so that a " +
					"secret renewed outside Terraform (GitLab's \"Renew secret\" button, another tool) shows as drift and the plan issues " +
					"a new one: renewed in place for instance applications, a **replaced** application for user and group ones (public " +
					"ones are only reported). A secret is taken for stale only when GitLab's own refusal comes twice; anything else " +
					"(a 503, a rate limit, a proxy's page) is a warning and changes nothing. Nothing is issued; applications without a " +
					"secret in state (after an import) are not checked. Once the token endpoint stays rate limited after the retries, " +
					"the command checks no more secrets and says how many it did not check. Off by default because it costs one " +
					"request per application per refresh (at most four at a time); switch it on where drift is looked for and where " +
					"it is fixed, such as a scheduled `plan -detailed-exitcode` drift job and the apply job after it. " +
					"Defaults to the `GITLAB_CHECK_SECRETS` environment variable, then `false`.",
			},
			"check_secrets_strict": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "With `check_secrets`, make a check that cannot tell whether a secret works (no clear answer " +
					"from GitLab's token endpoint, or not made because it stayed rate limited) an error instead of a warning, so that " +
					"`plan -detailed-exitcode` exits 1 rather than 0: a drift job that could check nothing fails instead of passing. " +
					"Meant for drift jobs and the apply jobs that fix what they find. " +
					"Defaults to the `GITLAB_CHECK_SECRETS_STRICT` environment variable, then `false`.",
			},
			"lost_create_wait": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long after a create whose answer was lost (a cut connection, a proxy's 502, 503 or 504 page) " +
					"the provider keeps looking for the application GitLab may still be making, before it creates it again: a duration " +
					"such as `90s` or `2m`, `0s` for not at all. GitLab stops a request after 60 s (Puma's worker timeout), so the " +
					"default, 90 s after the create was sent, covers a proxy that gave up earlier; raise it if your GitLab's request " +
					"timeout is longer. Only a create whose answer was lost ever waits. An application that still arrives after the " +
					"create was sent again is reported by id in a warning. " +
					"Defaults to the `GITLAB_LOST_CREATE_WAIT` environment variable, then `90s`.",
			},
		},
	}
}

func (p *gitlabProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	rejectUnknownConfig(config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	cfg := gitlabclient.Config{
		BaseURL:    stringOr(config.BaseURL, os.Getenv("GITLAB_BASE_URL"), gitlabclient.DefaultBaseURL),
		Token:      stringOr(config.Token, os.Getenv("GITLAB_TOKEN"), ""),
		CACertFile: config.CACertFile.ValueString(),
		Insecure:   config.Insecure.ValueBool(),
		ClientCert: config.ClientCert.ValueString(),
		ClientKey:  config.ClientKey.ValueString(),
		Retries:    defaultRetries,
		UserAgent:  "terraform-provider-gitlab-oauth/" + p.version,
	}
	if !config.Retries.IsNull() {
		cfg.Retries = int(config.Retries.ValueInt64())
	}
	if !config.Headers.IsNull() {
		resp.Diagnostics.Append(config.Headers.ElementsAs(ctx, &cfg.Headers, false)...)
	}
	if cfg.Token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("token"), "Missing GitLab token",
			"Set `token` in the provider configuration or the GITLAB_TOKEN environment variable to an access token with the `api` scope.")
	}
	earlyAuthCheck, err := earlyAuthCheckEnabled(config.EarlyAuthCheck)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("early_auth_check"), "Invalid GITLAB_EARLY_AUTH_CHECK", err.Error())
	}
	cfg.CheckSecrets, err = boolOption(config.CheckSecrets, "GITLAB_CHECK_SECRETS", false)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("check_secrets"), "Invalid GITLAB_CHECK_SECRETS", err.Error())
	}
	cfg.CheckSecretsStrict, err = boolOption(config.CheckSecretsStrict, "GITLAB_CHECK_SECRETS_STRICT", false)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("check_secrets_strict"), "Invalid GITLAB_CHECK_SECRETS_STRICT", err.Error())
	}
	if wait := stringOr(config.LostCreateWait, os.Getenv("GITLAB_LOST_CREATE_WAIT"), ""); wait != "" {
		cfg.LostCreateWait, err = lostCreateWait(wait)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("lost_create_wait"), "Invalid lost_create_wait", err.Error())
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if p.tuneClient != nil {
		p.tuneClient(&cfg)
	}

	client, err := gitlabclient.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the GitLab client", err.Error())
		return
	}
	if cfg.CheckSecretsStrict && !cfg.CheckSecrets {
		resp.Diagnostics.AddAttributeWarning(path.Root("check_secrets_strict"), "check_secrets_strict without check_secrets",
			"check_secrets_strict only changes what a secret check that cannot tell reports, and check_secrets is off: no secret is checked.")
	}
	for _, w := range gitlabclient.TransportWarnings(cfg) {
		resp.Diagnostics.AddAttributeWarning(path.Root(w.Attribute), w.Summary, w.Detail)
	}
	if earlyAuthCheck {
		if _, err := client.CurrentUser(ctx); err != nil {
			resp.Diagnostics.AddError("Cannot authenticate to GitLab", explainClientError(err))
			return
		}
	}
	if p.client != nil {
		p.client.Close()
	}
	p.client = client
	resp.ResourceData = client
	resp.DataSourceData = client
	resp.ListResourceData = client
}

// applicationKinds are GitLab's OAuth application APIs; each gives the provider a resource, a data
// source and a list resource.
var applicationKinds = []*applicationKind{instanceApplications, userApplications, groupApplications}

// buildForEachKind builds one of something for every application kind.
func buildForEachKind[T any](build func(*applicationKind) T) []T {
	built := make([]T, len(applicationKinds))
	for i, kind := range applicationKinds {
		built[i] = build(kind)
	}
	return built
}

func (p *gitlabProvider) Resources(_ context.Context) []func() resource.Resource {
	return buildForEachKind(newApplicationResource)
}

func (p *gitlabProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return buildForEachKind(newApplicationsDataSource)
}

// rejectUnknownConfig fails configuration when a value is not known yet (it comes from a resource
// that has not been created): the provider cannot talk to GitLab without it. Attributes are reported
// in name order, so the same configuration always fails the same way.
func rejectUnknownConfig(config providerModel, diags *diag.Diagnostics) {
	values := map[string]interface{ IsUnknown() bool }{
		"base_url": config.BaseURL, "token": config.Token, "cacert_file": config.CACertFile,
		"insecure": config.Insecure, "client_cert": config.ClientCert, "client_key": config.ClientKey,
		"headers": config.Headers, "retries": config.Retries, "early_auth_check": config.EarlyAuthCheck,
		"check_secrets": config.CheckSecrets, "check_secrets_strict": config.CheckSecretsStrict,
		"lost_create_wait": config.LostCreateWait,
	}
	for _, name := range slices.Sorted(maps.Keys(values)) {
		if values[name].IsUnknown() {
			diags.AddAttributeError(path.Root(name), "Provider configuration not known at plan time",
				"`"+name+"` depends on a value that is only known after apply. The provider needs it to reach GitLab: "+
					"set it to a known value, or apply the resources it depends on first with -target.")
		}
	}
}

// lostCreateWait reads lost_create_wait (or GITLAB_LOST_CREATE_WAIT): a duration of at least zero;
// zero is no wait at all, which the client spells negative (its zero is the default).
func lostCreateWait(raw string) (time.Duration, error) {
	wait, err := time.ParseDuration(strings.TrimSpace(raw))
	switch {
	case err != nil:
		return 0, fmt.Errorf("%q is not a duration: use a number with a unit, such as `90s` or `2m`", raw)
	case wait < 0:
		return 0, fmt.Errorf("%q is negative: use `0s` for no wait", raw)
	case wait == 0:
		return -1, nil
	}
	return wait, nil
}

// stringOr returns the configured value, else the environment's, else the fallback.
func stringOr(configured types.String, fromEnv, fallback string) string {
	if !configured.IsNull() {
		return configured.ValueString()
	}
	if fromEnv != "" {
		return fromEnv
	}
	return fallback
}

func earlyAuthCheckEnabled(configured types.Bool) (bool, error) {
	return boolOption(configured, "GITLAB_EARLY_AUTH_CHECK", true)
}

// boolOption returns the configured value, else the environment variable's (strconv.ParseBool), else
// the fallback.
func boolOption(configured types.Bool, envName string, fallback bool) (bool, error) {
	if !configured.IsNull() {
		return configured.ValueBool(), nil
	}
	env := os.Getenv(envName)
	if env == "" {
		return fallback, nil
	}
	return strconv.ParseBool(env)
}
