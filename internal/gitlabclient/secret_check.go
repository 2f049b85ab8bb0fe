package gitlabclient

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// maxSecretChecksInFlight bounds the token endpoint requests of one client (one Terraform command)
// at a time, however many resources refresh at once: each costs GitLab a password hash, and shared CI
// runners share the IP address an instance may throttle.
const maxSecretChecksInFlight = 4

// secretConfirmPause is how long a check waits before it asks again about a secret the token endpoint
// refused: long enough for a gateway's or a load balancer's passing fault to pass, short enough that a
// refresh that finds a few stale secrets is not noticeably slower. Only a stale verdict costs it.
const secretConfirmPause = 2 * time.Second

// SecretVerdict is what the token endpoint said of a client id and secret.
type SecretVerdict int

const (
	// SecretUnknown: no clear answer (429 or 5xx after the retries, no answer, an answer that is not
	// Doorkeeper's, a refusal that a second check did not confirm, a check skipped because the token
	// endpoint stayed rate limited). CheckSecret's error says why.
	SecretUnknown SecretVerdict = iota
	// SecretWorks: the client authenticated (400 invalid_grant: only the made-up code was refused).
	SecretWorks
	// SecretRejected: the client did not authenticate, twice, with Doorkeeper's own evidence (401
	// invalid_client and its WWW-Authenticate header): the secret was renewed or reset, or the client
	// id is gone.
	SecretRejected
)

func (v SecretVerdict) String() string {
	switch v {
	case SecretWorks:
		return "works"
	case SecretRejected:
		return "rejected"
	}
	return "unknown"
}

var (
	// ErrSecretUnchecked wraps every reason CheckSecret gives for SecretUnknown.
	ErrSecretUnchecked = errors.New("the secret could not be checked")
	// ErrSecretChecksStopped: the token endpoint was still rate limited after the retries, so the
	// client checks no more secrets; the error counts the checks that were not made. One check of the
	// command gets it; the others get ErrSecretCheckSkipped. Wraps ErrSecretUnchecked.
	ErrSecretChecksStopped = fmt.Errorf("%w, nor will any other of this command", ErrSecretUnchecked)
	// ErrSecretCheckSkipped: a check not made because the checks stopped (ErrSecretChecksStopped),
	// counted in the one error that says so. Wraps ErrSecretUnchecked.
	ErrSecretCheckSkipped = fmt.Errorf("%w: skipped, counted where the secret checks stopped", ErrSecretUnchecked)
)

// ChecksSecrets says whether the provider was configured to check secrets on refresh (Config.CheckSecrets).
func (c *Client) ChecksSecrets() bool { return c.checkSecrets }

// ChecksSecretsStrictly says whether a check without a clear answer should fail the command
// (Config.CheckSecretsStrict).
func (c *Client) ChecksSecretsStrictly() bool { return c.checkSecretsStrict }

// CheckSecret asks GitLab's token endpoint whether clientID and secret authenticate, without obtaining
// anything: an authorization-code grant with a code that cannot exist. Doorkeeper authenticates the
// client before it looks at the code, so a working secret gets 400 invalid_grant and a stale one 401
// invalid_client with a WWW-Authenticate header that says so. A refusal is believed only when a second
// check, after secretConfirmPause, gets the same: a gateway's passing 401 throws no secret away.
//
// Once the token endpoint is still rate limited after the retries, the client checks no more secrets:
// one caller gets ErrSecretChecksStopped, which counts the checks not made, the others
// ErrSecretCheckSkipped (see secretChecksStop).
//
// The error is nil unless the verdict is SecretUnknown; it wraps ErrSecretUnchecked (or is the
// context's error) and never quotes the secret or the request.
func (c *Client) CheckSecret(ctx context.Context, clientID, secret string) (SecretVerdict, error) {
	if clientID == "" || secret == "" {
		// A blank secret authenticates a public client: checking it would prove nothing.
		return SecretUnknown, fmt.Errorf("%w: the client id or the secret is empty", ErrSecretUnchecked)
	}
	c.masks.remember(secret)
	done, err := c.secretChecksStop.enter()
	defer done()
	if err != nil {
		return SecretUnknown, err
	}
	first := c.askTokenEndpoint(ctx, clientID, secret)
	if first.verdict != SecretRejected {
		return c.verdictOf(ctx, first)
	}
	if err := c.clock.Sleep(ctx, secretConfirmPause); err != nil {
		return SecretUnknown, err
	}
	second := c.askTokenEndpoint(ctx, clientID, secret)
	switch {
	case second.verdict == SecretRejected:
		return SecretRejected, nil
	case second.verdict == SecretWorks:
		return SecretUnknown, fmt.Errorf("%w: POST %s refused the secret (401 invalid_client), then accepted it a moment later",
			ErrSecretUnchecked, first.endpoint)
	case second.rateLimited, second.skipped != nil, ctx.Err() != nil:
		return c.verdictOf(ctx, second)
	}
	return SecretUnknown, fmt.Errorf("%w: POST %s refused the secret (401 invalid_client), but a second check %s",
		ErrSecretUnchecked, first.endpoint, second.unclear)
}

// verdictOf turns one answer that is not a refusal into CheckSecret's result.
func (c *Client) verdictOf(ctx context.Context, answer tokenAnswer) (SecretVerdict, error) {
	switch {
	case ctx.Err() != nil:
		return SecretUnknown, ctx.Err()
	case answer.skipped != nil:
		return SecretUnknown, answer.skipped
	case answer.rateLimited:
		why := fmt.Sprintf("POST %s was still rate limited (429) after %d retries", answer.endpoint, c.retries)
		return SecretUnknown, c.secretChecksStop.rateLimited(ctx, c.clock, why)
	case answer.verdict == SecretWorks:
		return SecretWorks, nil
	}
	return SecretUnknown, fmt.Errorf("%w: POST %s %s", ErrSecretUnchecked, answer.endpoint, answer.unclear)
}
