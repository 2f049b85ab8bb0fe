package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

const adminToken = "glpat-bench-administrator"

// localClient talks to the fake only: no proxy, and a timeout so a hung fake cannot hang the benchmark.
var localClient = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{Proxy: nil}}

// fakeProcess is the fake GitLab running as its own process, as a real GitLab would be.
type fakeProcess struct {
	cmd *exec.Cmd
	url string
}

// startFake starts the fake with `seed` instance applications (named seeded-00001…) already there.
func (b *bench) startFake(ctx context.Context, seed int) (*fakeProcess, error) {
	urlFile := filepath.Join(b.dir, fmt.Sprintf("fake-url-%d", time.Now().UnixNano()))
	cmd := exec.CommandContext(ctx, b.fake, "-listen", "127.0.0.1:0", "-admin-token", adminToken,
		"-seed", fmt.Sprint(seed), "-url-file", urlFile)
	cmd.Env = childEnv()
	cmd.Stderr = os.Stderr
	ownGroup(cmd)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	f := &fakeProcess{cmd: cmd}
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline) && ctx.Err() == nil; time.Sleep(20 * time.Millisecond) {
		data, err := os.ReadFile(urlFile)
		if err != nil || len(data) == 0 {
			continue
		}
		f.url = strings.TrimSpace(string(data))
		if u, err := url.Parse(f.url); err != nil || u.Hostname() != "127.0.0.1" {
			f.stop()
			return nil, fmt.Errorf("the fake GitLab listens on %q, not on 127.0.0.1", f.url)
		}
		return f, nil
	}
	f.stop()
	return nil, fmt.Errorf("the fake GitLab did not write its URL within 15s")
}

func (f *fakeProcess) stop() {
	if f.cmd.Process != nil {
		_ = f.cmd.Process.Kill()
		_ = f.cmd.Wait()
	}
}

// call sends one request to the fake and decodes a JSON answer into out (if not nil).
func (f *fakeProcess) call(ctx context.Context, method, path, token string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, f.url+path, nil)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("PRIVATE-TOKEN", token)
	}
	resp, err := localClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 500))
		return fmt.Errorf("%s %s: %s %s", method, path, resp.Status, body)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// seed creates n applications of the kind named prefix-00001… through the fake's control route.
func (f *fakeProcess) seed(ctx context.Context, kind *benchKind, n int, prefix string) error {
	return f.call(ctx, http.MethodPost, fmt.Sprintf("/-/fake/seed?count=%d&%s&prefix=%s", n, kind.seedOwner, url.QueryEscape(prefix)), "", nil)
}

// stats returns the request counts since the last reset, keyed by "METHOD /api/v4/path/:id".
func (f *fakeProcess) stats(ctx context.Context) (map[string]int, error) {
	var stats map[string]int
	return stats, f.call(ctx, http.MethodGet, "/-/fake/stats", "", &stats)
}

func (f *fakeProcess) resetStats(ctx context.Context) error {
	return f.call(ctx, http.MethodPost, "/-/fake/reset-stats", "", nil)
}

// application is GitLab's entity, as the instance list shows it.
type application struct {
	ID           int64    `json:"id"`
	Name         string   `json:"application_name"`
	CallbackURL  string   `json:"callback_url"`
	Confidential bool     `json:"confidential"`
	Scopes       []string `json:"scopes"`
}

// managedApplications lists the kind's applications as an administrator and returns the ids of those
// named prefix-…, after checking that each has exactly the attributes the configuration will give it
// (managedRedirectURI, managedScopes, confidential): a mismatch would make every plan a replacement,
// and the benchmark would measure the wrong thing.
func (f *fakeProcess) managedApplications(ctx context.Context, kind *benchKind, prefix string, want int) (map[string]int64, error) {
	all, err := f.list(ctx, kind)
	if err != nil {
		return nil, err
	}
	apps := map[string]int64{}
	for _, app := range all {
		if !strings.HasPrefix(app.Name, prefix+"-") {
			continue
		}
		if app.CallbackURL != managedRedirectURI(app.Name) || !slices.Equal(app.Scopes, managedScopes) || !app.Confidential {
			return nil, fmt.Errorf("the fake seeded %+v, but the configuration says redirect_uri %q, scopes %q, confidential true: "+
				"update managedRedirectURI/managedScopes and the configuration to what the fake's seed creates",
				app, managedRedirectURI(app.Name), managedScopes)
		}
		apps[app.Name] = app.ID
	}
	if len(apps) != want {
		return nil, fmt.Errorf("the %s list has %d applications named %s-…, want %d", kind.resourceType, len(apps), prefix, want)
	}
	return apps, nil
}

// list reads every application of the kind, page after page where the list is paged.
func (f *fakeProcess) list(ctx context.Context, kind *benchKind) ([]application, error) {
	if !kind.paged {
		var all []application
		return all, f.call(ctx, http.MethodGet, "/api/v4/"+kind.listPath, adminToken, &all)
	}
	var all []application
	for page := 1; ; page++ {
		var apps []application
		if err := f.call(ctx, http.MethodGet, fmt.Sprintf("/api/v4/%s?per_page=100&page=%d", kind.listPath, page), adminToken, &apps); err != nil {
			return nil, err
		}
		all = append(all, apps...)
		if len(apps) < 100 {
			return all, nil
		}
	}
}
