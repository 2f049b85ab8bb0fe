package acctest

import (
	"context"
	"fmt"
	"strconv"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// SecretHistory follows one resource's secret from step to step, reading it and the application's id
// from state, and asks the fake GitLab whether each secret still works. A real GitLab is asked at its
// token endpoint whether the secret in state works; whether an earlier one stopped working is left out
// there (its application may be gone), as the test's output says.
type SecretHistory struct {
	env     *Env
	address string
	seen    []issuedSecret
}

type issuedSecret struct {
	applicationID int64
	clientID      string
	secret        string
}

// Secrets starts the history of the secret of the resource at address.
func (e *Env) Secrets(address string) *SecretHistory {
	return &SecretHistory{env: e, address: address}
}

// ExpectWorking checks that the secret in state is its application's current secret, and remembers it.
func (h *SecretHistory) ExpectWorking() statecheck.StateCheck {
	return secretCheck(func(current issuedSecret) error {
		h.seen = append(h.seen, current)
		if h.env.Fake == nil {
			verdict, err := h.env.secretWorksAtTokenEndpoint(current.clientID, current.secret)
			if verdict != gitlabclient.SecretWorks {
				if err != nil {
					return fmt.Errorf("the secret in state of %s does not work at GitLab's token endpoint: %v: %w", h.address, verdict, err)
				}
				return fmt.Errorf("the secret in state of %s does not work at GitLab's token endpoint: %v", h.address, verdict)
			}
			return nil
		}
		if !h.env.Fake.IsValidSecret(current.applicationID, current.secret) {
			return fmt.Errorf("the secret in state of %s is not application %d's current secret", h.address, current.applicationID)
		}
		return nil
	}).forAddress(h.address)
}

// ExpectEarlierRevoked checks that every secret remembered before, other than the one in state, no
// longer works: a renewal revoked it, or a replacement deleted its application.
func (h *SecretHistory) ExpectEarlierRevoked() statecheck.StateCheck {
	return secretCheck(func(current issuedSecret) error {
		if !h.env.fakeOnlyCheck("the earlier secrets of " + h.address + " stopped working") {
			return nil
		}
		if len(h.seen) == 0 {
			return fmt.Errorf("no earlier secret of %s was remembered: call ExpectWorking in an earlier step", h.address)
		}
		for _, earlier := range h.seen {
			if earlier.secret != current.secret && h.env.Fake.IsValidSecret(earlier.applicationID, earlier.secret) {
				return fmt.Errorf("an earlier secret of %s (application %d) still works", h.address, earlier.applicationID)
			}
		}
		return nil
	}).forAddress(h.address)
}

// secretCheck is a state check of the id and secret of the resource at address.
type secretCheck func(current issuedSecret) error

func (check secretCheck) forAddress(address string) statecheck.StateCheck {
	return addressedSecretCheck{address: address, check: check}
}

type addressedSecretCheck struct {
	address string
	check   secretCheck
}

func (c addressedSecretCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	current, err := secretInState(req.State, c.address)
	if err == nil {
		err = c.check(current)
	}
	resp.Error = err
}

func secretInState(state *tfjson.State, address string) (issuedSecret, error) {
	if state == nil || state.Values == nil || state.Values.RootModule == nil {
		return issuedSecret{}, fmt.Errorf("no state to find %s in", address)
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address != address {
			continue
		}
		idValue, _ := r.AttributeValues["id"].(string)
		id, err := strconv.ParseInt(idValue, 10, 64)
		if err != nil {
			return issuedSecret{}, fmt.Errorf("%s has id %q in state, not an application id", address, idValue)
		}
		secret, ok := r.AttributeValues["secret"].(string)
		if !ok || secret == "" {
			return issuedSecret{}, fmt.Errorf("%s has no secret in state", address)
		}
		clientID, _ := r.AttributeValues["application_id"].(string)
		return issuedSecret{applicationID: id, clientID: clientID, secret: secret}, nil
	}
	return issuedSecret{}, fmt.Errorf("%s is not in state", address)
}
