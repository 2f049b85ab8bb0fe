// Command bench measures what a plan costs with hundreds of managed instance applications, with the
// real terraform CLI against the fake GitLab run as a process, next to the floor that Terraform and
// its plugin protocol set (a provider that does nothing, and built-in terraform_data resources).
//
//	go run ./internal/cmd/bench [-n 300,1000] [-runs 5] [-creates 200] [-memory-plans 10] [-query 1000] [-secret-checks 300] [-keep] [-quick]
//
// It prints a table, then the same figures as one JSON line. The goals are reported, not asserted.
// Linux only: memory is read from /proc.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// background is the number of instance applications that exist beside the managed ones.
const background = 1000

type options struct {
	sizes       []int
	kinds       []*benchKind
	runs        int
	creates     int
	memoryPlans int
	query       int
	// secretChecks is the number of instance and of group applications planned over with
	// check_secrets off and on (0: skip).
	secretChecks int
	keep         bool
	timeout      time.Duration
}

func main() {
	opts, err := parseFlags()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	// The context ends on Ctrl-C, on SIGTERM and after -timeout; every child process ends with it.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, opts.timeout)
	defer cancel()
	if err := run(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		if errors.Is(ctx.Err(), context.Canceled) {
			os.Exit(130)
		}
		os.Exit(1)
	}
}

func parseFlags() (options, error) {
	sizes := flag.String("n", "300,1000", "numbers of managed applications, comma-separated")
	kinds := flag.String("kinds", "instance,group", "application kinds to plan over, comma-separated: instance, group")
	runs := flag.Int("runs", 5, "timed plans per scenario (the median is reported)")
	creates := flag.Int("creates", 200, "applications created by the timed apply (0: skip)")
	memoryPlans := flag.Int("memory-plans", 10, "plans served by one long-lived provider process (0: skip)")
	query := flag.Int("query", 1000, "applications of each kind listed by one terraform query, Terraform 1.14+ (0: skip)")
	secretChecks := flag.Int("secret-checks", 300, "instance and group applications (each) planned over with check_secrets off and on (0: skip)")
	keep := flag.Bool("keep", false, "keep the working directory (configurations, states, binaries)")
	quick := flag.Bool("quick", false, "a smoke run: -n 20 -runs 2 -creates 10")
	timeout := flag.Duration("timeout", time.Hour, "give up after this long")
	flag.Parse()
	if flag.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected arguments %q", flag.Args())
	}
	if *quick {
		*sizes, *runs, *creates, *query, *secretChecks = "20", 2, 10, 20, 20
	}
	o := options{runs: *runs, creates: *creates, memoryPlans: *memoryPlans, query: *query, keep: *keep, timeout: *timeout, secretChecks: *secretChecks}
	var err error
	if o.kinds, err = parseKinds(*kinds); err != nil {
		return o, err
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 5000 {
			return o, fmt.Errorf("-n: %q is not a number from 1 to 5000", s)
		}
		o.sizes = append(o.sizes, n)
	}
	switch {
	case o.runs < 1 || o.runs > 50:
		return o, errors.New("-runs must be 1 to 50")
	case o.creates < 0 || o.creates > 2000:
		return o, errors.New("-creates must be 0 to 2000")
	case o.query < 0 || o.query > 5000:
		return o, errors.New("-query must be 0 to 5000")
	case o.memoryPlans < 0 || o.memoryPlans > 100:
		return o, errors.New("-memory-plans must be 0 to 100")
	case o.timeout <= 0:
		return o, errors.New("-timeout must be positive")
	}
	return o, nil
}

func run(ctx context.Context, o options) error {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		return errors.New("the benchmark reads process memory from /proc: run it on Linux")
	}
	start := time.Now()
	b, err := newBench(ctx, o.keep)
	if err != nil {
		return err
	}
	defer b.close()

	r := &report{Runs: o.runs, Background: background, Machine: machine{
		CPUs: runtime.NumCPU(), OS: runtime.GOOS + "/" + runtime.GOARCH, Go: runtime.Version(),
		Terraform: b.terraformVersion(ctx), LoadBefore: loadAverage(),
	}}
	fmt.Printf("Machine: %d CPUs, %s, %s; load average %s\n", r.Machine.CPUs, r.Machine.OS, r.Machine.Terraform, r.Machine.LoadBefore)
	for i, kind := range o.kinds {
		memoryPlans := o.memoryPlans
		if i > 0 {
			memoryPlans = 0 // the framework's retention is the same whatever the kind: measured once
		}
		for _, n := range o.sizes {
			if err := b.plans(ctx, kind, n, o.runs, memoryPlans, r); err != nil {
				return fmt.Errorf("%s with %d applications: %w", kind.resourceType, n, err)
			}
		}
	}
	if o.creates > 0 {
		if err := b.createApply(ctx, o.creates, r); err != nil {
			return err
		}
	}
	if o.query > 0 {
		if err := b.queries(ctx, o.query, r); err != nil {
			return err
		}
	}
	var secretChecks []secretCheckResult
	if o.secretChecks > 0 {
		if secretChecks, err = b.secretChecks(ctx, o.secretChecks, o.runs); err != nil {
			return err
		}
	}
	r.Machine.LoadAfter = loadAverage()
	fmt.Printf("\nDone in %s; load average %s\n", elapsedSince(start), r.Machine.LoadAfter)
	r.print(os.Stdout)
	printSecretChecks(os.Stdout, secretChecks)
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	fmt.Println(string(line))
	return nil
}

// loadAverage is the first three fields of /proc/loadavg ("" elsewhere).
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	fields := strings.Fields(string(data))
	return strings.Join(fields[:min(3, len(fields))], " ")
}
