package gitlabclient

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// LeftBehindError is a create that failed after GitLab may have made an application the caller does
// not hold: nothing is left silently. It names the application and, where known, its id, and says
// the way out; the provider adds how to import one of the resource's kind.
type LeftBehindError struct {
	// Name is the application's name.
	Name string
	// IDs are the applications left behind; empty when GitLab may hold one whose id is unknown.
	IDs []int64
	// Ambiguous: the IDs are candidates that could each be this create's, and taking one would be a
	// guess. At most one of them is this create's.
	Ambiguous bool
	// DeleteRoute is the API route that deletes one of them, with ":id" for the id.
	DeleteRoute string
	Err         error
}

func (e *LeftBehindError) Error() string {
	var b strings.Builder
	switch {
	case e.Ambiguous:
		fmt.Fprintf(&b, "GitLab holds %d applications named %q that this create may have made (ids %s), and nothing GitLab "+
			"answers tells which one: keep one (import it) and delete the others (DELETE %s)",
			len(e.IDs), e.Name, joinIDs(e.IDs), e.DeleteRoute)
	case len(e.IDs) > 0:
		fmt.Fprintf(&b, "GitLab holds application %s named %q that this create made, whose secret nobody has: "+
			"import it and renew or replace its secret, or delete it (DELETE %s)", joinIDs(e.IDs), e.Name, e.DeleteRoute)
	default:
		fmt.Fprintf(&b, "GitLab may hold an application named %q that this create made, whose id is unknown: "+
			"look for it among the applications of that name, then import it or delete it (DELETE %s)", e.Name, e.DeleteRoute)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *LeftBehindError) Unwrap() error { return e.Err }

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}

// CallWarning is something a call did that the user should know of although it succeeded, such as an
// application that arrived late in GitLab after its create had been sent again.
type CallWarning struct {
	Summary, Detail string
	// ApplicationIDs are the applications the warning is about.
	ApplicationIDs []int64
}

type warningsKey struct{}

// WithWarnings returns a context whose calls report their warnings to report, from the caller's
// goroutine.
func WithWarnings(ctx context.Context, report func(CallWarning)) context.Context {
	return context.WithValue(ctx, warningsKey{}, report)
}

// warn reports a warning to the context's receiver, if any.
func warn(ctx context.Context, w CallWarning) {
	if report, ok := ctx.Value(warningsKey{}).(func(CallWarning)); ok && report != nil {
		report(w)
	}
}
