package gitlabclient

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// A create is never resent blindly: when its answer is lost (no answer, an answer that cannot be read,
// or a proxy's 502/503/504 in GitLab's place), GitLab may have created the application, whose secret
// then nobody has, or may still be creating it (a proxy gave up before GitLab's worker finished). The
// client looks for it among the applications that match the create, did not exist before this
// client's first create of the kind (knownIDs) and that no create of this client holds (createLedger),
// for up to LostCreateWait after the POST was sent. What it finds it claims, and then adopts (instance
// applications: a renewed secret) or deletes and creates again (user and group applications, which
// cannot be renewed). Only when nothing came within the wait is the create sent again; an application
// that still arrives after that is reported as a warning naming its id. A create is sent at most
// twice: a second lost answer ends in an error that names what GitLab may hold.

// DefaultLostCreateWait is how long after a lost create's POST the client keeps looking for the
// application before it creates it again. GitLab stops working on a web request after 60 s (Puma's
// worker timeout and Rack::Timeout in an Omnibus or Helm install), Workhorse gives up waiting for
// Puma's headers after 1 minute, and proxies in front (nginx, load balancers) give up at their own
// timeouts, often shorter: so after a proxy's 504, GitLab may still create the application up to
// about a minute after the request was sent, and not later. 30 s more cover a request queued in
// Workhorse or Puma before a worker takes it.
const DefaultLostCreateWait = 90 * time.Second

// maxCreatePosts bounds the POSTs of one create: each one whose answer is lost may leave an
// application behind, so a network that loses two answers in a row gets an error, not a third POST.
const maxCreatePosts = 2

// createRoute is what recovering a lost create needs to know of one kind of application.
type createRoute struct {
	kind string // the knownIDs kind
	what string // "instance application", for messages
	// deleteRoute is the route that deletes one, with ":id", for messages.
	deleteRoute string
	loadKnown   func(context.Context) error
	post        func(context.Context, CreateOptions) (*Application, error)
	list        func(context.Context) ([]Application, error)
	// renew gives an adopted application a new secret; nil for kinds that cannot renew, whose orphan
	// remove deletes so that the create can be sent again.
	renew  func(context.Context, int64) (*Application, error)
	remove func(context.Context, int64) error
}

// createApplication creates the application, recovering a lost answer. Every POST holds the turn of
// its alike creates shared, and counts itself lost before it lets go, so a recovery, which holds the
// turn alone, sees every alike create either holding its application or counted.
func (c *Client) createApplication(ctx context.Context, opts CreateOptions, r createRoute) (*Application, error) {
	// The ids known before the create tell what it made if its answer is lost. A list that fails does
	// not stop the create: GitLab's answer to it says more (a 403 names the POST).
	knownErr := r.loadKnown(ctx)
	alike := c.ledger.of(opts)
	alike.turn.RLock()
	sent := time.Now()
	app, err := r.post(ctx, opts)
	lost := err != nil && answerMayBeLost(err)
	switch {
	case err == nil:
		c.ledger.claim(app.ID)
	case lost:
		c.ledger.markLost(alike, r.kind, opts)
	}
	alike.turn.RUnlock()
	if !lost {
		return app, err
	}
	if knownErr != nil {
		c.ledger.resolve(alike, r.kind, opts)
		return nil, r.leftBehind(opts, nil, fmt.Errorf("%w; listing the applications before the create failed, so what it made "+
			"cannot be told apart: %w", err, knownErr))
	}
	alike.turn.Lock()
	defer alike.turn.Unlock()
	// Resolved before the turn passes on, so that the next recovery does not count this one.
	defer c.ledger.resolve(alike, r.kind, opts)
	return c.recoverLostCreate(ctx, alike, opts, r, sent, err)
}

// recoverLostCreate finds what the lost create made and adopts it, or creates the application again
// once nothing it made is left. The caller holds alike.turn exclusively.
func (c *Client) recoverLostCreate(ctx context.Context, alike *alikeCreates, opts CreateOptions, r createRoute,
	sent time.Time, lostErr error,
) (*Application, error) {
	for posts := 1; ; posts++ {
		found, err := c.awaitLostCreate(ctx, alike, opts, r, sent.Add(c.lostCreateWait), lostErr)
		if err != nil {
			return nil, err
		}
		if found != nil && r.renew != nil {
			renewed, err := r.renew(ctx, found.ID)
			if err != nil {
				return nil, r.leftBehind(opts, []int64{found.ID}, fmt.Errorf("%w; renewing the secret of the application it made failed: %w", lostErr, err))
			}
			return renewed, nil
		}
		if posts == maxCreatePosts {
			if found != nil {
				return nil, r.leftBehind(opts, []int64{found.ID}, fmt.Errorf("the answers of %d creates were lost: %w", posts, lostErr))
			}
			// Nothing arrived within the wait: by GitLab's own request timeout nothing will, but a proxy
			// that loses two answers in a row may front a GitLab slower than that.
			return nil, r.leftBehind(opts, nil, fmt.Errorf("the answers of %d creates were lost, and nothing they made "+
				"arrived within %s: %w", posts, c.lostCreateWait, lostErr))
		}
		if found != nil {
			if err := r.remove(ctx, found.ID); err != nil && !errors.Is(err, ErrNotFound) {
				return nil, r.leftBehind(opts, []int64{found.ID}, fmt.Errorf("%w; deleting the application it made (%s cannot be "+
					"renewed) failed: %w", lostErr, r.what, err))
			}
		}
		// Nothing a lost create made is left: sending the create again cannot duplicate it.
		sent = time.Now()
		app, err := r.post(ctx, opts)
		if err == nil {
			c.ledger.claim(app.ID)
			c.reportLateArrivals(ctx, alike, opts, r)
			return app, nil
		}
		if !answerMayBeLost(err) {
			return nil, err
		}
		lostErr = err
	}
}

