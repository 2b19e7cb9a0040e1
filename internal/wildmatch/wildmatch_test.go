package wildmatch

import "testing"

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, text string
		want          bool
	}{
		{"deploy/*.py", "deploy/prod.py", true},
		{"deploy/*.py", "deploy/k8s/prod.py", false}, // * stays in one folder
		{"**/settings/prod.py", "settings/prod.py", true},
		{"**/settings/prod.py", "a/b/settings/prod.py", true},
		{"config/**/prod.py", "config/prod.py", true},
		{"config/**", "config/settings/prod.py", true},
		{"config/settings/ci_*.py", "config/settings/ci_gh.py", true},
		{"settings/[!_]*.py", "settings/prod.py", true}, // git's negation
		{"settings/[!_]*.py", "settings/_local.py", false},
		{"settings/[^_]*.py", "settings/_local.py", false},
		{"settings/[[:lower:]]*.py", "settings/Prod.py", false},
		{"prod?.py", "prod1.py", true},
		{"prod?.py", "prod/.py", false},
		{`\*.py`, "*.py", true},
		{`\*.py`, "a.py", false},
		{"bad[", "bad[", false}, // malformed: matches nothing
	} {
		if got := Match(c.pattern, c.text); got != c.want {
			t.Errorf("Match(%q, %q) = %v, want %v", c.pattern, c.text, got, c.want)
		}
	}
}

func TestValid(t *testing.T) {
	for _, c := range []struct {
		pattern string
		ok      bool
	}{
		{"deploy/*.py", true},
		{"**/x/[!_]*.py", true},
		{"[]a]", true},  // ']' first is a member, as in git
		{"[a-]", true},  // so is a trailing '-'
		{`a\[b`, true},  // a quoted '['
		{"bad[", false}, // not closed
		{"[[:nope:]]", false},
		{`ends\`, false},
	} {
		if err := Valid(c.pattern); (err == nil) != c.ok {
			t.Errorf("Valid(%q) = %v, want ok %v", c.pattern, err, c.ok)
		}
	}
}
