package provider

import (
	"strings"
	"testing"
	"time"
)

func TestLostCreateWait(t *testing.T) {
	for raw, want := range map[string]time.Duration{"90s": 90 * time.Second, " 2m ": 2 * time.Minute, "0s": -1, "0": -1} {
		if got, err := lostCreateWait(raw); err != nil || got != want {
			t.Errorf("%q: %v, %v; want %v", raw, got, err, want)
		}
	}
	for raw, want := range map[string]string{"90": "not a duration", "soon": "not a duration", "-1s": "negative"} {
		if _, err := lostCreateWait(raw); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want an error saying %q", raw, err, want)
		}
	}
}
