package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// TestRun starts the command as the benchmark does, waits for its URL file, talks to it, and stops it.
func TestRun(t *testing.T) {
	urlFile := filepath.Join(t.TempDir(), "url")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-admin-token", "glpat-bench", "-seed", "3", "-url-file", urlFile, "-no-renew-secret"}, &stdout)
	}()

	var url string
	for deadline := time.Now().Add(10 * time.Second); url == ""; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no URL file")
		}
		if data, err := os.ReadFile(urlFile); err == nil {
			url = string(data)
		}
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") || strings.TrimSpace(stdout.String()) != url {
		t.Errorf("URL file %q, stdout %q", url, stdout.String())
	}

	get := func(token, path string) (int, string) {
		req, _ := http.NewRequest("GET", url+path, nil)
		req.Header.Set("PRIVATE-TOKEN", token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		return resp.StatusCode, b.String()
	}
	var apps []map[string]any
	status, body := get("glpat-bench", "/api/v4/applications")
	if err := json.Unmarshal([]byte(body), &apps); status != 200 || err != nil || len(apps) != 3 || apps[0]["application_name"] != "seeded-00001" {
		t.Errorf("list: %d %s", status, body)
	}
	if status, _ := get(fakegitlab.AdminToken, "/api/v4/user"); status != 401 {
		t.Errorf("the replaced well-known admin token still works: %d", status)
	}
	if status, _ := get(fakegitlab.UserToken, "/api/v4/user"); status != 200 {
		t.Errorf("the user token: %d", status)
	}
	req, _ := http.NewRequest("POST", url+"/api/v4/applications/1/renew-secret", nil)
	req.Header.Set("PRIVATE-TOKEN", "glpat-bench")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 404 {
		t.Errorf("-no-renew-secret: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	if status, body := get("", "/-/fake/stats"); status != 200 || !strings.Contains(body, `"GET /api/v4/applications":1`) {
		t.Errorf("stats: %d %s", status, body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
}

func TestRunRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-seed", "-1"},
		{"-admin-token", ""},
		{"-admin-token", "x", "-user-token", "x"},
		{"extra"},
		{"-nope"},
	} {
		if err := run(context.Background(), args, &bytes.Buffer{}); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}
