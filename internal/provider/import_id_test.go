package provider

import (
	"regexp"
	"testing"
)

// TestParseImportID: every kind's import id is parsed before any request, and a malformed one is
// refused with the format and an example.
func TestParseImportID(t *testing.T) {
	t.Parallel()
	const (
		groupFormat = "is not a group application import id: use `<group>:<application id>`, such as `acme/platform:42`"
		notAnID     = "is not an application id: GitLab's application ids are positive whole numbers"
	)
	for _, tc := range []struct {
		kind      *applicationKind
		raw       string
		owner     string
		id        int64
		wantError string
	}{
		{instanceApplications, "42", "", 42, ""},
		{userApplications, "7", "", 7, ""},
		{groupApplications, "acme/platform:42", "acme/platform", 42, ""},
		{groupApplications, "17:42", "17", 42, ""},
		{instanceApplications, "x", "", 0, `"x" ` + notAnID},
		{userApplications, "0", "", 0, `"0" ` + notAnID},
		{userApplications, "acme/platform:42", "", 0, notAnID},
		{groupApplications, "42", "", 0, `"42" ` + groupFormat},
		{groupApplications, "acme/platform", "", 0, groupFormat},
		{groupApplications, ":42", "", 0, groupFormat},
		{groupApplications, "a:b:42", "", 0, groupFormat},
		{groupApplications, "acme/platform:x", "", 0, `"x" ` + notAnID},
	} {
		owner, id, err := tc.kind.parseImportID(tc.raw)
		if tc.wantError != "" {
			if err == nil || !regexp.MustCompile(regexp.QuoteMeta(tc.wantError)).MatchString(err.Error()) {
				t.Errorf("%s import id %q: error %v, want one saying %s", tc.kind.name, tc.raw, err, tc.wantError)
			}
			continue
		}
		if err != nil || owner != tc.owner || id != tc.id {
			t.Errorf("%s import id %q: %q, %d, %v; want %q, %d", tc.kind.name, tc.raw, owner, id, err, tc.owner, tc.id)
		}
	}
}
