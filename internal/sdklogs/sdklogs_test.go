package sdklogs

import (
	"os"
	"testing"
)

func TestDropUnread(t *testing.T) {
	for _, tc := range []struct {
		name, switchName string
		want             string
	}{
		{"nobody reads the logs", "", "OFF"},
		{"TF_LOG set", "TF_LOG", ""},
		{"TF_LOG_PROVIDER set", "TF_LOG_PROVIDER", ""},
		{"SDK logs asked for", "TF_LOG_SDK_FRAMEWORK", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, name := range logSwitches {
				t.Setenv(name, "")
			}
			if tc.switchName != "" {
				t.Setenv(tc.switchName, "DEBUG")
			}
			DropUnread()
			if got := os.Getenv("TF_LOG_SDK"); got != tc.want {
				t.Errorf("TF_LOG_SDK=%q, want %q", got, tc.want)
			}
		})
	}
}
