package gitlabclient

import (
	"context"
	"maps"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"
)

// snapshotCache is one snapshot of a list of applications shared by every Read of one provider process:
// GET /applications (GitLab has no GET for one instance application, so without it a plan over N
// applications would download the whole list N times) or the pages of GET /user/applications or of
// one group's GET /groups/:id/applications (N/100 requests instead of N). The snapshot is fetched once
// even when Terraform reads many resources at the same time, and dropped by every write of this client to that kind of application, so no Read returns
// data older than the provider's own last write. The provider builds a new client for every Terraform
// command, so one plan never sees another's snapshot.
type snapshotCache struct {
	mu         sync.Mutex
	generation uint64 // bumped by every write
	apps       map[int64]Application
	flights    singleflight.Group
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
	result := c.flights.DoChan(strconv.FormatUint(generation, 10), func() (any, error) {
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
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case r := <-result:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(map[int64]Application), nil //nolint:forcetypeassert // the flight only returns this type
	}
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

// createdIDs remembers which application ids existed before this client's creates, so that an
// application found after a lost create answer is known to be new. It is loaded once per process and
// kind of application (from the snapshot when there is one), then kept up to date with the ids this
// client creates.
type createdIDs struct {
	mu sync.Mutex
	// byKind holds the known ids of "instance", "user" and each "group <key>" applications; a kind is
	// absent until loaded.
	byKind map[string]map[int64]bool
	loads  singleflight.Group
}

const (
	instanceKind = "instance"
	userKind     = "user"
)

const groupKindPrefix = "group "

func groupKind(group string) string { return groupKindPrefix + groupKey(group) }

func (k *createdIDs) knownInstanceIDs(ctx context.Context, c *Client) (map[int64]bool, error) {
	return k.known(ctx, instanceKind, &c.instance, c.ListInstanceApplications)
}

func (k *createdIDs) knownUserIDs(ctx context.Context, c *Client) (map[int64]bool, error) {
	return k.known(ctx, userKind, &c.user, c.ListUserApplications)
}

func (k *createdIDs) knownGroupIDs(ctx context.Context, c *Client, group string) (map[int64]bool, error) {
	return k.known(ctx, groupKind(group), c.groups.of(group), c.groupLister(group))
}

// known returns a copy of the ids known so far, loading them on first use from the Reads' snapshot
// when there is one, else from GitLab.
func (k *createdIDs) known(ctx context.Context, kind string, snapshot *snapshotCache,
	list func(context.Context) ([]Application, error),
) (map[int64]bool, error) {
	k.mu.Lock()
	_, loaded := k.byKind[kind]
	k.mu.Unlock()
	if !loaded {
		_, err, _ := k.loads.Do(kind, func() (any, error) {
			existing := snapshot.current()
			if existing == nil {
				apps, err := list(ctx)
				if err != nil {
					return nil, err
				}
				existing = make(map[int64]Application, len(apps))
				for _, app := range apps {
					existing[app.ID] = app
				}
			}
			k.mu.Lock()
			defer k.mu.Unlock()
			if k.byKind == nil {
				k.byKind = map[string]map[int64]bool{}
			}
			ids := k.byKind[kind]
			if ids == nil {
				ids = make(map[int64]bool, len(existing))
				k.byKind[kind] = ids
			}
			for id := range existing {
				ids[id] = true
			}
			return nil, nil
		})
		if err != nil {
			return nil, err
		}
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return maps.Clone(k.byKind[kind]), nil
}

// add records an id this client created, once the kind's ids are loaded (before, the load finds it).
// A group application's id is recorded for every group loaded so far: another key may name the same
// group (its id, its full path), and application ids are unique across groups, so knowing it
// everywhere never hides another create's orphan.
func (k *createdIDs) add(kind string, id int64) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for known, ids := range k.byKind {
		if known == kind || (strings.HasPrefix(kind, groupKindPrefix) && strings.HasPrefix(known, groupKindPrefix)) {
			ids[id] = true
		}
	}
}
