package chaos

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// campaign runs schedules and counts what it did; a violation fails the test with the schedule's seed,
// which replays it: make chaos CHAOS_SEED=<seed> with one schedule of its level (schedule i of a
// campaign has seed base+i, so a schedule's seed is the base of a campaign that runs it first).
type campaign struct {
	level     string
	replay    string // the settings that replay one schedule of this level, but the seed
	seed      uint64
	schedules int
	parallel  int

	mu         sync.Mutex
	ran        int
	faults     map[string]int
	violations int
}

// newCampaign reads the campaign's settings: the seed (CHAOS_SEED, else a random one, printed) and the
// number of schedules (the variable named, else short, the budget of `go test`).
func newCampaign(t *testing.T, level, schedulesVar, otherLevelVar string, short, parallel int) *campaign {
	t.Helper()
	c := &campaign{level: level, schedules: short, parallel: parallel, faults: map[string]int{},
		replay: schedulesVar + "=1 " + otherLevelVar + "=0"}
	if v := os.Getenv(schedulesVar); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			t.Fatalf("%s=%q is not a number of schedules", schedulesVar, v)
		}
		c.schedules = n
	}
	c.seed = rand.Uint64() >> 1
	if v := os.Getenv("CHAOS_SEED"); v != "" {
		seed, err := strconv.ParseUint(v, 10, 63)
		if err != nil {
			t.Fatalf("CHAOS_SEED=%q is not a seed", v)
		}
		c.seed = seed
	}
	t.Logf("%s campaign: seed %d, %d schedules", level, c.seed, c.schedules)
	return c
}

// run runs every schedule, parallel at a time, and prints the figures at the end.
func (c *campaign) run(t *testing.T, schedule func(t *testing.T, seed uint64, faults func(string)) []string) {
	start := time.Now()
	next := make(chan int)
	var wg sync.WaitGroup
	for range c.parallel {
		wg.Go(func() {
			for i := range next {
				seed := c.seed + uint64(i)
				violations := schedule(t, seed, c.countFault)
				c.mu.Lock()
				c.ran++
				if len(violations) > 0 {
					c.violations++
					t.Errorf("%s schedule %d violates the invariants; replay it with make chaos CHAOS_SEED=%d %s\n%s",
						c.level, i, seed, c.replay, strings.Join(violations, "\n"))
				}
				c.mu.Unlock()
			}
		})
	}
	for i := range c.schedules {
		if t.Failed() && c.violations >= 3 {
			break // enough to look at
		}
		next <- i
	}
	close(next)
	wg.Wait()
	c.report(time.Since(start))
}

// hitPrefix marks the count of requests a kind of the fake's faults broke (a fault injected may break
// none, one, or a few).
const hitPrefix = "hit: "

func (c *campaign) countFault(kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.faults[kind]++
}

// report prints the campaign's figures on stdout, which `make chaos` shows whatever the verbosity.
func (c *campaign) report(took time.Duration) {
	var b strings.Builder
	fmt.Fprintf(&b, "chaos %s level: seed %d, %d schedules run, %d with violations, %s\n", c.level, c.seed, c.ran, c.violations, took.Round(time.Millisecond))
	total := 0
	fmt.Fprintf(&b, "  faults injected, by kind:\n")
	for _, kind := range slices.Sorted(maps.Keys(c.faults)) {
		if !strings.HasPrefix(kind, hitPrefix) && kind != secondLoss {
			fmt.Fprintf(&b, "    %-26s %6d\n", kind, c.faults[kind])
			total += c.faults[kind]
		}
	}
	fmt.Fprintf(&b, "    %-26s %6d\n    %-26s %6d\n  requests they broke, by the fake's fault kind:\n", "total", total, secondLoss, c.faults[secondLoss])
	for _, kind := range slices.Sorted(maps.Keys(c.faults)) {
		if strings.HasPrefix(kind, hitPrefix) {
			fmt.Fprintf(&b, "    %-26s %6d\n", strings.TrimPrefix(kind, hitPrefix), c.faults[kind])
		}
	}
	fmt.Print(b.String())
}
