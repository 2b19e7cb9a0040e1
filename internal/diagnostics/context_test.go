package diagnostics

import (
	"testing"

	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/treesitter"
)

func module(src string) *evaluator.Module {
	return evaluator.Evaluate("/p/settings.py", treesitter.Parse([]byte(src)), nil)
}

var testRule = Reporter{ID: "DJS999", Name: "test-rule", Severity: Warning, DjangoCheck: "security.W999"}

// run applies check to the module src and returns its findings.
func run(src string, check func(*Context)) []Finding {
	var out []Finding
	NewContext(module(src), nil, Newest, &out).Run(testRule, check)
	return out
}

func TestRunStampsTheRuleOnEachFinding(t *testing.T) {
	const src = "import os\nDEBUG = True\n"
	got := run(src, func(c *Context) {
		b := c.Setting("DEBUG")
		c.OnValue(b, b.Value, "", "rule's check")
		c.OnValue(b, b.Value, "security.W998", "a variant")
		c.OnValue(b, b.Value, "-", "no Django check")
	})
	if len(got) != 3 {
		t.Fatalf("got %d findings, want 3", len(got))
	}
	for i, check := range []string{"security.W999", "security.W998", ""} {
		f := got[i]
		if f.Code != "DJS999" || f.Name != "test-rule" || f.Severity != Warning || f.DjangoCheck != check || f.Setting != "DEBUG" {
			t.Errorf("finding %d: %+v, want Django check %q", i, f, check)
		}
		// The value that decides: `True` on line 2.
		if f.Path != "/p/settings.py" || src[f.Start:f.End] != "True" {
			t.Errorf("finding %d at [%d, %d), want the value True", i, f.Start, f.End)
		}
	}
}

func TestMissingSitsOnMiddlewareThenDebugThenLineOne(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"A = 1\nDEBUG = False\nMIDDLEWARE = []\n", "MIDDLEWARE"},
		{"A = 1\nDEBUG = False\n", "DEBUG"},
		{"A = 1\nB = 2\n", "A = 1"},
		{"A = 1\r\nB = 2\r\n", "A = 1"},
		{"", ""},
	} {
		got := run(tc.src, func(c *Context) { c.Missing("LOGGING", "", "LOGGING is not set") })
		if len(got) != 1 {
			t.Fatalf("%q: %d findings", tc.src, len(got))
		}
		f := got[0]
		if tc.src[f.Start:f.End] != tc.want || f.Setting != "LOGGING" || f.Message != "LOGGING is not set" || f.DjangoCheck != "security.W999" {
			t.Errorf("%q: finding on %q (%+v), want on %q", tc.src, tc.src[f.Start:f.End], f, tc.want)
		}
	}
}

func TestReportFileHasNoDjangoCheck(t *testing.T) {
	got := run("A = 1\n", func(c *Context) { c.ReportFile("/p/.gitignore", 2, 7, "", ".env is not ignored") })
	if len(got) != 1 || got[0].Path != "/p/.gitignore" || got[0].Start != 2 || got[0].End != 7 || got[0].DjangoCheck != "" || got[0].Code != "DJS999" {
		t.Errorf("got %+v", got)
	}
}

func TestExplainNamesTheDefault(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"import os\nDEBUG = os.environ.get('DEBUG', 'True')\n", " (DEBUG is unset in production, so default 'True' applies)"},
		{"from decouple import config\nDEBUG = config('DEBUG', default=True, cast=bool)\n", " (DEBUG is unset in production, so default=True applies)"},
		{"DEBUG = True\n", ""},
	} {
		var got string
		run(tc.src, func(c *Context) { got = c.Explain(c.Value("DEBUG")) })
		if got != tc.want {
			t.Errorf("%q: Explain = %q, want %q", tc.src, got, tc.want)
		}
	}
}

func TestSeverityRoundTrips(t *testing.T) {
	for _, s := range []Severity{Error, Warning, Info} {
		got, err := ParseSeverity(s.String())
		if err != nil || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Error("ParseSeverity(fatal) accepted it")
	}
	if Severity(0).String() != "unknown" {
		t.Errorf("zero severity is %q", Severity(0))
	}
}

func TestVersionAtLeast(t *testing.T) {
	v := Version{Major: 4, Minor: 2}
	for _, tc := range []struct {
		major, minor int
		want         bool
	}{{4, 2, true}, {4, 1, true}, {3, 9, true}, {4, 3, false}, {5, 0, false}} {
		if got := v.AtLeast(tc.major, tc.minor); got != tc.want {
			t.Errorf("4.2 AtLeast(%d, %d) = %v", tc.major, tc.minor, got)
		}
	}
	if v.String() != "4.2" {
		t.Errorf("String() = %q", v)
	}
}
