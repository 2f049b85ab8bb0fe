package chaos

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
)

// The configuration every schedule changes: each kind, with twins (same name, redirect URI and scopes)
// and one resource apart.

type kind string

const (
	instance kind = "instance"
	user     kind = "user"
	group    kind = "group"
)

// renewsInPlace: only instance applications have a renew route; the others are replaced to rotate.
func (k kind) renewsInPlace() bool { return k == instance }

// updatesInPlace: only user and group applications have a PUT; an instance application is replaced.
func (k kind) updatesInPlace() bool { return k != instance }

type resource struct {
	kind  kind
	label string // the resource's name in HCL
	// family is the name every resource of a family starts with; twins share it.
	family      string
	redirectURI string
}

func (r resource) address() string { return "gitlab_" + string(r.kind) + "_application." + r.label }

var resources = func() []resource {
	var all []resource
	for _, k := range []kind{instance, user, group} {
		twins := "chaos-" + string(k) + "-twin"
		all = append(all,
			resource{k, "twin_a", twins, "https://twin.example.com/cb"},
			resource{k, "twin_b", twins, "https://twin.example.com/cb"},
			resource{k, "solo", "chaos-" + string(k) + "-solo", "https://solo.example.com/cb"})
	}
	return all
}()

// desired is what the configuration says of one resource.
type desired struct {
	present  bool
	name     string
	scopes   []string
	rotation int // the value of secret_rotation_triggers
}

type configuration map[string]desired // by address

func initialConfiguration() configuration {
	c := configuration{}
	for _, r := range resources {
		c[r.address()] = desired{present: true, name: r.family, scopes: []string{"openid"}}
	}
	return c
}

// mutate changes the configuration as a user would between two applies: add or remove a resource,
// rename it, change its scopes, rotate its secret. Names and scopes come from two values each, so that
// twins part and meet again.
func (c configuration) mutate(rng *rand.Rand) configuration {
	next := maps.Clone(c)
	for _, r := range resources {
		d := next[r.address()]
		switch rng.IntN(8) {
		case 0:
			d.present = !d.present
		case 1:
			d.name = pick(rng, r.family, r.family+"-v2")
		case 2:
			d.scopes = pick(rng, []string{"openid"}, []string{"openid", "profile"})
		case 3:
			d.rotation++
		}
		next[r.address()] = d
	}
	return next
}

func pick[T any](rng *rand.Rand, values ...T) T { return values[rng.IntN(len(values))] }

// String lists the configuration for a violation's report.
func (c configuration) String() string {
	var lines []string
	for _, address := range slices.Sorted(maps.Keys(c)) {
		d := c[address]
		if !d.present {
			lines = append(lines, "    "+address+": absent")
			continue
		}
		lines = append(lines, fmt.Sprintf("    %s: name %q, scopes %v, rotation %d", address, d.name, d.scopes, d.rotation))
	}
	return strings.Join(lines, "\n")
}

// round is one apply of a schedule: the configuration it applies and the faults GitLab's network
// puts on its requests.
type round struct {
	config configuration
	faults []injected
}

// schedule is a seeded list of rounds; the last apply, without faults, applies the last configuration.
type schedule struct {
	seed   uint64
	rounds []round
}

func newSchedule(seed uint64, rounds int, lateMax int64) schedule {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s := schedule{seed: seed}
	config := initialConfiguration()
	for i := range rounds {
		if i > 0 {
			config = config.mutate(rng)
		}
		s.rounds = append(s.rounds, round{config: config, faults: randomFaults(rng, rng.IntN(5), lateMax)})
	}
	return s
}

func (s schedule) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "schedule of seed %d:\n", s.seed)
	for i, r := range s.rounds {
		fmt.Fprintf(&b, "  apply %d:\n%s\n  faults:\n", i+1, r.config)
		for _, f := range r.faults {
			fmt.Fprintf(&b, "    %s\n", f)
		}
	}
	b.WriteString("  then one apply without faults of the last configuration")
	return b.String()
}
