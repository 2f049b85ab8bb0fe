package gitlabclient

import (
	"context"
	"maps"
	"strings"
	"sync"
)

// knownIDs remembers which application ids existed before this client's creates, so that an
// application found after a lost create answer is known to be new. It is loaded once per process and
// kind of application (from the snapshot when there is one), then kept up to date with the ids this
// client creates.
type knownIDs struct {
	mu sync.Mutex
	// byKind holds the known ids of "instance", "user" and each "group <key>" applications; a kind is
	// absent until loaded.
	byKind map[string]map[int64]bool
	loads  sharedCalls[struct{}]
}

const (
	instanceKind = "instance"
	userKind     = "user"
)

const groupKindPrefix = "group "

func groupKind(group string) string { return groupKindPrefix + groupKey(group) }

func (k *knownIDs) forInstance(ctx context.Context, c *Client) (map[int64]bool, error) {
	return k.ids(ctx, instanceKind, &c.instance, c.ListInstanceApplications)
}

func (k *knownIDs) forUser(ctx context.Context, c *Client) (map[int64]bool, error) {
	return k.ids(ctx, userKind, &c.user, c.ListUserApplications)
}

func (k *knownIDs) forGroup(ctx context.Context, c *Client, group string) (map[int64]bool, error) {
	return k.ids(ctx, groupKind(group), c.groups.of(group), c.groupLister(group))
}

// ids returns a copy of the ids known so far, loading them on first use from the Reads' snapshot
// when there is one, else from GitLab.
func (k *knownIDs) ids(ctx context.Context, kind string, snapshot *snapshotCache,
	list func(context.Context) ([]Application, error),
) (map[int64]bool, error) {
	k.mu.Lock()
	_, loaded := k.byKind[kind]
	k.mu.Unlock()
	if !loaded {
		_, err := k.loads.do(ctx, kind, func(ctx context.Context) (struct{}, error) {
			existing := snapshot.current()
			if existing == nil {
				apps, err := list(ctx)
				if err != nil {
					return struct{}{}, err
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
			return struct{}{}, nil
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
func (k *knownIDs) add(kind string, id int64) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for known, ids := range k.byKind {
		if known == kind || (strings.HasPrefix(kind, groupKindPrefix) && strings.HasPrefix(known, groupKindPrefix)) {
			ids[id] = true
		}
	}
}
