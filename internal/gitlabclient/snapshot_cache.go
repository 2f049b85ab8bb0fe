package gitlabclient

import (
	"context"
	"strconv"
	"strings"
	"sync"
)

// snapshotCache is one snapshot of a list of applications shared by every Read of one provider process:
// GET /applications (GitLab has no GET for one instance application, so without it a plan over N
// applications would download the whole list N times) or the pages of GET /user/applications or of
// one group's GET /groups/:id/applications (N/100 requests instead of N). The snapshot is fetched once
// even when Terraform reads many resources at the same time (a Read that is cancelled meanwhile does
// not stop the list for the others), and dropped by every write of this client to that kind of
// application, so no Read returns data older than the provider's own last write. The provider builds a new client for every Terraform
// command, so one plan never sees another's snapshot.
type snapshotCache struct {
	mu         sync.Mutex
	generation uint64 // bumped by every write
	apps       map[int64]Application
	flights    sharedCalls[map[int64]Application]
}

// snapshot returns the current snapshot, listing once for all callers when there is none.
func (c *snapshotCache) snapshot(ctx context.Context, list func(context.Context) ([]Application, error)) (map[int64]Application, error) {
	c.mu.Lock()
	if c.apps != nil {
		apps := c.apps
		c.mu.Unlock()
		return apps, nil
	}
	generation := c.generation
	c.mu.Unlock()

	// Callers that arrive after a write use a new key, so they never join a list started before it.
	return c.flights.do(ctx, strconv.FormatUint(generation, 10), func(ctx context.Context) (map[int64]Application, error) {
		apps, err := list(ctx)
		if err != nil {
			return nil, err
		}
		byID := make(map[int64]Application, len(apps))
		for _, app := range apps {
			byID[app.ID] = app
		}
		c.mu.Lock()
		if c.generation == generation {
			c.apps = byID
		}
		c.mu.Unlock()
		return byID, nil
	})
}

// invalidate drops the snapshot after a write.
func (c *snapshotCache) invalidate() {
	c.mu.Lock()
	c.generation++
	c.apps = nil
	c.mu.Unlock()
}

// current returns the snapshot if there is one, without listing.
func (c *snapshotCache) current() map[int64]Application {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.apps
}

// groupSnapshots holds one snapshot per group, made on first use: a plan over applications of several
// groups lists each group once. A write to a group drops every group's snapshot: the client cannot tell
// that a group id and a full path name the same group, and a Read after a write must not see the
// state before it. (Plans do not write, so they keep their one list per group.)
type groupSnapshots struct {
	mu      sync.Mutex
	byGroup map[string]*snapshotCache
}

// of returns the group's snapshot; group is an id or a full path, as the caller wrote it.
func (g *groupSnapshots) of(group string) *snapshotCache {
	key := groupKey(group)
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.byGroup == nil {
		g.byGroup = map[string]*snapshotCache{}
	}
	cache, ok := g.byGroup[key]
	if !ok {
		cache = &snapshotCache{}
		g.byGroup[key] = cache
	}
	return cache
}

// invalidateAll drops every group's snapshot after a write to one of them.
func (g *groupSnapshots) invalidateAll() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, cache := range g.byGroup {
		cache.invalidate()
	}
}

// groupKey is the group as GitLab resolves it: full paths ignore case. An id and the full path of the
// same group are two keys.
func groupKey(group string) string { return strings.ToLower(strings.TrimSpace(group)) }
