// Package installtest installs the release archive the way a user's `terraform init` does: from a
// provider mirror, with checksums in the lock file, and no dev_overrides. It runs when
// INSTALL_TEST_DIST names goreleaser's output folder (`make test-install` sets it, after building the
// archive); then every CLI it needs must be there, or the test fails.
//
//	INSTALL_TEST_DIST       folder holding terraform-provider-gitlab_<version>_linux_amd64.zip
//	INSTALL_TEST_TERRAFORM  terraform binary
//	INSTALL_TEST_TOFU       tofu binary
package installtest

import (
	"archive/zip"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/mod/sumdb/dirhash"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

const (
	namespace = "gitlab-oauth"
	name      = "gitlab"
	// userAgentPrefix is how the provider introduces itself to GitLab, followed by its version.
	userAgentPrefix = "terraform-provider-gitlab-oauth/"
)

// archiveName matches the registry's file name for one platform's archive.
var archiveName = regexp.MustCompile(`^terraform-provider-gitlab_([^_]+)_linux_amd64\.zip$`)

func TestInstallFromMirror(t *testing.T) {
	dist := os.Getenv("INSTALL_TEST_DIST")
	if dist == "" {
		t.Skip("INSTALL_TEST_DIST is not set: run `make test-install`, which builds the release archive first")
	}
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Fatalf("the install test installs the linux_amd64 archive and cannot run on %s_%s", runtime.GOOS, runtime.GOARCH)
	}
	archive, version := findArchive(t, dist)
	checkArchiveContents(t, archive, version)
	wantHash, err := dirhash.HashZip(archive, dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}

	clis := []struct{ name, env, host string }{
		{"terraform", "INSTALL_TEST_TERRAFORM", "registry.terraform.io"},
		{"tofu", "INSTALL_TEST_TOFU", "registry.opentofu.org"},
	}
	for _, c := range clis {
		t.Run(c.name, func(t *testing.T) {
			binary := os.Getenv(c.env)
			if binary == "" {
				t.Fatalf("%s is not set: the install test needs %s", c.env, c.name)
			}
			if _, err := exec.LookPath(binary); err != nil {
				t.Fatalf("%s=%s: %v", c.env, binary, err)
			}
			installAndApply(t, binary, c.host, archive, version, wantHash)
		})
	}
}

// installAndApply runs init, apply and destroy of the demo configuration with the provider taken from
// a filesystem mirror holding only archive, against a fake GitLab.
func installAndApply(t *testing.T, binary, host, archive, version, wantHash string) {
	mirror := t.TempDir()
	packed := filepath.Join(mirror, host, namespace, name, filepath.Base(archive))
	copyFile(t, archive, packed)

	cliConfig := filepath.Join(t.TempDir(), "cli.tfrc")
	// No direct {} block: anything not in the mirror fails to install instead of being downloaded.
	writeFile(t, cliConfig, `provider_installation {
  filesystem_mirror {
    path    = "`+mirror+`"
    include = ["`+host+`/`+namespace+`/`+name+`"]
  }
}
`)

	work := t.TempDir()
	writeFile(t, filepath.Join(work, "main.tf"), demoConfig(t, version))

	gitlab := startGitLab(t)
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), binary, args...)
		cmd.Dir = work
		cmd.Env = append(cleanEnv(),
			"TF_CLI_CONFIG_FILE="+cliConfig,
			"TF_IN_AUTOMATION=1",
			"CHECKPOINT_DISABLE=1",
			"GITLAB_BASE_URL="+gitlab.URL(),
			"GITLAB_TOKEN="+fakegitlab.AdminToken,
		)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", filepath.Base(binary), strings.Join(args, " "), err, out)
		}
		return string(out)
	}

	run("init", "-input=false", "-no-color")
	lockVersion, hashes := readLock(t, filepath.Join(work, ".terraform.lock.hcl"), host)
	if lockVersion != version {
		t.Errorf("lock file version = %q, want %q", lockVersion, version)
	}
	if !slices.Equal(hashes, []string{wantHash}) {
		t.Errorf("lock file hashes = %q, want the archive's %q", hashes, wantHash)
	}

	run("apply", "-auto-approve", "-input=false", "-no-color")
	apps := gitlab.Applications()
	names := make([]string, 0, len(apps))
	for _, app := range apps {
		names = append(names, app.Name)
	}
	slices.Sort(names)
	if want := []string{"Docs portal", "Grafana", "Release CLI"}; !slices.Equal(names, want) {
		t.Errorf("after apply, GitLab holds applications %q, want %q", names, want)
	}
	for _, output := range []string{"client_id", "group_client_id"} {
		if clientID := strings.TrimSpace(run("output", "-raw", output)); len(apps) == 0 || !hasClientID(apps, clientID) {
			t.Errorf("output %s = %q matches no application in GitLab", output, clientID)
		}
	}
	if agents := gitlab.userAgents(); !slices.Equal(agents, []string{userAgentPrefix + version}) {
		t.Errorf("GitLab saw User-Agent %q, want only %q (the version stamped into the release build)", agents, userAgentPrefix+version)
	}

	run("destroy", "-auto-approve", "-input=false", "-no-color")
	if left := gitlab.Applications(); len(left) != 0 {
		t.Errorf("after destroy, GitLab still holds %d applications", len(left))
	}
}

