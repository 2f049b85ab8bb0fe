// Command fakegitlab runs the fake GitLab (internal/fakegitlab) as a process, for `make demo` and
// `make bench`, which drive the real terraform CLI against it as against a real GitLab.
//
//	fakegitlab -listen 127.0.0.1:0 -url-file /tmp/url -admin-token glpat-demo -seed 1000
//
// Once listening it prints the base URL (without /api/v4) on stdout and, with -url-file, writes it to
// that file in one step, so a script can wait for the file. SIGINT or SIGTERM stop it cleanly. It logs
// no token and no secret: at most a line per request with method, path, redacted query and status.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

// requestLogLimit keeps the process's memory flat over a long benchmark: the control routes serve only
// counts, which stay exact.
const requestLogLimit = 1000

func main() {
	log.SetFlags(0)
	log.SetPrefix("fakegitlab: ")
	err := run(context.Background(), os.Args[1:], os.Stdout)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case err != nil:
		log.Fatal(err)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("fakegitlab", flag.ContinueOnError)
	listen := flags.String("listen", "127.0.0.1:0", "address to listen on (port 0: any free port)")
	adminToken := flags.String("admin-token", fakegitlab.AdminToken, "the administrator's ("+fakegitlab.AdminUsername+") token")
	userToken := flags.String("user-token", fakegitlab.UserToken, "an ordinary user's ("+fakegitlab.UserUsername+") token")
	seed := flags.Int("seed", 0, "instance applications to create at start (seeded-00001, ...)")
	urlFile := flags.String("url-file", "", "write the base URL to this file once listening")
	logRequests := flags.Bool("log-requests", false, "log every request (method, path, status) to stderr")
	var opts fakegitlab.Options
	flags.BoolVar(&opts.OmitScopes, "omit-scopes", false, "leave scopes out of answers (GitLab before it reported them)")
	flags.BoolVar(&opts.NoUserApplications, "no-user-applications", false, "no /user/applications routes (GitLab < 19.0)")
	flags.BoolVar(&opts.NoRenewSecret, "no-renew-secret", false, "no renew-secret route (GitLab < 16.11)")
	flags.BoolVar(&opts.NoGroupApplications, "no-group-applications", false, "no /groups/:id/applications routes (GitLab < 19.6)")
	flags.BoolVar(&opts.AdminMode, "admin-mode", false, "admin mode: the administrator's token needs the admin_mode scope (it has it)")
	flags.BoolVar(&opts.HideDiscovery, "hide-discovery", false, "answer /.well-known/openid-configuration with 404, as a blocking proxy does")
	flags.Func("extra-scope", "a scope the built-in list lacks, as a newer GitLab has (repeatable)", func(scope string) error {
		opts.ExtraScopes = append(opts.ExtraScopes, scope)
		return nil
	})
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", flags.Args())
	}
	if *seed < 0 {
		return errors.New("-seed must not be negative")
	}
	if *adminToken == "" || *userToken == "" || *adminToken == *userToken {
		return errors.New("-admin-token and -user-token must be set and differ")
	}

	opts.RequestLogLimit = requestLogLimit
	if *logRequests {
		opts.OnRequest = func(r fakegitlab.Request) {
			query := ""
			if r.Query != "" {
				query = "?" + r.Query // tokens in the query are already [FILTERED]
			}
			log.Printf("%s %s%s -> %d (%s)", r.Method, r.Path, query, r.Status, time.Since(r.Time).Round(time.Microsecond))
		}
	}
	server := fakegitlab.New(opts)
	replaceToken(server, fakegitlab.AdminToken, *adminToken, fakegitlab.TokenOptions{AdminModeScope: true})
	replaceToken(server, fakegitlab.UserToken, *userToken, fakegitlab.TokenOptions{})
	server.SeedApplications(fakegitlab.InstanceOwner, *seed, "seeded")

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	defer listener.Close()
	url := "http://" + listener.Addr().String()
	server.SetURL(url)
	fmt.Fprintln(stdout, url)
	if *urlFile != "" { // last: the file says the server is ready
		if err := writeAtomically(*urlFile, url); err != nil {
			return err
		}
	}

	httpServer := &http.Server{Handler: server.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- httpServer.Serve(listener) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// replaceToken lets a predefined user work with the token given on the command line instead of the
// package's well-known one.
func replaceToken(server *fakegitlab.Server, predefined, value string, opts fakegitlab.TokenOptions) {
	if value == predefined {
		return
	}
	server.AddToken(server.UserID(predefined), value, opts)
	server.RemoveToken(predefined)
}

// writeAtomically writes the file under another name first, so that a script waiting for it never
// reads half a URL.
func writeAtomically(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".fakegitlab-url-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
