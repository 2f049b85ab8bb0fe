package gitlabclient

import "context"

// CheckGroupApplicationsAccess asks GitLab whether the token may manage the group's applications,
// before anything is created: GitLab lists a group's applications (GET, so a read_api token may
// ask) only to those who may create them, an Owner of the group or an administrator, and answers
// ErrGroupNotFound, a 403 or ErrGroupApplicationsUnsupported exactly as a create would.
//
// It costs one list per group per client (one client per Terraform command) at most: the list is the
// one a create loads its known ids from (knownIDs), taken from the Reads' snapshot when a refresh
// already read the group. A refusal is not remembered, so each application of a refused group asks
// again; the plan fails anyway.
func (c *Client) CheckGroupApplicationsAccess(ctx context.Context, group string) error {
	return c.known.load(ctx, groupKind(group), c.groups.of(group), c.groupLister(group))
}
