package evaluator

import (
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

// absentImporter resolves nothing: every project module is missing.
type absentImporter struct{}

func (absentImporter) Import(string, int, string) (*Module, bool, bool) { return nil, false, false }

func TestAbsentSiblingOverrideRunsTheHandler(t *testing.T) {
	for _, tc := range []struct {
		module     string
		unresolved bool // a library's names stay unknown
	}{
		{"local_settings", false},
		{"settings_local", false},
		{"overrides", false},
		{"vendor_settings.conf", true},
		{"vendor_app", true},
	} {
		src := "try:\n    from " + tc.module + " import *\nexcept ImportError:\n    X = 1\n"
		m := Evaluate("/p/settings.py", treesitter.Parse([]byte(src)), absentImporter{})
		if got := len(m.Unresolved) > 0; got != tc.unresolved {
			t.Errorf("%s: unresolved = %v, want %v", tc.module, got, tc.unresolved)
		}
		if x := m.Setting("X"); x == nil || x.Value.Repr() != "1" {
			t.Errorf("%s: the except branch did not run: X = %v", tc.module, x)
		}
	}
}
