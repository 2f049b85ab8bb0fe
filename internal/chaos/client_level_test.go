package chaos

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// The client level: each apply is a new client (one per Terraform command, as the provider has) that
// does what the provider's resources do for the plan between state and the configuration, every
// resource at once, as Terraform does.

const (
	// clientLostCreateWait is the client's wait for a lost create; a 504's work lands within a quarter of
	// it, as GitLab's own request timeout keeps it well within the default wait. The margin absorbs a
	// loaded machine's scheduling delays, which the real wait's 30 s margin dwarfs.
	clientLostCreateWait = 300 * time.Millisecond
	clientRounds         = 3
)

func TestChaosClient(t *testing.T) {
	c := newCampaign(t, "client", "CHAOS_SCHEDULES", "CHAOS_CLI_SCHEDULES", 200, 6)
	c.run(t, runClientSchedule)
}

func runClientSchedule(t *testing.T, seed uint64, count func(string)) []string {
	var trace requestTrace
	fake := fakegitlab.New(fakegitlab.Options{RequestLogLimit: 1, OnRequest: trace.add})
	server := httptest.NewServer(fake.Handler())
	defer server.Close()
	fake.SetURL(server.URL)
	s := newSchedule(seed, clientRounds, int64(clientLostCreateWait/4))
	st := state{}
	out := &outcome{}
	var logs lockedBuffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	for _, r := range s.rounds {
		r.inject(fake, count)
		applyWithClient(ctx, server.URL, st, r.config, out)
		// The next Terraform command comes after GitLab finished what a proxy gave up on.
		fake.ClearFaults()
		fake.WaitLateWork()
	}
	last := &outcome{}
	applyWithClient(ctx, server.URL, st, s.rounds[len(s.rounds)-1].config, last)
	var violations []string
	for _, m := range last.messages {
		violations = append(violations, "the apply without faults failed: "+m)
	}
	if logs.String() == "" {
		violations = append(violations, "the client logged nothing: the leak check would prove nothing")
	}
	violations = append(violations, checkInvariants(fake, s.rounds[len(s.rounds)-1].config, st, out, append(last.messages, logs.String())...)...)
	for kind, n := range fake.FaultsApplied() {
		for range n {
			count(hitPrefix + kind.String())
		}
	}
	if len(violations) > 0 {
		return append([]string{s.String(), out.report(), trace.String()}, violations...)
	}
	return nil
}

