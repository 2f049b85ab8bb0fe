package chaos

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// held is what state holds of one resource.
type held struct {
	id       int64
	clientID string
	secret   string
	stale    bool // a renewal's answer was lost: the secret may be dead, the next apply renews it
	name     string
	scopes   []string
	rotation int
}

type state map[string]held // by address

// outcome is what the applies of a schedule told the user: every error and warning (none may hold a
// secret or the token), and the applications they named as left in GitLab.
type outcome struct {
	mu       sync.Mutex
	messages []string
	named    map[int64]bool
	// unknownIDs are the kind and name of applications an error said GitLab may hold with an id it
	// could not know.
	unknownIDs map[string]bool
}

func unknownIDKey(k kind, name string) string { return string(k) + " " + name }

// failed records an error of the resource's apply, with what it names.
func (o *outcome) failed(k kind, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.messages = append(o.messages, err.Error())
	var left *gitlabclient.LeftBehindError
	if errors.As(err, &left) {
		if len(left.IDs) == 0 {
			o.nameUnknown(k, left.Name)
		}
		for _, id := range left.IDs {
			o.name(id)
		}
	}
}

func (o *outcome) warned(w gitlabclient.CallWarning) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.messages = append(o.messages, w.Summary+": "+w.Detail)
	for _, id := range w.ApplicationIDs {
		o.name(id)
	}
}

func (o *outcome) name(id int64) {
	if o.named == nil {
		o.named = map[int64]bool{}
	}
	o.named[id] = true
}

func (o *outcome) nameUnknown(k kind, name string) {
	if o.unknownIDs == nil {
		o.unknownIDs = map[string]bool{}
	}
	o.unknownIDs[unknownIDKey(k, name)] = true
}

// errorCount is how many errors and warnings the applies reported.
func (o *outcome) report() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return fmt.Sprintf("%d errors and warnings, naming %d applications and %d of unknown id", len(o.messages), len(o.named), len(o.unknownIDs))
}

func sameScopes(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
