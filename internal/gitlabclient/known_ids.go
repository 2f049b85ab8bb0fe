package gitlabclient

import (
	"context"
	"sync"
)

// knownIDs remembers which application ids existed before this client's first create of each kind:
// an application found after a lost create answer is this client's only if it is not among them (and
// not claimed, see createLedger). The ids are loaded once per process and kind, before the kind's
// first POST (from the Reads' snapshot when there is one), and read live when a recovery searches,
// never copied before a POST: a copy would miss what other creates claimed meanwhile.
type knownIDs struct {
	mu sync.Mutex
	// byKind holds the ids of "instance", "user" and each "group <key>" applications that existed
	// before; a kind is absent until loaded.
	byKind map[string]map[int64]bool
	loads  sharedCalls[struct{}]
}

const (
	instanceKind = "instance"
	userKind     = "user"
)

const groupKindPrefix = "group "

func groupKind(group string) string { return groupKindPrefix + groupKey(group) }

// load reads the ids of a kind once, from the Reads' snapshot when there is one, else from GitLab.
// Every create of the kind waits for it before its POST, so no application of this client's is
// among them unless it was claimed already.
func (k *knownIDs) load(ctx context.Context, kind string, snapshot *snapshotCache,
	list func(context.Context) ([]Application, error),
) error {
	k.mu.Lock()
	_, loaded := k.byKind[kind]
	k.mu.Unlock()
	if loaded {
		return nil
	}
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
		if k.byKind[kind] == nil {
			ids := make(map[int64]bool, len(existing))
			for id := range existing {
				ids[id] = true
			}
			k.byKind[kind] = ids
		}
		return struct{}{}, nil
	})
	return err
}

// has reports whether the application existed before this client's first create of the kind.
func (k *knownIDs) has(kind string, id int64) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.byKind[kind][id]
}
