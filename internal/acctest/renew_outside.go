package acctest

import (
	"context"
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// SecretRenewer returns a function that renews an application's secret behind Terraform's back, as
// GitLab's "Renew secret" button does: the fake's own renewal for every kind, and on a real GitLab the
// instance API's renew-secret. A real GitLab renews the secret of a user or group application only in
// its UI: for those the function is nil, and why says so.
func (e *Env) SecretRenewer(t *testing.T, resourceType string) (renew func(id int64), why string) {
	t.Helper()
	if e.Fake != nil {
		return func(id int64) {
			if !e.Fake.RenewSecretOutside(id) {
				t.Fatalf("renewing the secret of application %d behind Terraform's back: no such application", id)
			}
		}, ""
	}
	if resourceType != "gitlab_instance_application" {
		return nil, "needs the fake GitLab: a real GitLab renews the secret of a " + resourceType + " only in its UI, which a test cannot press"
	}
	return func(id int64) {
		if _, err := e.Client(e.AdminToken).RenewInstanceApplicationSecret(context.Background(), id); err != nil {
			t.Fatalf("renewing the secret of application %d behind Terraform's back: %v", id, err)
		}
	}, ""
}

// secretWorksAtTokenEndpoint asks a real GitLab's token endpoint whether a client id and secret work.
func (e *Env) secretWorksAtTokenEndpoint(clientID, secret string) (gitlabclient.SecretVerdict, error) {
	return e.Client(e.AdminToken).CheckSecret(context.Background(), clientID, secret)
}
