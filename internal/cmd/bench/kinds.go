package main

import (
	"fmt"
	"net/url"
	"strings"
)

// benchKind is one application resource type whose plans are timed.
type benchKind struct {
	resourceType string
	// floorType is the do-nothing provider's resource of the same shape (attributes, identity).
	floorType string
	// seedOwner is the owner parameter of the fake's seed route.
	seedOwner string
	// listPath is the kind's list route under /api/v4/; paged lists are read 100 to a page.
	listPath string
	paged    bool
	// owner is the HCL of the owner attribute in each resource ("" for none), importPrefix what
	// comes before the application id in its import id.
	owner, importPrefix string
	// goalRatio is the plan time allowed, as a multiple of the do-nothing floor.
	goalRatio float64
}

// benchGroup is the group whose applications the group scenario manages: one the fake always has.
const benchGroup = "acme/platform"

var benchKinds = map[string]*benchKind{
	"instance": {
		resourceType: "gitlab_instance_application",
		floorType:    "noop_item",
		seedOwner:    "owner=instance",
		listPath:     "applications",
		goalRatio:    1.15,
	},
	"group": {
		resourceType: "gitlab_group_application",
		floorType:    "noop_group_item",
		seedOwner:    "group=" + url.QueryEscape(benchGroup),
		listPath:     "groups/" + url.PathEscape(benchGroup) + "/applications",
		paged:        true,
		owner:        fmt.Sprintf("  group        = %q\n", benchGroup),
		importPrefix: benchGroup + ":",
		goalRatio:    1.10,
	},
}

// listRoute is the list route as the fake's statistics name it.
func (k *benchKind) listRoute() string { return "GET /api/v4/" + k.listPath }

// goalLists is how many list requests one plan over n applications may send: one for the instance
// list (one unpaginated answer), one per page of 100 for a paged list.
func (k *benchKind) goalLists(n int) int {
	if !k.paged {
		return 1
	}
	return (n + 99) / 100
}

func parseKinds(list string) ([]*benchKind, error) {
	var kinds []*benchKind
	for _, name := range strings.Split(list, ",") {
		k, ok := benchKinds[strings.TrimSpace(name)]
		if !ok {
			return nil, fmt.Errorf("-kinds: %q is not instance or group", name)
		}
		kinds = append(kinds, k)
	}
	return kinds, nil
}
