package evaluator

import (
	"fmt"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

// envHeavyModule is what most settings modules are: imports, then env
// reads of every library the evaluator models, then constants.
func envHeavyModule(reads int) string {
	var b strings.Builder
	b.WriteString("import os\nimport environ\nfrom decouple import config, Csv\n")
	b.WriteString("env = environ.Env(DEBUG=(bool, False))\n")
	for i := range reads {
		switch i % 5 {
		case 0:
			fmt.Fprintf(&b, "SECRET_%02d = os.environ[\"SECRET_%02d\"]\n", i, i)
		case 1:
			fmt.Fprintf(&b, "HOST_%02d = os.environ.get(\"HOST_%02d\", \"h%02d.example.com\")\n", i, i, i)
		case 2:
			fmt.Fprintf(&b, "PORT_%02d = config(\"PORT_%02d\", default=80, cast=int)\n", i, i)
		case 3:
			fmt.Fprintf(&b, "DEBUG_%02d = env.bool(\"DEBUG_%02d\", default=False)\n", i, i)
		case 4:
			fmt.Fprintf(&b, "URL_%02d = \"https://\" + HOST_%02d + \"/x\"\n", i, i-3)
		}
	}
	for i := range 20 {
		fmt.Fprintf(&b, "APP_SETTING_%02d = \"value %02d\"\n", i, i)
	}
	return b.String()
}

// reevaluated is what a language server holds for a module open in it: a
// second evaluation, which records what its statements did (the first
// one, the CLI's only one, records nothing).
func reevaluated(t testing.TB, path string, doc *treesitter.Document) *Module {
	t.Helper()
	m, err := EvaluateIncremental(t.Context(), path, doc, nil, Evaluate(path, doc, nil).ForReuse())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestFirstEvaluationRecordsNothing: recording is for a module evaluated
// again; a first evaluation (all the CLI makes) pays nothing for it.
func TestFirstEvaluationRecordsNothing(t *testing.T) {
	doc := treesitter.Parse([]byte(envHeavyModule(50)))
	if n := recorded(Evaluate("/p/settings.py", doc, nil)); n != 0 {
		t.Errorf("a first evaluation recorded %d statements, want none", n)
	}
	if n := recorded(reevaluated(t, "/p/settings.py", doc)); n != 54 {
		t.Errorf("a second evaluation recorded %d statements, want 54", n)
	}
}

// recorded counts m's statements with a record.
func recorded(m *Module) int {
	n := 0
	for _, e := range m.effects.All() {
		if e != nil {
			n++
		}
	}
	return n
}

// replayCounts evaluates text, then incrementally after replacing
// text[start:end] with insert, and returns how many statements the second
// evaluation replayed from their record and took as constants; the result
// must equal a fresh evaluation.
func replayCounts(t *testing.T, text string, start, end int, insert string) (replayed, constants int) {
	t.Helper()
	const path = "/p/settings.py"
	doc := treesitter.Parse([]byte(text))
	prev := reevaluated(t, path, doc)
	next := doc.Edit(start, end, []byte(insert))
	r := newReuse(path, next.Text, prev.ForReuse())
	inc, err := evaluate(t.Context(), path, next, nil, r)
	if err != nil {
		t.Fatal(err)
	}
	if diff := moduleDiff(Evaluate(path, treesitter.Parse(next.Text), nil), inc); diff != "" {
		t.Fatalf("incremental differs from fresh: %s", diff)
	}
	return r.replayed, r.reused
}

// TestKeystrokeReplaysEnvReads: a keystroke inside a constant after 50 env
// reads (os.environ, decouple, django-environ) and the imports they need
// runs none of them again: each is replayed from its record, since every
// name it reads is bound to the binding it read before.
func TestKeystrokeReplaysEnvReads(t *testing.T) {
	text := envHeavyModule(50)
	at := strings.Index(text, "value 10") + len("value ")
	replayed, constants := replayCounts(t, text, at, at+1, "9")
	// 3 imports, env = environ.Env(...), 50 reads (10 of them derived URLs).
	if replayed != 54 || constants != 19 {
		t.Errorf("replayed %d statements and reused %d constants, want 54 and 19", replayed, constants)
	}
}

// TestEditedEnvReadRunsWhatReadsIt: editing an env read's default runs it
// again and the statements that read the name it binds, nothing else.
func TestEditedEnvReadRunsWhatReadsIt(t *testing.T) {
	text := envHeavyModule(50)
	at := strings.Index(text, "h06.example.com")
	replayed, _ := replayCounts(t, text, at, at+1, "x")
	// HOST_06 runs, and URL_09, which reads it.
	if replayed != 52 {
		t.Errorf("replayed %d statements, want 52", replayed)
	}
}

// TestRebindingAnImportRunsItsReaders: `import os` retyped as `import ox`
// leaves os unbound: the reads of os run again, and the result is a fresh
// evaluation's.
func TestRebindingAnImportRunsItsReaders(t *testing.T) {
	text := envHeavyModule(10)
	at := strings.Index(text, "import os") + len("import o")
	replayed, _ := replayCounts(t, text, at, at+1, "x")
	// Replayed: the 2 other imports, env, 2 decouple and 2 environ reads;
	// the 4 reads of os and the 2 URLs built from their HOST_ run again.
	if replayed != 7 {
		t.Errorf("replayed %d statements, want 7", replayed)
	}
}

// TestUnrecordableStatementsRunAgain: statements whose effects a record
// cannot hold run again on every keystroke: a project import (the
// Importer), a mutation of an earlier binding, a globals() write, a
// conditional, a function definition and a helper call; those that read
// only os and os.environ entries set by replayed statements are replayed.
func TestUnrecordableStatementsRunAgain(t *testing.T) {
	stmts := []string{
		"import os",
		"from .base import *",
		"from .common import LOGGING",
		"APPS = os.environ.get('APPS', 'a').split(',')",
		"APPS += ['b']",
		"globals().update({'X': 1})",
		"if os.environ.get('CI'):\n    CI = True",
		"def f(x):\n    return x",
		"Y = f(os.environ.get('Y', 'y'))",
		"os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'p.settings')",
		"S = os.environ.get('DJANGO_SETTINGS_MODULE')",
		"APP_SETTING = 'value 1'",
	}
	text := strings.Join(stmts, "\n") + "\n"
	const path = "/p/settings.py"
	doc := treesitter.Parse([]byte(text))
	prev := reevaluated(t, path, doc)
	at := strings.Index(text, "value 1") + len("value ")
	next := doc.Edit(at, at+1, []byte("2"))
	inc, err := EvaluateIncremental(t.Context(), path, next, nil, prev.ForReuse())
	if err != nil {
		t.Fatal(err)
	}
	if diff := moduleDiff(Evaluate(path, treesitter.Parse(next.Text), nil), inc); diff != "" {
		t.Fatalf("incremental differs from fresh: %s", diff)
	}
	var replayed []string
	for i := range inc.effects.Len() {
		if e := inc.effects.At(i); e != nil && e == prev.effects.At(i) {
			replayed = append(replayed, stmts[i])
		}
	}
	want := []string{stmts[0], stmts[3], stmts[9], stmts[10]}
	if fmt.Sprint(replayed) != fmt.Sprint(want) {
		t.Errorf("replayed %q, want %q", replayed, want)
	}
}

// TestRecordsKeepNoText: what a record keeps (bindings, values, env reads,
// names) holds no string of the text of the version that made it, which
// later versions replaying it would keep alive.
func TestRecordsKeepNoText(t *testing.T) {
	text := envHeavyModule(50) + "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'p.settings')\n" +
		"NAMES = [os.environ.get('A', 'a'), {'k': os.getenv('B', 'b')}]\n"
	doc := treesitter.Parse([]byte(text))
	m := reevaluated(t, "/p/settings.py", doc)
	d := detacher{text: doc.Text}
	records := 0
	for i := range m.effects.Len() {
		e := m.effects.At(i)
		if e == nil {
			continue
		}
		records++
		for _, r := range e.reads {
			if d.inText(r.name) {
				t.Errorf("statement %d: read name %q points into the text", i, r.name)
			}
		}
		for _, w := range e.writes {
			if d.inText(w.name) || w.b != nil && d.binding(w.b) != w.b {
				t.Errorf("statement %d: binding of %s points into the text", i, w.name)
			}
		}
		for _, w := range e.envWrites {
			if d.inText(w.key) || d.value(w.v) != w.v {
				t.Errorf("statement %d: os.environ[%q] points into the text", i, w.key)
			}
		}
		for _, r := range e.listed {
			if d.read(r) != r {
				t.Errorf("statement %d: env read %+v points into the text", i, r)
			}
		}
		for _, name := range e.order {
			if d.inText(name) {
				t.Errorf("statement %d: Order name %q points into the text", i, name)
			}
		}
	}
	if records != 56 { // 3 imports, env, 50 reads, setdefault, NAMES
		t.Errorf("%d statements recorded, want 56", records)
	}
}
