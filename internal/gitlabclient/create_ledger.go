package gitlabclient

import (
	"slices"
	"strings"
	"sync"
)

// createLedger is what this client knows of its own creates, shared by every resource of the process:
// the applications it holds (created, or adopted by a recovery), which no recovery may adopt again,
// and the creates alike (same name, redirect URI and confidentiality: the attributes every GitLab
// reports) that are being sent or recovered. Two resources with the same options ("twins") are alike;
// so are two whose scopes differ, since an older GitLab does not report scopes.
type createLedger struct {
	mu      sync.Mutex
	claimed map[int64]bool
	alike   map[alikeKey]*alikeCreates
}

type alikeKey struct {
	name, redirectURI string
	confidential      bool
}

// alikeCreates are the creates of one alikeKey.
type alikeCreates struct {
	// turn is held shared by every POST in flight and exclusively by a recovery: when a recovery
	// looks, every alike create it could mistake for its own has either claimed its application or
	// been counted as lost, and no new one can land until it has claimed what it adopts.
	turn sync.RWMutex
	// lost are the lost creates not yet resolved, by kind and exact options (guarded by createLedger.mu).
	lost map[lostKey]*lostCreates
}

type lostKey struct{ kind, options string }

type lostCreates struct {
	opts CreateOptions
	n    int
}

func (l *createLedger) of(opts CreateOptions) *alikeCreates {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := alikeKey{opts.Name, opts.RedirectURI, opts.Confidential}
	if l.alike == nil {
		l.alike = map[alikeKey]*alikeCreates{}
	}
	a := l.alike[key]
	if a == nil {
		a = &alikeCreates{lost: map[lostKey]*lostCreates{}}
		l.alike[key] = a
	}
	return a
}

// claim records an application as this client's: no recovery may take it.
func (l *createLedger) claim(id int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.claimed == nil {
		l.claimed = map[int64]bool{}
	}
	l.claimed[id] = true
}

func (l *createLedger) isClaimed(id int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.claimed[id]
}

// exactOptions spells options so that two creates that would make indistinguishable applications
// spell them the same (scopes are a set).
func exactOptions(opts CreateOptions) string {
	scopes := slices.Clone(opts.Scopes)
	slices.Sort(scopes)
	scopes = slices.Compact(scopes)
	return strings.Join(scopes, " ")
}

// markLost counts a lost create until resolve.
func (l *createLedger) markLost(a *alikeCreates, kind string, opts CreateOptions) {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := lostKey{kind, exactOptions(opts)}
	if a.lost[key] == nil {
		a.lost[key] = &lostCreates{opts: opts}
	}
	a.lost[key].n++
}

func (l *createLedger) resolve(a *alikeCreates, kind string, opts CreateOptions) {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := lostKey{kind, exactOptions(opts)}
	if a.lost[key].n--; a.lost[key].n == 0 {
		delete(a.lost, key)
	}
}

// mayAdopt reports whether a recovery of a lost create may take the lowest of candidates, the unclaimed
// applications that match its options and did not exist before; the caller holds a.turn exclusively.
// Each candidate was made by one of this client's unresolved lost creates or by someone else in the
// meantime, which no answer of GitLab tells apart. The creates with the same options are
// interchangeable (the same attributes, and each gets a secret of its own on adoption), so as many
// candidates as there are such creates are theirs, one each, whichever takes which. More candidates
// than creates, or a candidate that a lost create with other options could have made (an older GitLab
// reports no scopes), and taking one would be a guess: the recovery stops with an error naming them.
func (l *createLedger) mayAdopt(a *alikeCreates, kind string, opts CreateOptions, candidates []Application) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	self := lostKey{kind, exactOptions(opts)}
	if len(candidates) > a.lost[self].n {
		return false
	}
	for key, other := range a.lost {
		if key == self || key.kind != kind {
			continue
		}
		for _, app := range candidates {
			if other.opts.matches(app) {
				return false
			}
		}
	}
	return true
}

// othersLost reports whether a lost create alike but this one is still unresolved: an application
// that appears now may be theirs.
func (l *createLedger) othersLost(a *alikeCreates, kind string, opts CreateOptions) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for key, lost := range a.lost {
		if key.kind != kind {
			continue
		}
		if key != (lostKey{kind, exactOptions(opts)}) || lost.n > 1 {
			return true
		}
	}
	return false
}
