package treesitter

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/corpus"
)

// spliceModule has every statement shape whose neighbours a splice must not
// join: blocks followed by column-0 and indented comments, decorators,
// try/else chains, continuation lines, a docstring and CRLF.
const spliceModule = `"""Settings."""
import os  # the env
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

# Security
DEBUG = os.environ.get("DEBUG", "") == "1"
if DEBUG:
    ALLOWED_HOSTS = ["*"]
    # indented comment in the block
# column-0 comment after the block
else:
    ALLOWED_HOSTS = ["example.org"]
TOTAL = 1 + \
    2
try:
    from .local import *
except ImportError:
    pass
finally:
    X = 1


@decorator
def helper(name):
    return os.environ[name]


class Config:
    A = 1

    # between methods
    def f(self):
        return 2
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3"},  # sqlite
}
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
]
`

// spliceEdit is one realistic keystroke or line operation on text.
func spliceEdit(r *rand.Rand, text []byte) (start, end int, ins string) {
	lines := lineStarts(text)
	line := r.Intn(len(lines))
	ls := lines[line]
	le := len(text)
	if line+1 < len(lines) {
		le = lines[line+1]
	}
	switch r.Intn(9) {
	case 0, 1: // type or delete a character inside a line
		at := ls + r.Intn(le-ls+1)
		if r.Intn(2) == 0 && at < le {
			return at, at + 1, ""
		}
		return at, at, string("aZ_=( )'[]:,#\\1"[r.Intn(15)])
	case 2: // copy another line here
		o := r.Intn(len(lines))
		oe := len(text)
		if o+1 < len(lines) {
			oe = lines[o+1]
		}
		return ls, ls, string(text[lines[o]:oe])
	case 3: // delete a line
		return ls, le, ""
	case 4: // a comment line, at column 0 or indented
		return ls, ls, []string{"# note\n", "    # note\n", "#\n", "\n"}[r.Intn(4)]
	case 5: // indent or dedent
		if bytes.HasPrefix(text[ls:], []byte("    ")) && r.Intn(2) == 0 {
			return ls, ls + 4, ""
		}
		return ls, ls, "    "
	case 6: // a new statement, maybe left half typed
		stmt := []string{"NEW = [1, 2]\n", "if X:\n    Y = 1\n", "Z = {\n", "W = 1 \\\n", "@d\n", "def g():\n    pass\n", "A = '''x\n"}[r.Intn(7)]
		return ls, ls, stmt
	case 7: // join with the next line
		if le > ls && le <= len(text) && text[le-1] == '\n' {
			return le - 1, le, ""
		}
		return ls, ls, ""
	default: // swap line endings
		if le > ls && text[le-1] == '\n' && (le-2 < ls || text[le-2] != '\r') {
			return le - 1, le, []string{"\r\n", "\r"}[r.Intn(2)]
		}
		return ls, ls, "\n"
	}
}

func lineStarts(text []byte) []int {
	starts := []int{0}
	for i, c := range text {
		if c == '\n' || c == '\r' && (i+1 == len(text) || text[i+1] != '\n') {
			if i+1 < len(text) {
				starts = append(starts, i+1)
			}
		}
	}
	return starts
}

