package chaos

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
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

// report sums up what the applies told the user, for a violation's report.
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

// What the CLI's output names, its lines joined (the CLI wraps long messages): an application a failed
// create left (one, or candidates), one that arrived late, or one whose id is unknown, by name.
var (
	namedByID = []*regexp.Regexp{
		regexp.MustCompile(`GitLab holds application (\d+) named`),
		regexp.MustCompile(`may have made \(ids ([\d, ]+)\)`),
		regexp.MustCompile(`also holds application ([\d, ]+) with the same attributes`),
	}
	namedByName = regexp.MustCompile(`may hold an application named "([^"]+)" that this create made, whose id is unknown`)
)

// fromCLI records what an apply's output says.
func (o *outcome) fromCLI(output string) {
	text := strings.Join(strings.Fields(output), " ")
	o.mu.Lock()
	defer o.mu.Unlock()
	o.messages = append(o.messages, output)
	for _, re := range namedByID {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			for _, id := range strings.Split(m[1], ",") {
				if n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64); err == nil {
					o.name(n)
				}
			}
		}
	}
	for _, m := range namedByName.FindAllStringSubmatch(text, -1) {
		for _, k := range []kind{instance, user, group} {
			if strings.HasPrefix(m[1], "chaos-"+string(k)+"-") {
				o.nameUnknown(k, m[1])
			}
		}
	}
}