// applyWithClient applies the configuration to state with a new client, every resource at once.
func applyWithClient(ctx context.Context, baseURL string, st state, config configuration, out *outcome) {
	c, err := gitlabclient.New(gitlabclient.Config{
		BaseURL: baseURL, Token: fakegitlab.AdminToken, Retries: 2, RetryWaitMin: time.Millisecond,
		RetryWaitMax: 5 * time.Millisecond, LostCreateWait: clientLostCreateWait, RequestTimeout: 10 * time.Second,
	})
	if err != nil {
		out.failed(instance, err)
		return
	}
	defer c.Close()
	ctx = gitlabclient.WithWarnings(ctx, out.warned)
	if !refresh(ctx, c, st, out) {
		return
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, r := range resources {
		mu.Lock()
		h, has := st[r.address()]
		mu.Unlock()
		wg.Go(func() {
			next, keep := applyResource(ctx, c, r, h, has, config[r.address()], out)
			mu.Lock()
			defer mu.Unlock()
			if keep {
				st[r.address()] = next
			} else {
				delete(st, r.address())
			}
		})
	}
	wg.Wait()
}

// applyResource does what the provider does for one resource's plan, and returns its state (keep false:
// none). A failed step leaves state as the provider would: a failed create holds nothing, a failed
// delete keeps the application, a renewal whose answer was lost marks the secret stale.
func applyResource(ctx context.Context, c *gitlabclient.Client, r resource, h held, has bool, d desired, out *outcome) (held, bool) {
	k := r.kind
	if has && (!d.present || needsReplacement(k, h, d)) {
		if err := remove(ctx, c, k, h.id); err != nil && !errors.Is(err, gitlabclient.ErrNotFound) {
			out.failed(k, err)
			return h, true
		}
		has = false
	}
	if !d.present {
		return held{}, false
	}
	if !has {
		app, err := create(ctx, c, k, gitlabclient.CreateOptions{Name: d.name, RedirectURI: r.redirectURI, Scopes: d.scopes, Confidential: true})
		if err != nil {
			out.failed(k, err)
			return held{}, false
		}
		return held{id: app.ID, clientID: app.ApplicationID, secret: app.Secret, name: d.name, scopes: d.scopes, rotation: d.rotation}, true
	}
	if k.updatesInPlace() && (h.name != d.name || !sameScopes(h.scopes, d.scopes)) {
		update := gitlabclient.UpdateOptions{Scopes: d.scopes}
		if h.name != d.name {
			update.Name = &d.name
		}
		if _, err := updateApplication(ctx, c, k, h.id, update); err != nil {
			out.failed(k, err)
			return h, true
		}
		h.name, h.scopes = d.name, d.scopes
	}
	if k.renewsInPlace() && (h.rotation != d.rotation || h.stale) {
		app, err := c.RenewInstanceApplicationSecret(ctx, h.id)
		switch {
		case errors.Is(err, gitlabclient.ErrNoAnswer):
			out.failed(k, err)
			h.secret, h.stale = "", true
		case err != nil:
			out.failed(k, err)
		default:
			h.secret, h.stale, h.rotation = app.Secret, false, d.rotation
		}
	}
	return h, true
}

// refresh reads every application in state, as the plan before an apply does: one deleted (say, by a
// delete whose answer was lost) leaves state, and a name or scopes changed (by an update whose answer
// was lost) are read into it. A read that fails fails the plan: nothing is applied.
func refresh(ctx context.Context, c *gitlabclient.Client, st state, out *outcome) bool {
	for _, r := range resources {
		h, ok := st[r.address()]
		if !ok {
			continue
		}
		app, err := read(ctx, c, r.kind, h.id)
		switch {
		case errors.Is(err, gitlabclient.ErrNotFound):
			delete(st, r.address())
		case err != nil:
			out.failed(r.kind, err)
			return false
		default:
			h.name, h.scopes = app.Name, app.Scopes
			st[r.address()] = h
		}
	}
	return true
}

// needsReplacement: what the kind cannot change in place (an instance application's name and scopes;
// a user or group application's secret).
func needsReplacement(k kind, h held, d desired) bool {
	if !k.updatesInPlace() && (h.name != d.name || !sameScopes(h.scopes, d.scopes)) {
		return true
	}
	return !k.renewsInPlace() && h.rotation != d.rotation
}

func create(ctx context.Context, c *gitlabclient.Client, k kind, opts gitlabclient.CreateOptions) (*gitlabclient.Application, error) {
	switch k {
	case instance:
		return c.CreateInstanceApplication(ctx, opts)
	case user:
		return c.CreateUserApplication(ctx, opts)
	}
	return c.CreateGroupApplication(ctx, fakegitlab.GroupPath, opts)
}

func read(ctx context.Context, c *gitlabclient.Client, k kind, id int64) (*gitlabclient.Application, error) {
	switch k {
	case instance:
		return c.InstanceApplicationFromSnapshot(ctx, id)
	case user:
		return c.UserApplicationFromSnapshot(ctx, id)
	}
	return c.GroupApplicationFromSnapshot(ctx, fakegitlab.GroupPath, id)
}

func updateApplication(ctx context.Context, c *gitlabclient.Client, k kind, id int64, opts gitlabclient.UpdateOptions) (*gitlabclient.Application, error) {
	if k == user {
		return c.UpdateUserApplication(ctx, id, opts)
	}
	return c.UpdateGroupApplication(ctx, fakegitlab.GroupPath, id, opts)
}

func remove(ctx context.Context, c *gitlabclient.Client, k kind, id int64) error {
	switch k {
	case instance:
		return c.DeleteInstanceApplication(ctx, id)
	case user:
		return c.DeleteUserApplication(ctx, id)
	}
	return c.DeleteGroupApplication(ctx, fakegitlab.GroupPath, id)
}

// lockedBuffer collects the client's log lines from every goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