func findArchive(t *testing.T, dist string) (path, version string) {
	t.Helper()
	entries, err := os.ReadDir(dist)
	if err != nil {
		t.Fatalf("INSTALL_TEST_DIST: %v", err)
	}
	for _, e := range entries {
		if m := archiveName.FindStringSubmatch(e.Name()); m != nil {
			if path != "" {
				t.Fatalf("%s holds more than one linux_amd64 archive: run goreleaser with --clean", dist)
			}
			path, version = filepath.Join(dist, e.Name()), m[1]
		}
	}
	if path == "" {
		t.Fatalf("%s holds no terraform-provider-gitlab_<version>_linux_amd64.zip", dist)
	}
	return path, version
}

// checkArchiveContents requires the file Terraform runs from a provider package, at its root:
// terraform-provider-<type>_v<version>.
func checkArchiveContents(t *testing.T, archive, version string) {
	t.Helper()
	r, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	want := "terraform-provider-" + name + "_v" + version
	var files []string
	for _, f := range r.File {
		files = append(files, f.Name)
	}
	if !slices.Contains(files, want) {
		t.Fatalf("%s holds %q, not the binary %q", filepath.Base(archive), files, want)
	}
}

// demoConfig is examples/demo/main.tf with the provider pinned to version: Terraform and OpenTofu
// select a pre-release (as snapshot versions are) only when a constraint names it exactly.
func demoConfig(t *testing.T, version string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "demo", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	source := `source = "` + namespace + `/` + name + `"`
	config := string(data)
	if strings.Count(config, source) != 1 {
		t.Fatalf("examples/demo/main.tf must declare the provider once with %s", source)
	}
	return strings.Replace(config, source, source+"\n      version = \""+version+"\"", 1)
}

// lockBlock finds one provider's block in a dependency lock file.
var (
	lockBlock   = regexp.MustCompile(`(?s)provider "([^"]+)" \{(.*?)\n\}`)
	lockVersion = regexp.MustCompile(`(?m)^\s*version\s*=\s*"([^"]+)"`)
	lockHash    = regexp.MustCompile(`"([a-z0-9]+:[^"]+)"`)
)

func readLock(t *testing.T, path, host string) (version string, hashes []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("init wrote no lock file: %v", err)
	}
	want := host + "/" + namespace + "/" + name
	for _, block := range lockBlock.FindAllStringSubmatch(string(data), -1) {
		if block[1] != want {
			t.Errorf("lock file names provider %q, want only %q", block[1], want)
			continue
		}
		if m := lockVersion.FindStringSubmatch(block[2]); m != nil {
			version = m[1]
		}
		for _, m := range lockHash.FindAllStringSubmatch(block[2], -1) {
			hashes = append(hashes, m[1])
		}
		return version, hashes
	}
	t.Fatalf("lock file has no block for %s:\n%s", want, data)
	return "", nil
}

func hasClientID(apps []fakegitlab.Application, clientID string) bool {
	return slices.ContainsFunc(apps, func(a fakegitlab.Application) bool { return a.ApplicationID == clientID })
}

// recordingGitLab is the fake GitLab on loopback, noting which User-Agent headers reached it.
type recordingGitLab struct {
	*fakegitlab.Server
	mu     sync.Mutex
	agents []string
}

func startGitLab(t *testing.T) *recordingGitLab {
	t.Helper()
	g := &recordingGitLab{Server: fakegitlab.New(fakegitlab.Options{})}
	handler := g.Handler()
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		if !slices.Contains(g.agents, r.UserAgent()) {
			g.agents = append(g.agents, r.UserAgent())
		}
		g.mu.Unlock()
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(server.Close)
	g.SetURL(server.URL)
	return g
}

func (g *recordingGitLab) userAgents() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.agents)
}

// cleanEnv is this process's environment without the variables that would let a user's own CLI
// settings change how providers are installed or which arguments every command gets.
func cleanEnv() []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		key, _, _ := strings.Cut(kv, "=")
		return key == "TF_CLI_CONFIG_FILE" || key == "TF_PLUGIN_CACHE_DIR" || key == "TF_DATA_DIR" ||
			strings.HasPrefix(key, "TF_CLI_ARGS") || strings.HasPrefix(key, "TF_VAR_") ||
			strings.HasPrefix(key, "GITLAB_")
	})
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(data))
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
