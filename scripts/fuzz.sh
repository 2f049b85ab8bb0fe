#!/usr/bin/env bash
# Runs every fuzz target of the repository, one after another (go test fuzzes one target at a time),
# each for FUZZTIME (the first argument: 10s, 5m, 1h, or a number of executions such as 5000x), and fails when a target finds a crasher, when a
# run ends without a single execution, or when it stalls: no new execution for STALL_SECONDS while the
# engine reports progress, or the whole run still going long after FUZZTIME. Each target's own
# watchdog (internal/fuzzwatch) fails an execution that does not return; this catches what stalls the
# engine itself, such as a process out of file descriptors.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime=${1:?usage: scripts/fuzz.sh FUZZTIME}
# The engine counts no execution while it minimizes a new input, by default for up to a minute each,
# which left runs of these targets counting nothing for most of a minute; MINIMIZE_TIME bounds that, and
# a pause well past it is a stall.
minimize_time=${MINIMIZE_TIME:-10s}
stall_seconds=${STALL_SECONDS:-60}

case "$fuzztime" in
*s) seconds=${fuzztime%s} ;;
*m) seconds=$((${fuzztime%m} * 60)) ;;
*h) seconds=$((${fuzztime%h} * 3600)) ;;
*x) seconds=60 ;; # executions: the replay of the cached inputs is what takes time
*) echo "FUZZTIME $fuzztime: use a duration in s, m or h, or a number of executions (5000x)" >&2; exit 2 ;;
esac
# Building the test binary and running the seed corpus come on top of FUZZTIME.
limit=$((seconds * 2 + 300))

log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=0
for file in $(grep -rl --include='*_test.go' '^func Fuzz' internal | sort); do
	pkg=./$(dirname "$file")
	for target in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$file"); do
		echo "fuzzing $target in $pkg for $fuzztime"
		status=0
		timeout --kill-after=30s "$limit" go test -run '^$' -fuzz "^$target\$" -fuzztime "$fuzztime" -fuzzminimizetime "$minimize_time" "$pkg" 2>&1 | tee "$log" || status=$?
		if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
			echo "FAIL: $target still ran after ${limit}s (FUZZTIME $fuzztime): the run stalled" >&2
			failed=1
			continue
		fi
		if [ "$status" -ne 0 ]; then
			echo "FAIL: $target (exit status $status)" >&2
			failed=1
			continue
		fi
		# Progress lines: "fuzz: elapsed: 1m9s, execs: 12345 (1371/sec), new interesting: ..."
		if ! awk -v stall="$stall_seconds" -v target="$target" '
			match($0, /elapsed: ([0-9]+h)?([0-9]+m)?[0-9]+s, execs: [0-9]+ /) {
				line = substr($0, RSTART, RLENGTH)
				elapsed = 0
				if (match(line, /[0-9]+h/)) elapsed += 3600 * substr(line, RSTART, RLENGTH - 1)
				if (match(line, /[0-9]+m/)) elapsed += 60 * substr(line, RSTART, RLENGTH - 1)
				if (match(line, /[0-9]+s,/)) elapsed += substr(line, RSTART, RLENGTH - 2)
				match(line, /execs: [0-9]+/); execs = substr(line, RSTART + 7, RLENGTH - 7) + 0
				if (execs != last) { last = execs; since = elapsed }
				else if (elapsed - since >= stall && !reported) { printf "FAIL: %s made no execution from %ds on\n", target, since; bad = 1; reported = 1 }
			}
			END {
				if (last == "" || last == 0) { printf "FAIL: %s ran no execution\n", target; bad = 1 }
				else printf "%s: %d executions\n", target, last
				exit bad
			}' "$log" >&2; then
			failed=1
		fi
	done
done
exit "$failed"