// TestSpliceMatchesFreshParse types thousands of realistic edits into real
// settings modules and holds every version to a fresh parse. It also checks
// that the splice path really ran on a good share of them.
func TestSpliceMatchesFreshParse(t *testing.T) {
	sources := map[string][]byte{
		"module":      []byte(spliceModule),
		"module-crlf": []byte(strings.ReplaceAll(spliceModule, "\n", "\r\n")),
		"generated":   settingsText(120),
	}
	for _, p := range corpus.PyFiles(t) {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			sources[filepath.Base(filepath.Dir(p))+"/"+filepath.Base(p)] = b
		}
	}
	edits := 100
	if testing.Short() {
		edits = 40
	}
	spliced, total := 0, 0
	for name, src := range sources {
		for seed := int64(1); seed <= 3; seed++ {
			r := rand.New(rand.NewSource(seed))
			doc := Parse(src)
			var log strings.Builder
			for range edits {
				start, end, ins := spliceEdit(r, doc.Text)
				fmt.Fprintf(&log, "Edit(%d, %d, %q)\n", start, end, ins)
				next := doc.Edit(start, end, []byte(ins))
				total++
				switch {
				case next.Confined():
					spliced++
					if d := diffPieces(next); d != "" {
						t.Fatalf("%s seed %d: after\n%s%q\nthe confined tree is not its pieces parsed alone: %s", name, seed, tail(log.String(), 5), next.Text, d)
					}
				case next.tree == nil:
					spliced++
					fresh := Parse(next.Text)
					if d := diffTrees(next.Root(), fresh.Root()); d != "" {
						t.Fatalf("%s seed %d: after\n%s%q\nthe spliced tree differs from Parse: %s\ngot:\n%s\nwant:\n%s",
							name, seed, tail(log.String(), 5), next.Text, d, dump(next.Root()), dump(fresh.Root()))
					}
					fresh.Close()
				default:
					checkEdited(t, next, tail(log.String(), 5))
				}
				doc.Close()
				doc = next
				// Typing goes on from a broken module now and then; mostly
				// it starts again from the valid one.
				if len(doc.Text) > 64<<10 || len(doc.Text) == 0 || doc.Root().HasError() && r.Intn(4) != 0 {
					doc.Close()
					doc = Parse(src)
					log.Reset()
				}
			}
			doc.Close()
		}
	}
	// Most edits keep the module valid, and most of those are spliced.
	if spliced*4 < total {
		t.Fatalf("only %d of %d edits were spliced", spliced, total)
	}
	t.Logf("%d of %d edits spliced", spliced, total)
}

func tail(log string, n int) string {
	lines := strings.SplitAfter(log, "\n")
	if len(lines) > n+1 {
		lines = lines[len(lines)-n-1:]
	}
	return strings.Join(lines, "")
}

// TestSpliceDeclines lists edits after which a window parsed alone could
// differ from the whole: each must take the ordinary path.
func TestSpliceDeclines(t *testing.T) {
	cases := []struct {
		name, text string
		start, end int
		ins        string
	}{
		{"indent a line under the block before it", "if X:\n    A = 1\nB = 2\nC = 3\n", 16, 16, "    "},
		{"indented comment at the window's start", "if X:\n    A = 1\nB = 2\nC = 3\n", 16, 16, "    # c\n"},
		{"continuation at the window's end", "A = 1\nB = 2\nC = 3\n", 11, 11, " \\"},
		{"indented comment at the window's end", "if X:\n    A = 1\nB = 2\nC = 3\n", 22, 22, "    # c\n"},
		{"an error elsewhere", "A = (\nB = 2\nC = 3\n", 10, 11, "4"},
		{"a bare tuple before the window", "A,\nB\n", 4, 4, " = 1"},
		{"a bare tuple ends the window", "A = 1\nB = 2\nC = 3\n", 10, 11, "2,"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := Parse([]byte(c.text))
			defer doc.Close()
			next := []byte(c.text[:c.start] + c.ins + c.text[c.end:])
			if d := doc.splice(c.start, c.end, next); d != nil {
				t.Fatalf("spliced %q", next)
			}
		})
	}
	// And the plain case splices: one statement parsed.
	doc := Parse([]byte("A = 1\nB = 2\nC = 3\n"))
	defer doc.Close()
	next := doc.Edit(10, 11, []byte("42"))
	if next.tree != nil || next.fresh != 1 {
		t.Fatalf("retyping a value: tree kept %v, %d statements parsed", next.tree != nil, next.fresh)
	}
	requireFreshParse(t, next)
}

