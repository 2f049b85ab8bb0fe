package chaos

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// kindOf is the kind of one of the fake's applications.
func kindOf(app fakegitlab.Application) kind {
	switch {
	case app.GroupID != 0:
		return group
	case app.OwnerID != 0:
		return user
	}
	return instance
}

// checkInvariants checks, once a schedule's last apply is done, that GitLab holds exactly the
// applications in state but for those the applies named, that every secret in state authenticates,
// and that no error, warning or log line holds a secret or the token.
func checkInvariants(fake *fakegitlab.Server, config configuration, st state, out *outcome, texts ...string) []string {
	var violations []string
	for _, r := range resources {
		if _, ok := st[r.address()]; ok != config[r.address()].present {
			violations = append(violations, fmt.Sprintf("after the apply without faults, %s is in state: %v, in the configuration: %v", r.address(), ok, !ok))
		}
	}
	byID := map[int64]fakegitlab.Application{}
	for _, app := range fake.Applications() {
		byID[app.ID] = app
	}
	holder := map[int64]string{}
	for _, r := range resources {
		h, ok := st[r.address()]
		if !ok {
			continue
		}
		if other, twice := holder[h.id]; twice {
			violations = append(violations, fmt.Sprintf("%s and %s both hold application %d", other, r.address(), h.id))
		}
		holder[h.id] = r.address()
		app, exists := byID[h.id]
		switch {
		case !exists:
			violations = append(violations, fmt.Sprintf("%s holds application %d, which GitLab does not", r.address(), h.id))
			continue
		case kindOf(app) != r.kind || app.Name != h.name:
			violations = append(violations, fmt.Sprintf("%s holds application %d, which is the %s application %q", r.address(), h.id, kindOf(app), app.Name))
		}
		if err := secretWorks(fake.URL(), h.clientID, h.secret, app.RedirectURI); err != nil {
			violations = append(violations, fmt.Sprintf("the secret of %s (application %d) does not work: %v", r.address(), h.id, err))
		}
	}
	for id, app := range byID {
		if _, held := holder[id]; held || out.named[id] || out.unknownIDs[unknownIDKey(kindOf(app), app.Name)] {
			continue
		}
		violations = append(violations, fmt.Sprintf("GitLab holds the %s application %d %q, which no resource holds and nothing named", kindOf(app), id, app.Name))
	}
	texts = append(texts, out.messages...)
	for _, secret := range append(fake.IssuedSecrets(), fakegitlab.AdminToken) {
		for _, text := range texts {
			if strings.Contains(text, secret) {
				violations = append(violations, fmt.Sprintf("a secret or the token is in: %.300s", text))
				break
			}
		}
	}
	return violations
}

// secretWorks asks the token endpoint as a client of the application would: an authorization-code
// request with a made-up code and the credentials as HTTP Basic. A client that authenticates gets 400
// invalid_grant (the code is wrong); one that does not, 401 invalid_client.
func secretWorks(baseURL, clientID, secret, redirectURI string) error {
	if secret == "" {
		return fmt.Errorf("state holds no secret")
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {"chaos"}, "redirect_uri": {redirectURI}}
	req, err := http.NewRequest(http.MethodPost, baseURL+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(clientID, secret)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "invalid_grant") {
		return fmt.Errorf("the token endpoint answered %d %.200s", resp.StatusCode, body)
	}
	return nil
}
