package fakegitlab_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// answer is what a plain net/http client got.
type answer struct {
	status int
	header http.Header
	body   string
}

// send sends one request like client-go does (a JSON body for POST and PUT) with a PRIVATE-TOKEN.
func send(t *testing.T, s *fakegitlab.Server, token, method, path, jsonBody string) answer {
	t.Helper()
	header := http.Header{}
	if jsonBody != "" {
		header.Set("Content-Type", "application/json")
	}
	return sendWith(t, s, token, method, path, header, jsonBody)
}

func sendWith(t *testing.T, s *fakegitlab.Server, token, method, path string, header http.Header, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, s.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header
	if token != "" {
		req.Header.Set("PRIVATE-TOKEN", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header, string(raw)}
}

// expect checks the status and, unless want is "*", the exact body.
func (a answer) expect(t *testing.T, what string, status int, want string) answer {
	t.Helper()
	if a.status != status || (want != "*" && a.body != want) {
		t.Errorf("%s: got %d %s\nwant %d %s", what, a.status, a.body, status, want)
	}
	return a
}

// lookUp finds an application in the fake's table, as GitLab's database would show it.
func lookUp(s *fakegitlab.Server, id int64) (fakegitlab.Application, bool) {
	for _, app := range s.Applications() {
		if app.ID == id {
			return app, true
		}
	}
	return fakegitlab.Application{}, false
}

// entity decodes an application answer.
func (a answer) entity(t *testing.T) map[string]any {
	t.Helper()
	var e map[string]any
	if err := json.Unmarshal([]byte(a.body), &e); err != nil {
		t.Fatalf("not a JSON object: %d %q", a.status, a.body)
	}
	return e
}

func (a answer) list(t *testing.T) []map[string]any {
	t.Helper()
	var l []map[string]any
	if err := json.Unmarshal([]byte(a.body), &l); err != nil {
		t.Fatalf("not a JSON array: %d %q", a.status, a.body)
	}
	return l
}

// stringOf is the entity's string under key, "" when it has none.
func stringOf(e map[string]any, key string) string {
	s, _ := e[key].(string)
	return s
}

func idOf(t *testing.T, e map[string]any) string {
	t.Helper()
	id, ok := e["id"].(float64)
	if !ok {
		t.Fatalf("no id in %v", e)
	}
	return jsonString(int64(id))
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

const validApp = `{"name":"ci","redirect_uri":"https://ci.example.com/cb","scopes":"api read_user"}`

// Error bodies, exactly as GitLab writes them.
const (
	bodyUnauthorized   = `{"message":"401 Unauthorized"}`
	bodyForbidden      = `{"message":"403 Forbidden"}`
	bodyAppNotFound    = `{"message":"404 Application Not Found"}`
	bodyRouteNotFound  = `{"error":"404 Not Found"}`
	bodyInvalidID      = `{"error":"id is invalid"}`
	bodyScopesMismatch = `{"message":{"scopes":["doesn't match configured on the server."]}}`
)
