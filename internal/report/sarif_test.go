package report

import "testing"

func TestArtifactLocation(t *testing.T) {
	for path, want := range map[string][2]string{
		"app/settings.py":      {"app/settings.py", "%SRCROOT%"},
		"app/a%20b.py":         {"app/a%2520b.py", "%SRCROOT%"},
		"my app/s#1?.py":       {"my%20app/s%231%3F.py", "%SRCROOT%"},
		"a:b.py":               {"a%3Ab.py", "%SRCROOT%"}, // not a URI scheme
		"/srv/my app/a%20b.py": {"file:///srv/my%20app/a%2520b.py", ""},
		"C:/proj/settings.py":  {"file:///C:/proj/settings.py", ""},
		"app/caf\u00e9/s.py":   {"app/caf%C3%A9/s.py", "%SRCROOT%"},
	} {
		got := artifactLocation(path)
		base, _ := got["uriBaseId"].(string)
		if got["uri"] != want[0] || base != want[1] {
			t.Errorf("artifactLocation(%q) = %v, want uri %q base %q", path, got, want[0], want[1])
		}
	}
}