// TestSpliceConfinesAnError types a syntax error into a statement: the
// window is kept as it parsed alone, the statements after it are untouched
// (a full parse would let the error swallow them), and the document says
// it is Confined. Typing on in the broken statement, or on the next line,
// re-parses it whole; once it parses, the document is Exact again. An
// edit elsewhere meanwhile takes the full parse.
func TestSpliceConfinesAnError(t *testing.T) {
	const text = "A = 1\nB = 2\nC = 3\nD = 4\n"
	for _, c := range []struct {
		name       string
		start, end int
		ins        string
	}{
		{"open a string across statements", 10, 10, "'''"},
		{"join two statements", 5, 6, ""},
		{"open a bracket", 10, 11, "f("},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := Parse([]byte(text))
			defer doc.Close()
			next := doc.Edit(c.start, c.end, []byte(c.ins))
			defer next.Close()
			if !next.Confined() || next.Exact() || next.tree != nil || !next.Root().HasError() {
				t.Fatalf("Confined %v, Exact %v, C tree %v, HasError %v", next.Confined(), next.Exact(), next.tree != nil, next.Root().HasError())
			}
			if d := diffPieces(next); d != "" {
				t.Fatal(d)
			}
			if last := next.Root().Children[len(next.Root().Children)-1]; last.Text(next.Text) != "D = 4" {
				t.Fatalf("the last statement is %q", last.Text(next.Text))
			}
		})
	}

	doc := Parse([]byte(text))
	defer doc.Close()
	steps := []struct {
		start, end int
		ins        string
		confined   bool
	}{
		{10, 11, "f(", true},       // B = f(\n: open
		{12, 12, "x", true},        // B = f(x: typing on inside it
		{13, 13, ",\n    y", true}, // a new line inside the call: next to the stretch
		{20, 20, ")", false},       // closed: the whole call parses, Exact again
		{0, 1, "Z", false},         // and the module splices as usual
		{10, 10, "[", true},        // open again
		{29, 30, "E", false},       // elsewhere: the full parse
	}
	for i, st := range steps {
		next := doc.Edit(st.start, st.end, []byte(st.ins))
		if next.Confined() != st.confined {
			t.Fatalf("step %d (%q): Confined %v, want %v; text %q", i, st.ins, next.Confined(), st.confined, next.Text)
		}
		if next.Confined() {
			if d := diffPieces(next); d != "" {
				t.Fatalf("step %d: %s", i, d)
			}
		} else {
			requireFreshParse(t, next)
		}
		doc.Close()
		doc = next
	}
	if string(doc.Text) != "Z = 1\nB = [f(x,\n    y)\nC = 3\nE = 4\n" {
		t.Fatalf("text %q", doc.Text)
	}
}

// A "\n" typed right after a lone "\r" turns it into CRLF: the comment
// before keeps the "\r" in a fresh parse, so the edit must not splice.
func TestSpliceLoneCRBecomesCRLF(t *testing.T) {
	doc := Parse([]byte("# \ré注"))
	defer doc.Close()
	next := doc.Edit(3, 3, []byte("\n"))
	defer next.Close()
	requireFreshParse(t, next)
}

// TestContinuedInto: a backslash at the end of the line before a window
// joins that line to the window's first (the seed
// backslash-before-confined-window of FuzzIncrementalEdits).
func TestContinuedInto(t *testing.T) {
	for _, c := range []struct {
		text string
		at   int
		want bool
	}{
		{" \\\n\"de\"\n", 3, true},
		{" \\\r\n\"de\"\n", 4, true},
		{" \\\r\"de\"\n", 3, true},
		{"A = 1\nB = 2\n", 6, false},
		{"\\", 1, false}, // no line break before at
		{"\"de\"\n", 0, false},
	} {
		if got := continuedInto([]byte(c.text), c.at); got != c.want {
			t.Errorf("continuedInto(%q, %d) = %v, want %v", c.text, c.at, got, c.want)
		}
	}
}
