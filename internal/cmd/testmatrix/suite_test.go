package main

import (
	"strings"
	"testing"
)

func TestParseEvents_countsLeavesAndKeepsSkipReasons(t *testing.T) {
	out := strings.Join([]string{
		`{"Action":"run","Test":"TestA"}`,
		`{"Action":"pass","Test":"TestA"}`,
		`{"Action":"run","Test":"TestB"}`,
		`{"Action":"run","Test":"TestB/one"}`,
		`{"Action":"fail","Test":"TestB/one"}`,
		`{"Action":"run","Test":"TestB/two"}`,
		`{"Action":"output","Test":"TestB/two","Output":"=== RUN   TestB/two\n"}`,
		`{"Action":"output","Test":"TestB/two","Output":"    b_test.go:12: Terraform CLI version 1.5.7 is below minimum version 1.8.0: skipping test\n"}`,
		`{"Action":"output","Test":"TestB/two","Output":"--- SKIP: TestB/two (0.00s)\n"}`,
		`{"Action":"skip","Test":"TestB/two"}`,
		`{"Action":"fail","Test":"TestB"}`,
		`{"Action":"run","Test":"TestC"}`,
		`not json: a build message`,
	}, "\n")
	tests := parseEvents([]byte(out))
	r := result{tests: tests}
	if r.count(outcomePass) != 1 || r.count(outcomeFail) != 2 || r.count(outcomeSkip) != 1 {
		t.Fatalf("got %+v, want TestA passed, TestB/one and the unfinished TestC failed, TestB/two skipped", tests)
	}
	for _, tc := range tests {
		if tc.name == "TestB/two" && tc.reason != "Terraform CLI version 1.5.7 is below minimum version 1.8.0: skipping test" {
			t.Errorf("skip reason %q", tc.reason)
		}
	}
}
