package docsexamples

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// What TestCIPipelines needs to run a pipeline of the docs on this machine: gitlab-ci-local, the CLI of
// the jobs, the provider built from this module, and GitLab-managed state in front of the fake GitLab.

// gitlabCILocalVersion is pinned: 4.60.0 is the last release that runs on the Node 20 Debian ships.
// GNUmakefile installs it into gitlabCILocalDir (make gitlab-ci-local) and passes GITLAB_CI_LOCAL.
const gitlabCILocalVersion = "4.60.0"

// gitlabCILocal finds gitlab-ci-local: GITLAB_CI_LOCAL (set by make, so that a missing install fails),
// else the cache folder the make target installs into, else PATH; without it the test is skipped and
// says how to install it.
func gitlabCILocal(t *testing.T) string {
	t.Helper()
	if path := os.Getenv("GITLAB_CI_LOCAL"); path != "" {
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("GITLAB_CI_LOCAL=%s: %v (make gitlab-ci-local installs it)", path, err)
		}
		return path
	}
	if cache, err := os.UserHomeDir(); err == nil {
		path := filepath.Join(cache, ".cache", "terraform-provider-gitlab", "gitlab-ci-local-"+gitlabCILocalVersion, "node_modules", ".bin", "gitlab-ci-local")
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	if path, err := exec.LookPath("gitlab-ci-local"); err == nil {
		return path
	}
	t.Skip("gitlab-ci-local not found: `make gitlab-ci-local` installs it (npm), `make test` runs this test with it")
	return ""
}

// jobCLI finds the CLI a pipeline's jobs run: TOFU or the newest OpenTofu of ~/.cache/cli-toolchains
// (scripts/cli-toolchains.sh) or tofu on PATH; the terraform on PATH (TF_ACC_TERRAFORM_PATH when it is
// a terraform). "" when there is none.
func jobCLI(name string) string {
	if name == "tofu" {
		if path := os.Getenv("TOFU"); path != "" {
			return path
		}
		if home, err := os.UserHomeDir(); err == nil {
			found, _ := filepath.Glob(filepath.Join(home, ".cache", "cli-toolchains", "tofu-*"))
			sort.Strings(found)
			if len(found) > 0 {
				return found[len(found)-1]
			}
		}
	}
	if name == "terraform" {
		if path := os.Getenv("TF_ACC_TERRAFORM_PATH"); path != "" && !strings.Contains(filepath.Base(path), "tofu") {
			return path
		}
	}
	path, _ := exec.LookPath(name)
	return path
}

// buildProvider builds this module's provider into a folder of the test, for the jobs' provider mirror:
// the jobs' CLI must start it with the job's own environment (GITLAB_TOKEN, GITLAB_CHECK_SECRETS), which
// a provider served by the test process would not read.
func buildProvider(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-gitlab"), ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return dir
}

