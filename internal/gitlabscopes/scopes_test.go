package gitlabscopes

import "testing"

func TestNearMiss(t *testing.T) {
	for scope, want := range map[string]string{
		"API": "api", "read-user": "read_user", "openId": "openid", "Read_User": "read_user",
		"read.api": "read_api", "write-Repository": "write_repository",
		"api": "", "read_user": "", "write_everything": "", "apis": "", "user:API": "", "": "",
	} {
		got, ok := NearMiss(scope, BuiltIn())
		if got != want || ok != (want != "") {
			t.Errorf("NearMiss(%q) = %q, %v; want %q", scope, got, ok, want)
		}
	}
}

func TestIsDynamicAndHasSpace(t *testing.T) {
	for scope, want := range map[string]bool{"user:x": true, "user:a:b": true, "user:": false, "User:x": false, "api": false} {
		if IsDynamic(scope) != want {
			t.Errorf("IsDynamic(%q) = %v", scope, !want)
		}
	}
	for scope, want := range map[string]bool{"read_user ": true, "a\tb": true, "a\u00a0b": true, "read_user": false} {
		if HasSpace(scope) != want {
			t.Errorf("HasSpace(%q) = %v", scope, !want)
		}
	}
}

func TestBuiltInIsGitLabs(t *testing.T) {
	scopes := BuiltIn()
	if len(scopes) != 25 || scopes[0] != "api" || scopes[len(scopes)-1] != "ai_workflows" {
		t.Errorf("BuiltIn() = %v", scopes)
	}
	scopes[0] = "changed"
	if BuiltIn()[0] != "api" {
		t.Error("BuiltIn returns the package's own slice")
	}
}
