package provider

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab/fakegitlabtest"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// refusal is what the provider tells a user whose token, server or connection GitLab refuses, as
// Configure and Create build it: the early check of the token (explainClientError), then the kind's
// create (applicationKind.explain). The errors are the client's own, from a fake GitLab.
func refusal(t *testing.T, kind *applicationKind, owner string, cfg gitlabclient.Config) string {
	t.Helper()
	cfg.RetryWaitMin, cfg.RetryWaitMax = time.Millisecond, 5*time.Millisecond
	client, err := gitlabclient.New(cfg)
	if err != nil {
		return err.Error()
	}
	t.Cleanup(client.Close)
	ctx := context.Background()
	if _, err := client.CurrentUser(ctx); err != nil {
		return explainClientError(err)
	}
	_, err = kind.calls.create(ctx, client, owner, gitlabclient.CreateOptions{
		Name: "app", RedirectURI: "https://app.example.com/cb", Scopes: []string{"openid", "ai_workflows"}, Confidential: true,
	})
	if err == nil {
		t.Fatal("GitLab accepted the application")
	}
	return kind.explain(err, "")
}

// TestErrorsNameTheCauseAndTheFix: every way GitLab, the network or a wrong base_url refuses the
// provider ends in a message that says why and what to do, with GitLab's own words kept. The
// acceptance tests show one of each class through the CLI.
func TestErrorsNameTheCauseAndTheFix(t *testing.T) {
	t.Parallel()
	fake := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	adminMode := fakegitlabtest.NewTestServer(t, fakegitlab.Options{AdminMode: true, Scopes: []string{"api", "openid"}})
	htmlSite := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<!DOCTYPE html><html><body>Welcome to our website</body></html>"))
	}))
	t.Cleanup(htmlSite.Close)
	plain, _ := fakegitlabtest.NewTLSTestServer(t, fakegitlab.Options{}, false)
	mutual, mutualFiles := fakegitlabtest.NewTLSTestServer(t, fakegitlab.Options{}, true)

	userID := fake.UserID(fakegitlab.UserToken)
	fake.AddToken(userID, "glpat-expired", fakegitlab.TokenOptions{Expired: true})
	fake.AddToken(userID, "glpat-revoked", fakegitlab.TokenOptions{Revoked: true})
	fake.AddToken(userID, "glpat-read-api", fakegitlab.TokenOptions{ReadOnly: true})
	adminMode.AddToken(adminMode.UserID(fakegitlab.AdminToken), "glpat-admin-no-admin-mode", fakegitlab.TokenOptions{})
	rateLimited := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	limited := fakegitlab.RateLimited(http.MethodPost, "/api/v4/user/applications", 0)
	limited.Times = -1
	rateLimited.InjectFault(limited)

	for _, tc := range []struct {
		name string
		kind *applicationKind
		cfg  gitlabclient.Config
		want string
	}{
		{"unknown token", instanceApplications, gitlabclient.Config{BaseURL: fake.URL(), Token: "glpat-unknown"},
			`GitLab refused the token \(401\): it is wrong, expired or revoked.*401 Unauthorized`},
		{"expired token", userApplications, gitlabclient.Config{BaseURL: fake.URL(), Token: "glpat-expired"},
			`refused the token \(401\).*invalid_token: Token is expired`},
		{"revoked token", userApplications, gitlabclient.Config{BaseURL: fake.URL(), Token: "glpat-revoked"},
			`refused the token \(401\).*Token was revoked`},
		{"not an administrator", instanceApplications, gitlabclient.Config{BaseURL: fake.URL(), Token: fakegitlab.UserToken},
			`\(403\): instance applications can only be managed with an administrator's token.*403 Forbidden`},
		{"admin mode without the admin_mode scope", instanceApplications, gitlabclient.Config{BaseURL: adminMode.URL(), Token: "glpat-admin-no-admin-mode"},
			"with admin mode on, one that also has the `admin_mode` scope"},
		{"read-only token", userApplications, gitlabclient.Config{BaseURL: fake.URL(), Token: "glpat-read-api"},
			"token lacks a scope.*with the `api` scope.*insufficient_scope"},
		{"a scope this GitLab does not have", userApplications, gitlabclient.Config{BaseURL: adminMode.URL(), Token: fakegitlab.UserToken},
			`GitLab refused these values:\s+- scopes doesn't match configured on the server`},
		{"rate limited through every retry", userApplications, gitlabclient.Config{BaseURL: rateLimited.URL(), Token: fakegitlab.UserToken, Retries: 2},
			`kept rate-limiting the requests \(429\).*Retry later`},
		{"base URL of a web site", userApplications, gitlabclient.Config{BaseURL: htmlSite.URL, Token: fakegitlab.UserToken},
			"not GitLab's JSON API. Check `base_url`.*does not look like a GitLab API"},
		{"a CA the system does not trust", userApplications, gitlabclient.Config{BaseURL: plain.URL(), Token: fakegitlab.UserToken},
			`certificate signed by unknown authority`},
		{"no client certificate where GitLab demands one", userApplications, gitlabclient.Config{BaseURL: mutual.URL(), Token: fakegitlab.UserToken, CACertFile: mutualFiles.CACert},
			`certificate required|bad certificate|connection reset`},
		{"an unreadable CA file", userApplications, gitlabclient.Config{BaseURL: plain.URL(), Token: fakegitlab.UserToken, CACertFile: "/nonexistent/ca.pem"},
			`cannot read cacert_file "/nonexistent/ca.pem"`},
		{"an unreadable client certificate", userApplications, gitlabclient.Config{BaseURL: mutual.URL(), Token: fakegitlab.UserToken, CACertFile: mutualFiles.CACert,
			ClientCert: "/nonexistent/cert.pem", ClientKey: "/nonexistent/key.pem"},
			`cannot read client_cert "/nonexistent/cert.pem"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := refusal(t, tc.kind, "", tc.cfg); !regexp.MustCompile(`(?s)` + tc.want).MatchString(got) {
				t.Errorf("the provider says\n%s\nwant it to match %s", got, tc.want)
			}
		})
	}
	// What GitLab refused is never created.
	for _, server := range []*fakegitlab.Server{fake, adminMode, rateLimited, plain, mutual} {
		for _, app := range server.Applications() {
			t.Errorf("application %d %q exists after a refused create", app.ID, app.Name)
		}
	}
}

// TestProviderSchemaRefusesNegativeRetries: `retries` is validated where it is declared.
func TestProviderSchemaRefusesNegativeRetries(t *testing.T) {
	var resp provider.SchemaResponse
	(&gitlabProvider{}).Schema(context.Background(), provider.SchemaRequest{}, &resp)
	attr, ok := resp.Schema.Attributes["retries"].(schema.Int64Attribute)
	if !ok {
		t.Fatalf("retries is a %T", resp.Schema.Attributes["retries"])
	}
	var errs []string
	for _, v := range attr.Validators {
		var out validator.Int64Response
		v.ValidateInt64(context.Background(), validator.Int64Request{Path: path.Root("retries"), ConfigValue: types.Int64Value(-1)}, &out)
		for _, d := range out.Diagnostics.Errors() {
			errs = append(errs, d.Detail())
		}
	}
	if len(errs) != 1 || !regexp.MustCompile(`value must be at least 0, got: -1`).MatchString(errs[0]) {
		t.Errorf("retries = -1: %q", errs)
	}
}

// TestKindErrorsNameTheCause: what a kind's own routes mean by a refusal is named, on a create and on
// a Read, and a Read's refusal is an error, never "deleted, create it again". The acceptance tests show
// one of each class through the CLI.
func TestKindErrorsNameTheCause(t *testing.T) {
	t.Parallel()
	fake := fakegitlabtest.NewTestServer(t, fakegitlab.Options{})
	old := fakegitlabtest.NewTestServer(t, fakegitlab.Options{NoUserApplications: true, NoGroupApplications: true})
	theirs := fake.SeedApplications(fake.UserID(fakegitlab.OtherUserToken), 1, "theirs")[0]
	theirID := strconv.FormatInt(theirs.ID, 10)
	for _, tc := range []struct {
		name         string
		kind         *applicationKind
		server       *fakegitlab.Server
		token, owner string
		id           int64 // the application a Read asks for
		want         string
	}{
		{"another user's application", userApplications, fake, fakegitlab.UserToken, "", theirs.ID,
			`application ` + theirID + ` \(403\): it belongs to another user`},
		{"GitLab older than 19.0", userApplications, old, fakegitlab.UserToken, "", 7, `needs GitLab 19\.0 or newer`},
		{"a Maintainer's token", groupApplications, fake, fakegitlab.OtherUserToken, fakegitlab.GroupPath, 7, `needs the Owner role`},
		{"a group that does not exist", groupApplications, fake, fakegitlab.UserToken, "acme/no-such-group", 7, `no such group \(404 Group Not Found\)`},
		{"a group the token's user cannot see", groupApplications, fake, fakegitlab.UserToken, fakegitlab.OtherGroupPath, 7, `no such group \(404 Group Not Found\)`},
		{"GitLab older than 19.6", groupApplications, old, fakegitlab.UserToken, fakegitlab.GroupPath, 7, `needs GitLab 19\.6 or newer`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			client, err := gitlabclient.New(gitlabclient.Config{BaseURL: tc.server.URL(), Token: tc.token})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(client.Close)
			ctx := context.Background()
			want := regexp.MustCompile(`(?s)` + tc.want)
			_, err = tc.kind.calls.read(ctx, client, tc.owner, tc.id)
			if err == nil || errors.Is(err, gitlabclient.ErrNotFound) {
				t.Fatalf("the Read got %v, want an error other than a deleted application", err)
			}
			if got := tc.kind.explain(err, strconv.FormatInt(tc.id, 10)); !want.MatchString(got) {
				t.Errorf("a Read: the provider says\n%s\nwant it to match %s", got, tc.want)
			}
			if tc.id == theirs.ID {
				return // a create makes an application of the token's own user
			}
			_, err = tc.kind.calls.create(ctx, client, tc.owner, gitlabclient.CreateOptions{
				Name: "app", RedirectURI: "https://app.example.com/cb", Scopes: []string{"openid"}, Confidential: true,
			})
			if got := tc.kind.explain(err, ""); err == nil || !want.MatchString(got) {
				t.Errorf("a create: the provider says\n%s\nwant it to match %s", got, tc.want)
			}
		})
	}
}