// providerMirrorConfig is a CLI configuration that installs the built provider from a filesystem
// mirror, as version 0.1.0 (which the guides' `~> 0.1` takes) of gitlab-oauth/gitlab on both
// registries' hosts, and nothing from anywhere else: the jobs' `init` runs as written.
func providerMirrorConfig(t *testing.T, providerDir string) string {
	t.Helper()
	mirror := t.TempDir()
	var include []string
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		platform := filepath.Join(mirror, host, "gitlab-oauth", "gitlab", "0.1.0", runtime.GOOS+"_"+runtime.GOARCH)
		if err := os.MkdirAll(platform, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(providerDir, "terraform-provider-gitlab"), filepath.Join(platform, "terraform-provider-gitlab_v0.1.0")); err != nil {
			t.Fatal(err)
		}
		include = append(include, fmt.Sprintf("%q", host+"/gitlab-oauth/gitlab"))
	}
	path := filepath.Join(t.TempDir(), "cli.tfrc")
	rc := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [%s]\n  }\n}\n", mirror, strings.Join(include, ", "))
	if err := os.WriteFile(path, []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*m`)

var stateRoute = regexp.MustCompile(`^/api/v4/projects/[^/]+/terraform/state/[^/]+(/lock)?$`)

// gitLabWithState serves the fake GitLab with GitLab-managed state in front of it: the http backend's
// GET and POST of /projects/:id/terraform/state/:name and the lock's POST and DELETE, as the
// pipelines' TF_HTTP_* variables ask them, without authentication. Everything else goes to the fake.
func gitLabWithState(t *testing.T, fakeURL string) string {
	t.Helper()
	target, err := url.Parse(fakeURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	var mu sync.Mutex
	states := map[string][]byte{}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := stateRoute.FindStringSubmatch(r.URL.Path)
		if m == nil {
			proxy.ServeHTTP(w, r)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		switch {
		case m[1] != "": // the lock: one job at a time is what resource_group already ensures
			w.WriteHeader(http.StatusOK)
		case r.Method == http.MethodGet:
			if state, ok := states[r.URL.Path]; ok {
				_, _ = w.Write(state)
				return
			}
			w.WriteHeader(http.StatusNotFound)
		case r.Method == http.MethodPost:
			body, err := io.ReadAll(r.Body)
			if err != nil {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			states[r.URL.Path] = body
			w.WriteHeader(http.StatusOK)
		default:
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	}))
	t.Cleanup(server.Close)
	return server.URL
}

// pipelineRepo is a git repository holding a .gitlab-ci.yml and the configuration it applies, where
// gitlab-ci-local runs pipelines. It copies only files git tracks into each job's folder, so every
// file is committed.
type pipelineRepo struct {
	t        *testing.T
	dir      string
	runner   string   // gitlab-ci-local
	env      []string // the environment of gitlab-ci-local and so of the jobs
	baseVars []string // --variable values of every pipeline: the project's CI/CD variables
	runs     int
}

func newPipelineRepo(t *testing.T, runner string, files map[string]string) *pipelineRepo {
	t.Helper()
	r := &pipelineRepo{t: t, dir: t.TempDir(), runner: runner}
	r.git("init", "-q", "-b", "main")
	r.commit(files)
	return r
}

func (r *pipelineRepo) git(args ...string) {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=ci", "-c", "user.email=ci@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = r.dir
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// commit writes the files and commits them.
func (r *pipelineRepo) commit(files map[string]string) {
	r.t.Helper()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(r.dir, name), []byte(text), 0o600); err != nil {
			r.t.Fatal(err)
		}
	}
	r.git("add", "-A")
	r.git("commit", "-q", "--allow-empty", "-m", "pipeline")
}

// run runs the pipeline as GitLab would for these predefined and pipeline variables, with the jobs on
// this machine's shell (images are GitLab's business), and returns its output and exit code.
func (r *pipelineRepo) run(vars []string, unset []string, extra ...string) (string, int) {
	r.t.Helper()
	args := []string{"--force-shell-executor", "--no-color", "--home", filepath.Join(r.dir, ".home")}
	if r.runs++; r.runs > 1 {
		// GitLab's schema was checked on the first run; it takes seconds on a busy machine.
		args = append(args, "--no-json-schema-validation")
	}
	for _, v := range append(append([]string{}, r.baseVars...), vars...) {
		args = append(args, "--variable", v)
	}
	for _, name := range unset {
		args = append(args, "--unset-variable", name)
	}
	cmd := exec.Command(r.runner, append(args, extra...)...)
	cmd.Dir = r.dir
	cmd.Env = r.env
	start := time.Now()
	raw, err := cmd.CombinedOutput()
	r.t.Logf("gitlab-ci-local %s: %s", strings.Join(vars, " "), time.Since(start).Round(time.Millisecond))
	out := ansiEscape.ReplaceAll(raw, nil) // the CLIs colour their output; the checks read text
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	}
	r.t.Fatalf("gitlab-ci-local: %v\n%s", err, out)
	return "", 0
}

// jobEnv is this process's environment without what would change the jobs' behaviour (the provider's
// GITLAB_* variables, the CLIs' TF_* ones, a CI variable), with binDir first on PATH.
func jobEnv(binDir, cliConfig string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "GITLAB_") || strings.HasPrefix(name, "TF_") || name == "CI" || name == "PATH" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"),
		"TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1")
}

// cliBin is a folder holding only the CLI, under the name the jobs call it by.
func cliBin(t *testing.T, name, path string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Symlink(path, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
	return dir
}
