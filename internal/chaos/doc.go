// Package chaos is the provider's fault campaign: random, seeded schedules of the faults a network
// between the provider and GitLab produces (answers lost before or after GitLab's work, 429s, a
// proxy's 5xx page before or after the work, a 504 whose create lands later, cut connections, a second
// loss during a recovery), over creates, updates, renewals, replacements and deletes of a configuration
// that mixes every kind of application and twins (resources with the same name, redirect URI and
// scopes). After each schedule, one last apply without faults, then the invariants: GitLab holds
// exactly the applications in state (no duplicate, no two resources on one application, no orphan but
// those an error or a warning named), every secret in state authenticates at the token endpoint, and no
// error, warning or log line holds a secret or the token.
//
// Two levels: the client against the fake GitLab (TestChaosClient, thousands of schedules in minutes)
// and the real CLI with the provider served in the test process (TestChaosCLI). `go test` runs a short
// campaign; `make chaos` the long one (CHAOS_SCHEDULES, CHAOS_CLI_SCHEDULES, CHAOS_SEED).
package chaos
