package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// applicationKind describes one of GitLab's OAuth application APIs: its calls, what it can change in
// place, how it rotates a secret, who owns its applications and what its errors mean. The resource,
// the data source and the list resource of each kind are built from its description alone, so the
// three kinds differ only where GitLab does. instance_application.go, user_application.go and
// group_application.go each hold one.
type applicationKind struct {
	// name appears in the type names: gitlab_<name>_application and gitlab_<name>_applications.
	name string
	// noun names one application in messages, such as "instance application".
	noun string
	// resourceDescription and dataSourceDescription open the generated docs.
	resourceDescription   string
	dataSourceDescription string
	// owner is the attribute that names the applications' owner, such as a group; nil when the
	// token decides (the instance, or the token's user).
	owner *ownerAttribute
	calls applicationCalls
	// forbidden explains a plain 403 on this kind's routes; id is empty for a list.
	forbidden func(id string) string
	// hints explain the errors only this kind's routes return, such as a GitLab too old for them.
	hints []errorHint
	// movedFrom turns other providers' resources into this kind in a `moved` block; nil for none.
	movedFrom func() []resource.StateMover
}

// ownerAttribute is an attribute that names whose applications a resource manages.
type ownerAttribute struct {
	// name is the attribute, such as "group": the only place that spells it (owner_mapping.go).
	name        string
	description string
	example     string // a value for messages, such as "acme/platform"
	// validator refuses, before any request, a value that cannot name an owner.
	validator validator.String
	// check asks GitLab at plan time whether the owner exists and the token may create applications
	// there (planOwnerAccess); nil for none.
	check func(ctx context.Context, c *gitlabclient.Client, owner string) error
}

// applicationCalls are a kind's calls to GitLab, one client method each. owner is the owner
// attribute's value, or empty.
type applicationCalls struct {
	list   func(ctx context.Context, c *gitlabclient.Client, owner string) ([]gitlabclient.Application, error)
	read   func(ctx context.Context, c *gitlabclient.Client, owner string, id int64) (*gitlabclient.Application, error)
	create func(ctx context.Context, c *gitlabclient.Client, owner string, opts gitlabclient.CreateOptions) (*gitlabclient.Application, error)
	// update changes name and scopes in place; nil where GitLab cannot, so that a change of either
	// replaces the application.
	update func(ctx context.Context, c *gitlabclient.Client, owner string, id int64, opts gitlabclient.UpdateOptions) (*gitlabclient.Application, error)
	// renew issues a new secret in place; nil where GitLab cannot, so that a rotation replaces the
	// application.
	renew  func(ctx context.Context, c *gitlabclient.Client, owner string, id int64) (*gitlabclient.Application, error)
	delete func(ctx context.Context, c *gitlabclient.Client, owner string, id int64) error
}

// errorHint explains one client error.
type errorHint struct {
	err  error
	hint string
}

func (k *applicationKind) resourceTypeSuffix() string { return "_" + k.name + "_application" }

func (k *applicationKind) dataSourceTypeSuffix() string { return "_" + k.name + "_applications" }

// updatesInPlace says whether name and scopes change without a new application.
func (k *applicationKind) updatesInPlace() bool { return k.calls.update != nil }

// renewsInPlace says whether a rotation keeps the application.
func (k *applicationKind) renewsInPlace() bool { return k.calls.renew != nil }

// explain turns a client error into a diagnostic's detail: what a 403 and this kind's own errors mean,
// then what every route's errors mean, and GitLab's own message.
func (k *applicationKind) explain(err error, id string) string {
	if isForbidden(err) {
		return k.forbidden(id) + "\n\nError: " + err.Error()
	}
	for _, h := range k.hints {
		if errors.Is(err, h.err) {
			return h.hint + "\n\nError: " + err.Error()
		}
	}
	return explainClientError(err)
}

// importIDFormat describes the import id, for messages and docs.
func (k *applicationKind) importIDFormat() string {
	if k.owner == nil {
		return "the application's numeric id, such as `42`"
	}
	return fmt.Sprintf("`<%s>:<application id>`, such as `%s:42`", k.owner.name, k.owner.example)
}

// parseImportID splits an import id into the owner (empty for kinds without one) and the numeric id.
// Nothing is sent to GitLab before it is valid.
func (k *applicationKind) parseImportID(raw string) (owner string, id int64, err error) {
	if k.owner == nil {
		id, err = parseApplicationID(raw)
		return "", id, err
	}
	owner, idPart, found := strings.Cut(raw, ":")
	if !found || owner == "" || strings.Contains(idPart, ":") {
		return "", 0, fmt.Errorf("%q is not a %s import id: use %s (the %s as an id or a full path, then GitLab's numeric id of the application)",
			raw, k.noun, k.importIDFormat(), k.owner.name)
	}
	id, err = parseApplicationID(idPart)
	return owner, id, err
}
