// Command bench measures what a plan costs with hundreds of managed instance applications, with the
// real terraform CLI against the fake GitLab run as a process, next to the floor that Terraform and
// its plugin protocol set (a provider that does nothing, and built-in terraform_data resources).
//
//	go run ./internal/cmd/bench [-n 300,1000] [-runs 5] [-creates 200] [-quick]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
)

// background is the number of instance applications that exist beside the managed ones.
const background = 1000

func main() {
	sizes := flag.String("n", "300,1000", "numbers of managed applications, comma-separated")
	runs := flag.Int("runs", 5, "plans per scenario (the median is reported)")
	creates := flag.Int("creates", 200, "applications created by the timed apply")
	quick := flag.Bool("quick", false, "a smoke run: -n 20 -runs 2 -creates 10")
	keep := flag.Bool("keep", false, "keep the working directory")
	memoryPlans := flag.Int("memory-plans", 30, "plans served by one long-lived provider process (0: skip)")
	flag.Parse()
	if *quick {
		*sizes, *runs, *creates, *memoryPlans = "20", 2, 10, 5
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 || n > 5000 {
			log.Fatalf("-n: %q is not a number from 1 to 5000", s)
		}
		ns = append(ns, n)
	}
	if *runs < 1 || *runs > 50 || *creates < 0 || *creates > 2000 {
		log.Fatal("-runs must be 1 to 50 and -creates 0 to 2000")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	b, err := newBench(ctx, *keep, *memoryPlans)
	if err != nil {
		log.Fatal(err)
	}
	defer b.close()

	report := &report{}
	for _, n := range ns {
		if err := b.plans(ctx, n, *runs, report); err != nil {
			b.close()
			log.Fatal(err)
		}
	}
	if *creates > 0 {
		if err := b.createApply(ctx, *creates, report); err != nil {
			b.close()
			log.Fatal(err)
		}
	}
	report.print(os.Stdout)
	line, _ := json.Marshal(report)
	fmt.Println(string(line))
}
