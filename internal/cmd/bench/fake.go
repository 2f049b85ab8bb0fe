package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

const adminToken = "glpat-bench-administrator"

// fakeProcess is the fake GitLab running as its own process, as a real GitLab would be.
type fakeProcess struct {
	cmd *exec.Cmd
	url string
}

func (b *bench) startFake(ctx context.Context, seed int) (*fakeProcess, error) {
	urlFile := filepath.Join(b.dir, fmt.Sprintf("fake-url-%d", time.Now().UnixNano()))
	cmd := exec.CommandContext(ctx, b.fake, "-listen", "127.0.0.1:0", "-admin-token", adminToken,
		"-seed", fmt.Sprint(seed), "-url-file", urlFile)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	f := &fakeProcess{cmd: cmd}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(urlFile); err == nil && len(b) > 0 {
			f.url = strings.TrimSpace(string(b))
			return f, nil
		}
	}
	f.stop()
	return nil, fmt.Errorf("the fake GitLab did not start within 10s")
}

func (f *fakeProcess) stop() {
	if f.cmd.Process != nil {
		_ = f.cmd.Process.Kill()
		_ = f.cmd.Wait()
	}
}

// control calls one of the fake's /-/fake/ routes and decodes the answer into out (if not nil).
func (f *fakeProcess) control(ctx context.Context, method, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, f.url+"/-/fake/"+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// seed creates n instance applications named prefix-00001… and returns their ids.
func (f *fakeProcess) seed(ctx context.Context, n int, prefix string) ([]int64, error) {
	var answer struct {
		IDs []int64 `json:"ids"`
	}
	err := f.control(ctx, http.MethodPost, fmt.Sprintf("seed?count=%d&owner=instance&prefix=%s", n, prefix), &answer)
	return answer.IDs, err
}

// listRequests returns how many times the instance list was downloaded since the last reset.
func (f *fakeProcess) listRequests(ctx context.Context) (int, error) {
	var stats map[string]int
	if err := f.control(ctx, http.MethodGet, "stats", &stats); err != nil {
		return 0, err
	}
	return stats["GET /api/v4/applications"], nil
}

func (f *fakeProcess) resetStats(ctx context.Context) error {
	return f.control(ctx, http.MethodPost, "reset-stats", nil)
}
