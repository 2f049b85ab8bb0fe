// Command fakegitlab runs the fake GitLab as a process, for the demo and the benchmark.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/fakegitlab"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	adminToken := flag.String("admin-token", fakegitlab.AdminToken, "an administrator's token")
	userToken := flag.String("user-token", fakegitlab.UserToken, "an ordinary user's token")
	seed := flag.Int("seed", 0, "instance applications to create at start")
	urlFile := flag.String("url-file", "", "write the base URL to this file once listening")
	var opts fakegitlab.Options
	flag.BoolVar(&opts.OmitScopes, "omit-scopes", false, "leave scopes out of answers (older GitLab)")
	flag.BoolVar(&opts.NoUserApplications, "no-user-applications", false, "play a GitLab older than 19.0")
	flag.BoolVar(&opts.NoRenewSecret, "no-renew-secret", false, "play a GitLab older than 16.11")
	flag.Parse()

	server := fakegitlab.New(opts)
	if *adminToken != fakegitlab.AdminToken {
		server.AddUser("admin", true, *adminToken)
	}
	if *userToken != fakegitlab.UserToken {
		server.AddUser("user", false, *userToken)
	}
	server.SeedApplications(0, *seed, "seeded")

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	url := "http://" + listener.Addr().String()
	server.SetURL(url)
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(url), 0o600); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(url)

	httpServer := &http.Server{Handler: server.Handler(), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = httpServer.Shutdown(shutdown)
	}()
	if err := httpServer.Serve(listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
