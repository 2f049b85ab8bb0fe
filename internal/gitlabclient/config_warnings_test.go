package gitlabclient

import (
	"strings"
	"testing"
)

// TestBaseURLErrorsHideCredentials: a base_url with user:password is refused without showing them,
// whether it parses or not.
func TestBaseURLErrorsHideCredentials(t *testing.T) {
	for _, raw := range []string{
		"https://root:hunter2secret@gitlab.example.com",
		"https://glpat-usernametoken@gitlab.example.com",
		"https://root:hunter2 secret@gitlab.example.com",
		"https://root:hunter2/secret@gitlab.example.com",
		"https://root:hunter2%zzsecret@gitlab.example.com",
		"https://root:hunter2#secret@gitlab.example.com/api/v4",
		"gitlab.example.com:hunter2secret@x",
		"ftp://root:hunter2secret@gitlab.example.com",
	} {
		_, err := New(Config{BaseURL: raw, Token: "t"})
		if err == nil {
			t.Errorf("%s accepted", raw)
			continue
		}
		for _, secret := range []string{"hunter2", "secret", "glpat-usernametoken"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("%s: the error shows %q: %v", raw, secret, err)
			}
		}
		if !strings.Contains(err.Error(), "xxxxx") {
			t.Errorf("%s: %v does not show where the credentials were", raw, err)
		}
	}
}

func TestTransportWarnings(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		want []string // attributes warned about
	}{
		{Config{BaseURL: "https://gitlab.example.com"}, nil},
		{Config{}, nil},
		{Config{BaseURL: "http://127.0.0.1:8080"}, nil},
		{Config{BaseURL: "http://localhost/api/v4"}, nil},
		{Config{BaseURL: "http://[::1]:3000"}, nil},
		{Config{BaseURL: "http://gitlab.example.com"}, []string{"base_url"}},
		{Config{BaseURL: "http://10.0.0.5"}, []string{"base_url"}},
		{Config{BaseURL: "https://gitlab.example.com", Insecure: true}, []string{"insecure"}},
		{Config{BaseURL: "http://gitlab.example.com", Insecure: true, CACertFile: "ca.pem"}, []string{"base_url", "insecure"}},
	} {
		var got []string
		for _, w := range TransportWarnings(tc.cfg) {
			got = append(got, w.Attribute)
			if w.Attribute == "insecure" && tc.cfg.CACertFile != "" && !strings.Contains(w.Detail, "cacert_file is set") {
				t.Errorf("%+v: %q does not say cacert_file is moot", tc.cfg, w.Detail)
			}
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%+v: warnings about %v, want %v", tc.cfg, got, tc.want)
		}
	}
}