// awaitLostCreate looks for the application a lost create made until deadline, and claims it; nil
// when none arrived. Candidates it may not take (see createLedger.mayAdopt) are an error naming them.
func (c *Client) awaitLostCreate(ctx context.Context, alike *alikeCreates, opts CreateOptions, r createRoute,
	deadline time.Time, lostErr error,
) (*Application, error) {
	interval := min(max(c.lostCreateWait/16, 10*time.Millisecond), time.Second)
	for {
		// The last look starts after the deadline, so that what GitLab made by then is in it.
		last := !time.Now().Before(deadline)
		apps, err := r.list(ctx)
		if err != nil {
			return nil, r.leftBehind(opts, nil, fmt.Errorf("%w; looking for the application it may have made failed: %w", lostErr, err))
		}
		candidates := c.lostCandidates(apps, r.kind, opts)
		if len(candidates) > 0 {
			if !c.ledger.mayAdopt(alike, r.kind, opts, candidates) {
				return nil, &LeftBehindError{Name: opts.Name, IDs: applicationIDs(candidates), Ambiguous: true, DeleteRoute: r.deleteRoute, Err: lostErr}
			}
			c.ledger.claim(candidates[0].ID)
			return &candidates[0], nil
		}
		if last {
			return nil, nil
		}
		select {
		case <-ctx.Done():
			return nil, r.leftBehind(opts, nil, fmt.Errorf("%w; waiting for the application it may still make was cancelled: %w", lostErr, ctx.Err()))
		case <-time.After(max(min(interval, time.Until(deadline)), 0)):
		}
		interval = min(2*interval, 5*time.Second)
	}
}

// reportLateArrivals warns of applications that match a create sent again and that no create of
// this client holds: most likely the first create, finished after the wait. They are reported, not
// deleted: GitLab records no author of an application, so one that looks like ours may be someone
// else's, whose deletion would break its users; an orphan whose secret nobody has harms nobody. When
// another alike create is still lost, what arrives may be its own: that recovery will find it.
func (c *Client) reportLateArrivals(ctx context.Context, alike *alikeCreates, opts CreateOptions, r createRoute) {
	if c.ledger.othersLost(alike, r.kind, opts) {
		return
	}
	apps, err := r.list(ctx)
	if err != nil {
		warn(ctx, CallWarning{
			Summary: "Cannot look for a duplicate " + r.what,
			Detail: fmt.Sprintf("The answer of the first create of %q was lost and the application was created again after %s. "+
				"Looking for the first one, which GitLab may still have made, failed: check GitLab for another application named %q "+
				"and delete it (DELETE %s). %s", opts.Name, c.lostCreateWait, opts.Name, r.deleteRoute, err),
		})
		return
	}
	late := c.lostCandidates(apps, r.kind, opts)
	if len(late) == 0 {
		return
	}
	ids := applicationIDs(late)
	warn(ctx, CallWarning{
		Summary: "A duplicate " + r.what + " arrived late",
		Detail: fmt.Sprintf("The answer of the first create of %q was lost, and nothing had arrived %s after it was sent, so the "+
			"application was created again. GitLab now also holds application %s with the same attributes, which no resource holds: "+
			"most likely the first create, finished late, whose secret nobody has. It is not deleted because GitLab cannot say who "+
			"made it: unless it is someone else's, delete it (DELETE %s).", opts.Name, c.lostCreateWait, joinIDs(ids), r.deleteRoute),
		ApplicationIDs: ids,
	})
}

// lostCandidates are the applications a lost create may have made, by id: they match its options,
// did not exist before this client's first create of the kind, and no create of this client holds them.
func (c *Client) lostCandidates(apps []Application, kind string, opts CreateOptions) []Application {
	var found []Application
	for _, app := range apps {
		if opts.matches(app) && !c.known.has(kind, app.ID) && !c.ledger.isClaimed(app.ID) {
			found = append(found, app)
		}
	}
	slices.SortFunc(found, func(a, b Application) int { return cmp.Compare(a.ID, b.ID) })
	return found
}

func applicationIDs(apps []Application) []int64 {
	ids := make([]int64, len(apps))
	for i, app := range apps {
		ids[i] = app.ID
	}
	return ids
}

func (r createRoute) leftBehind(opts CreateOptions, ids []int64, err error) *LeftBehindError {
	return &LeftBehindError{Name: opts.Name, IDs: ids, DeleteRoute: r.deleteRoute, Err: err}
}

// answerMayBeLost reports a create whose outcome is unknown: no answer arrived (but a connection was
// made) or could be read, or a proxy answered 502/503/504 in GitLab's place.
func answerMayBeLost(err error) bool {
	if errors.Is(err, ErrNoAnswer) {
		return !nothingSent(err)
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		switch apiErr.StatusCode {
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
	}
	return false
}
