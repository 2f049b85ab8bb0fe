// Package fuzzwatch keeps a fuzz run from stalling silently: Go's fuzzing engine has no time limit per
// execution, so an input that makes the code under test hang (or wait on something that never comes)
// stops the run at zero executions a second, and it still ends in PASS when FUZZTIME is up.
package fuzzwatch

import (
	"fmt"
	"time"
)

// Start crashes the process when the returned stop is not called within limit: the run fails, and the
// fuzzing engine keeps the input as a crasher in testdata/fuzz. what names the execution in the crash.
func Start(limit time.Duration, what string) (stop func()) {
	timer := time.AfterFunc(limit, func() {
		panic(fmt.Sprintf("fuzzwatch: %s did not return within %s: the code under test stalls", what, limit))
	})
	return func() { timer.Stop() }
}
