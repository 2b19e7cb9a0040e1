package engine

import (
	"testing"

	"github.com/djls-dev/djls/internal/diagnostics"
)

// TestParseVersionIsTheProjects: the configured Django version is read by
// the parser that reads requirements. (The engine had its own, which
// refused a pre-release such as "5.1rc1".)
func TestParseVersionIsTheProjects(t *testing.T) {
	for _, c := range []struct {
		in   string
		want diagnostics.Version
		ok   bool
	}{
		{"4.2", diagnostics.Version{Major: 4, Minor: 2}, true},
		{" 5.0 ", diagnostics.Version{Major: 5}, true},
		{"4.2.11", diagnostics.Version{Major: 4, Minor: 2}, true},
		{"5.1rc1", diagnostics.Version{Major: 5, Minor: 1}, true},
		{"5", diagnostics.Version{}, false},
		{"4.x", diagnostics.Version{}, false},
		{"", diagnostics.Version{}, false},
	} {
		if got, ok := parseVersion(c.in); ok != c.ok || (ok && got != c.want) {
			t.Errorf("parseVersion(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
