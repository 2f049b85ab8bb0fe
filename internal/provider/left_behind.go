package provider

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// explainCreateError explains a failed create; when GitLab may hold an application that state does
// not (gitlabclient.LeftBehindError), it adds the way out for this kind: the exact import command of
// the application to keep, and that the others are to be deleted.
func (k *applicationKind) explainCreateError(err error, owner string) string {
	var left *gitlabclient.LeftBehindError
	if !errors.As(err, &left) {
		return k.explain(err, "")
	}
	secret := "renews its secret in place"
	if !k.renewsInPlace() {
		secret = "replaces it with a new application"
	}
	hint := fmt.Sprintf("An imported application has no secret in state: a change of `secret_rotation_triggers` then %s.", secret)
	switch {
	case len(left.IDs) == 0:
		hint = fmt.Sprintf("GitLab may hold an application named %q that state does not. Find its id (the data source "+
			"gitlab_%s_applications with name = %q lists it), then either import it:\n\n  terraform import 'gitlab%s.<name>' %s\n\n"+
			"or delete it in GitLab and apply again. %s", left.Name, k.name, left.Name, k.resourceTypeSuffix(), k.importID(owner, "<id>"), hint)
	case left.Ambiguous:
		hint = fmt.Sprintf("Keep one of them by importing it into this resource, for example:\n\n  terraform import 'gitlab%s.<name>' %s\n\n"+
			"and delete the others in GitLab (or delete them all and apply again). %s",
			k.resourceTypeSuffix(), k.importID(owner, strconv.FormatInt(left.IDs[0], 10)), hint)
	default:
		hint = fmt.Sprintf("Import it into this resource:\n\n  terraform import 'gitlab%s.<name>' %s\n\nor delete it in GitLab "+
			"and apply again. %s", k.resourceTypeSuffix(), k.importID(owner, strconv.FormatInt(left.IDs[0], 10)), hint)
	}
	return hint + "\n\n" + k.explain(err, "")
}

// importID is the import id of the application id in owner (kinds without one: the id alone).
func (k *applicationKind) importID(owner, id string) string {
	if k.owner == nil {
		return id
	}
	return owner + ":" + id
}
