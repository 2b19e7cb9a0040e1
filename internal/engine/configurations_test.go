package engine

import (
	"strings"
	"testing"
)

// TestClassNameTokens: class names split into words as file names do, so
// the same production and development words decide their role.
func TestClassNameTokens(t *testing.T) {
	cases := map[string]string{
		"ProductionConfig": "production config",
		"Prod":             "prod",
		"LiveSettings":     "live settings",
		"Prod_EU":          "prod eu",
		"HTTPSProd":        "https prod",
		"DevSettings":      "dev settings",
		"TestCase2":        "test case2",
		"Staging":          "staging",
		"Base":             "base",
	}
	for name, want := range cases {
		if got := strings.Join(classNameTokens(name), " "); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}
