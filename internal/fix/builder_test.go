package fix

import (
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/treesitter"
)

const testPath = "/p/settings.py"

// target is a finding on the first occurrence of at in src.
func target(t *testing.T, src, at string) Target {
	t.Helper()
	start := strings.Index(src, at)
	if start < 0 {
		t.Fatalf("%q not in %q", at, src)
	}
	m := evaluator.Evaluate(testPath, treesitter.Parse([]byte(src)), nil)
	return Target{Finding: diagnostics.Finding{Code: "DJS999", Location: diagnostics.Location{Path: testPath, Start: start, End: start + len(at)}},
		Module: m, Text: []byte(src)}
}

// edit runs build on a finding at `at` in src and returns the text after
// its edits ("" when it built none).
func edit(t *testing.T, src, at string, build func(b *Builder) []Edit) string {
	t.Helper()
	fixes := Build(target(t, src, at), false, func(b *Builder) *Fix { return &Fix{Title: "t", Safe: true, Edits: build(b)} })
	if len(fixes) == 0 {
		return ""
	}
	out, err := Apply([]byte(src), fixes[0].Edits)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestBuildStampsTheFix(t *testing.T) {
	tg := target(t, "DEBUG = True\n", "True")
	got := Build(tg, false, func(b *Builder) *Fix {
		if b.Node() == nil || b.Node().Type() != "true" || b.Path() != testPath || string(b.Text()) != "DEBUG = True\n" {
			t.Errorf("builder sees node %v, path %q", b.Node(), b.Path())
		}
		return &Fix{Title: "x", Safe: true, Edits: []Edit{b.Replace(b.Node(), "False")}}
	})
	if len(got) != 1 || got[0].Kind != KindQuickFix || got[0].Code != "DJS999" || !got[0].Preferred {
		t.Fatalf("got %+v", got)
	}
	unsafe := Build(tg, false, func(b *Builder) *Fix { return &Fix{Title: "x", Edits: []Edit{b.Replace(b.Node(), "False")}} })
	if len(unsafe) != 1 || !unsafe[0].Preferred || unsafe[0].Safe {
		t.Errorf("a finding's own unsafe fix is not preferred (or is safe): %+v", unsafe)
	}
	for name, build := range map[string]func(*Builder) *Fix{
		"nil fix":  func(*Builder) *Fix { return nil },
		"no edits": func(*Builder) *Fix { return &Fix{Title: "x"} },
	} {
		if got := Build(tg, false, build); got != nil {
			t.Errorf("%s: got %+v", name, got)
		}
	}
	// A settings fix needs the module and a finding inside the text.
	tg.Module = nil
	if Build(tg, false, func(*Builder) *Fix { t.Error("built without a module"); return nil }) != nil {
		t.Error("fix without a module")
	}
	tg = target(t, "DEBUG = True\n", "True")
	tg.Finding.End = 99
	if Build(tg, false, func(*Builder) *Fix { t.Error("built past the end"); return nil }) != nil {
		t.Error("fix past the end of the text")
	}
	// A project-file fix gets no module, and Style is the zero style.
	proj := Target{Finding: diagnostics.Finding{Code: "DJS801", Location: diagnostics.Location{Path: "/p/.gitignore"}}, Text: []byte("*.pyc\n")}
	got = Build(proj, true, func(b *Builder) *Fix {
		if b.Node() != nil || b.Style() != (Style{}) {
			t.Error("a project-file builder sees a module")
		}
		return &Fix{Title: "x", Safe: true, Edits: []Edit{{Path: b.Path(), Start: 6, End: 6, NewText: ".env\n"}}}
	})
	if len(got) != 1 || got[0].Code != "DJS801" {
		t.Errorf("project fix: %+v", got)
	}
}

func TestEditPrimitives(t *testing.T) {
	for _, tc := range []struct {
		name, src, at string
		build         func(b *Builder) []Edit
		want          string
	}{
		{"replace", "DEBUG = True\n", "True",
			func(b *Builder) []Edit { return []Edit{b.Replace(b.Node(), "False")} },
			"DEBUG = False\n"},
		{"insert after statement keeps its indentation", "if X:\n    A = 1\nB = 2\n", "A = 1",
			func(b *Builder) []Edit { return []Edit{b.InsertAfterStatement(StatementOf(b.Node()), "C = 3\n")} },
			"if X:\n    A = 1\n    C = 3\nB = 2\n"},
		{"insert after the last line without a line break", "A = 1", "A = 1",
			func(b *Builder) []Edit { return []Edit{b.InsertAfterStatement(StatementOf(b.Node()), "B = 2\n")} },
			"A = 1\nB = 2\n"},
		{"insert after statement in CRLF", "A = 1\r\nB = 2\r\n", "A = 1",
			func(b *Builder) []Edit { return []Edit{b.InsertAfterStatement(StatementOf(b.Node()), "C = 3\n")} },
			"A = 1\r\nC = 3\r\nB = 2\r\n"},
		{"remove statement", "A = 1\nB = 2\nC = 3\n", "B = 2",
			func(b *Builder) []Edit { return []Edit{b.RemoveStatement(StatementOf(b.Node()))} },
			"A = 1\nC = 3\n"},
		{"remove the only statement of a block leaves pass", "if X:\n    A = 1\nB = 2\n", "A = 1",
			func(b *Builder) []Edit { return []Edit{b.RemoveStatement(StatementOf(b.Node()))} },
			"if X:\n    pass\nB = 2\n"},
		{"append to module after one blank line", "A = 1\n", "A",
			func(b *Builder) []Edit { return []Edit{b.AppendToModule("B = 2\n")} },
			"A = 1\n\nB = 2\n"},
		{"append to module without a final line break", "A = 1", "A",
			func(b *Builder) []Edit { return []Edit{b.AppendToModule("B = 2\n")} },
			"A = 1\n\nB = 2\n"},
		{"insert element inline", "L = ['a', 'b']\n", "'a'",
			func(b *Builder) []Edit { return []Edit{b.InsertElement(b.Node().Parent, 1, "'x'")} },
			"L = ['a', 'x', 'b']\n"},
		{"insert element first", "L = ['a', 'b']\n", "'a'",
			func(b *Builder) []Edit { return []Edit{b.InsertElement(b.Node().Parent, 0, "'x'")} },
			"L = ['x', 'a', 'b']\n"},
		{"insert element into a multi-line list", "L = [\n    'a',\n    'b',\n]\n", "'a'",
			func(b *Builder) []Edit { return []Edit{b.InsertElement(b.Node().Parent, 2, "'x'")} },
			"L = [\n    'a',\n    'b',\n    'x',\n]\n"},
		{"remove a middle element inline", "L = ['a', 'b', 'c']\n", "'b'",
			func(b *Builder) []Edit { return []Edit{b.RemoveElement(b.Node().Parent, b.Node())} },
			"L = ['a', 'c']\n"},
		{"remove the last element inline", "L = ['a', 'b']\n", "'b'",
			func(b *Builder) []Edit { return []Edit{b.RemoveElement(b.Node().Parent, b.Node())} },
			"L = ['a']\n"},
		{"remove an element's line", "L = [\n    'a',\n    'b',  # why\n    'c',\n]\n", "'b'",
			func(b *Builder) []Edit { return []Edit{b.RemoveElement(b.Node().Parent, b.Node())} },
			"L = [\n    'a',\n    'c',\n]\n"},
		{"remove a dict entry", "D = {'a': 1, 'b': 2}\n", "'b'",
			func(b *Builder) []Edit {
				pair := Ancestor(b.Node(), "pair")
				return []Edit{b.RemoveElement(pair.Parent, pair)}
			},
			"D = {'a': 1}\n"},
		{"remove the first argument", "X = f('a', 'b')\n", "'a'",
			func(b *Builder) []Edit { return []Edit{b.RemoveArgument(b.Node())} },
			"X = f('b')\n"},
		{"remove a keyword argument", "X = config('K', default='v', cast=bool)\n", "default",
			func(b *Builder) []Edit { return []Edit{b.RemoveArgument(b.Node().Parent)} },
			"X = config('K', cast=bool)\n"},
	} {
		if got := edit(t, tc.src, tc.at, tc.build); got != tc.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestLookups(t *testing.T) {
	const src = "from decouple import config\nX = 1\nif A:\n    X = 2\nDATABASES = {'default': {'NAME': 'x'}}\nMIDDLEWARE = ('a',)\nSECRET = config('S', default='dev')\n"
	tg := target(t, src, "'dev'")
	Build(tg, false, func(b *Builder) *Fix {
		if a := b.LastAssignment("X"); a == nil || a.Text(b.Text()) != "X = 2" {
			t.Errorf("LastAssignment(X) = %v", a)
		}
		if b.LastAssignment("Y") != nil {
			t.Error("LastAssignment found Y")
		}
		dbs := b.SettingContainer("DATABASES", "dictionary")
		if dbs == nil || b.DictEntry(dbs, "default") == nil || b.DictEntry(dbs, "other") != nil {
			t.Errorf("DATABASES container %v", dbs)
		}
		if b.SettingContainer("MIDDLEWARE", "list") != nil || b.SettingContainer("MIDDLEWARE", "list", "tuple") == nil {
			t.Error("SettingContainer does not filter by type")
		}
		arg := b.DefaultArgument(b.Node())
		if arg == nil || arg.Text(b.Text()) != "default='dev'" {
			t.Errorf("DefaultArgument = %v", arg)
		}
		if a := b.AssignmentOf(b.Node(), "SECRET"); a == nil || b.AssignmentOf(b.Node(), "OTHER") != nil {
			t.Error("AssignmentOf")
		}
		if StringValue(Elements(b.SettingContainer("MIDDLEWARE", "tuple"))[0], b.Text()) != "a" {
			t.Error("StringValue of the first MIDDLEWARE element")
		}
		if b.EnvVarOf("SECRET") != "S" || b.EnvVarOf("OTHER") != "OTHER" {
			t.Errorf("EnvVarOf: %q, %q", b.EnvVarOf("SECRET"), b.EnvVarOf("OTHER"))
		}
		return nil
	})
}

func TestStyleWritesLikeTheModule(t *testing.T) {
	for _, tc := range []struct{ src, boolRead, listRead string }{
		{"import os\nA = os.environ['A']\n", `os.environ.get('DEBUG', '').lower() in ('1', 'true', 'yes')`, `os.environ['HOSTS'].split(',')`},
		{"from decouple import config\nA = config(\"A\")\n", `config("DEBUG", default=False, cast=bool)`, `config("HOSTS", cast=Csv())`},
		{"import environ\nenv = environ.Env()\nA = env('A')\n", `env.bool('DEBUG', default=False)`, `env.list('HOSTS')`},
	} {
		s := DetectStyle(evaluator.Evaluate(testPath, treesitter.Parse([]byte(tc.src)), nil))
		if got := s.BoolRead("DEBUG", false).Text(); got != tc.boolRead {
			t.Errorf("%q: BoolRead = %s, want %s", tc.src, got, tc.boolRead)
		}
		if got := s.RequiredList("HOSTS").Text(); got != tc.listRead {
			t.Errorf("%q: RequiredList = %s, want %s", tc.src, got, tc.listRead)
		}
	}
	s := Style{Quote: `"`}
	if got := s.Q(`a"b\c`); got != `"a\"b\\c"` {
		t.Errorf("Q = %s", got)
	}
}

func TestWithImportsAddsWhatTheModuleLacks(t *testing.T) {
	// No env library yet: os, imported once for two reads.
	got := edit(t, "DEBUG = True\nHOSTS = []\n", "True", func(b *Builder) []Edit {
		d, h := b.Style().BoolRead("DEBUG", false), b.Style().RequiredList("HOSTS")
		return b.WithImports(b.Replace(b.Node(), d.Text()), d, h)
	})
	if want := "import os\n\nDEBUG = os.environ.get('DEBUG', '').lower() in ('1', 'true', 'yes')\nHOSTS = []\n"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// decouple with config imported: Csv joins the existing import line.
	got = edit(t, "from decouple import config\nA = config('A')\nHOSTS = []\n", "[]", func(b *Builder) []Edit {
		h := b.Style().RequiredList("HOSTS")
		return b.WithImports(b.Replace(b.Node(), h.Text()), h)
	})
	if want := "from decouple import config, Csv\nA = config('A')\nHOSTS = config('HOSTS', cast=Csv())\n"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestRecipes(t *testing.T) {
	for _, tc := range []struct {
		name, src, at string
		build         func(b *Builder) *Fix
		title, want   string
	}{
		{"require drops an env default", "from decouple import config\nSECRET_KEY = config('SECRET_KEY', default='dev')\n", "'dev'",
			func(b *Builder) *Fix { return b.Require("SECRET_KEY", false) },
			"Require SECRET_KEY from the environment" + UnsafeNote, "from decouple import config\nSECRET_KEY = config('SECRET_KEY')\n"},
		{"require turns os.environ.get into a required read", "import os\nSECRET_KEY = os.environ.get('SECRET_KEY', 'dev')\n", "'dev'",
			func(b *Builder) *Fix { return b.Require("SECRET_KEY", false) },
			"Require SECRET_KEY from the environment" + UnsafeNote, "import os\nSECRET_KEY = os.environ['SECRET_KEY']\n"},
		{"require replaces a literal", "import os\nSECRET_KEY = 'dev'\n", "'dev'",
			func(b *Builder) *Fix { return b.Require("SECRET_KEY", false) },
			"Require SECRET_KEY from the environment" + UnsafeNote, "import os\nSECRET_KEY = os.environ['SECRET_KEY']\n"},
		{"set value in place", "X_FRAME_OPTIONS = 'SAMEORIGIN'\n", "'SAMEORIGIN'",
			func(b *Builder) *Fix { return b.SetValue("X_FRAME_OPTIONS", b.Style().Q("DENY"), false) },
			"Set X_FRAME_OPTIONS = 'DENY' (unsafe: check nothing relies on the old value)", "X_FRAME_OPTIONS = 'DENY'\n"},
		{"set an unset value after the statement the finding is on", "MIDDLEWARE = []\n", "MIDDLEWARE",
			func(b *Builder) *Fix { return b.SetValue("SECURE_CONTENT_TYPE_NOSNIFF", "True", true) },
			"Set SECURE_CONTENT_TYPE_NOSNIFF = True", "MIDDLEWARE = []\nSECURE_CONTENT_TYPE_NOSNIFF = True\n"},
		{"remove a setting", "A = 1\nDEBUG_PROPAGATE_EXCEPTIONS = True\n", "True",
			func(b *Builder) *Fix { return b.RemoveSetting("DEBUG_PROPAGATE_EXCEPTIONS", "Remove it", true) },
			"Remove it", "A = 1\n"},
	} {
		var fx *Fix
		got := edit(t, tc.src, tc.at, func(b *Builder) []Edit {
			fx = tc.build(b)
			if fx == nil {
				return nil
			}
			return fx.Edits
		})
		if fx == nil || fx.Title != tc.title || got != tc.want {
			t.Errorf("%s: title %q, text\n%q\nwant %q\n%q", tc.name, fx.Title, got, tc.title, tc.want)
		}
	}
}
