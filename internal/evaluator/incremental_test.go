package evaluator

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/pvec"
	"github.com/djls-dev/djls/internal/treesitter"
)

// incrementalCorpus returns the settings-like modules of the example
// projects (testdata/corpus*) and a generated flat module.
func incrementalCorpus(tb testing.TB) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{"/gen/flat.py": []byte(flatModule(300))}
	for _, root := range []string{"../../testdata/corpus", "../../testdata/corpus-v2"} {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".py") {
				return nil
			}
			if text, err := os.ReadFile(p); err == nil && len(text) > 0 {
				out["/corpus/"+filepath.ToSlash(p)] = text
			}
			return nil
		})
	}
	if len(out) < 5 {
		tb.Fatalf("only %d corpus modules found", len(out))
	}
	return out
}

// flatModule is the shape of most settings files: imports, env reads and
// many constant assignments, some read again later.
func flatModule(n int) string {
	var b strings.Builder
	b.WriteString("import os\n\nSECRET_KEY = os.environ.get(\"SECRET_KEY\", \"x\")\nDEBUG = False\nBASE = \"/srv\"\n")
	for i := 0; i < n; i++ {
		switch i % 7 {
		case 3:
			fmt.Fprintf(&b, "NAMES_%d = [\"a\", 'b', (1, -2.5), {\"k\": None}]\n", i)
		case 5:
			fmt.Fprintf(&b, "DERIVED_%d = BASE + \"/%d\"\n", i, i)
		case 6:
			fmt.Fprintf(&b, "SETTING_%d = SETTING_%d\n", i, i-2)
		default:
			fmt.Fprintf(&b, "SETTING_%d = \"value %d\"\n", i, i)
		}
	}
	b.WriteString("BASE = \"/opt\"\nSETTING_0 = True\n")
	return b.String()
}

// snippets are what random edits insert: keystrokes, whole statements
// (constant and not), and text that breaks the syntax.
var snippets = []string{
	"a", "Z", "0", " ", "\n", "\"", "'", "#", ",", "(", ")", "[", "]", ":", "=", "\\", "f",
	"DEBUG = True\n", "SETTING_1 = \"x\"\n", "X = 1\n", "BASE = \"/x\"\n", "SECRET_KEY = \"s\" * 60\n",
	"if DEBUG:\n    X = 2\n", "from .base import *\n", "globals()['Y'] = 1\n", "ALLOWED_HOSTS = [\"*\"]\n",
	"SETTING_3 = SETTING_1 + \"y\"\n", "    ", "del X\n", "X: int = 3\n", "A = B = 4\n",
}

// randomEdit returns an edit of text: an insertion, a deletion or a
// replacement, at a random place (often a line start).
func randomEdit(rng *rand.Rand, text []byte) (start, end int, insert string) {
	start = rng.Intn(len(text) + 1)
	if rng.Intn(3) == 0 { // at a line start
		for start > 0 && text[start-1] != '\n' {
			start--
		}
	}
	end = start
	switch rng.Intn(4) {
	case 0: // delete
		end = min(len(text), start+1+rng.Intn(8))
	case 1: // replace one byte
		end = min(len(text), start+1)
		insert = snippets[rng.Intn(17)]
	default:
		insert = snippets[rng.Intn(len(snippets))]
	}
	return start, end, insert
}

// TestIncrementalEqualsFull applies random edit sequences to the corpus
// modules and checks, after every edit, that the incremental evaluation
// (chained from the previous incremental one, as the server does) equals a
// fresh evaluation.
func TestIncrementalEqualsFull(t *testing.T) {
	corpus := incrementalCorpus(t)
	paths := make([]string, 0, len(corpus))
	for p := range corpus {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	rounds := 40
	if testing.Short() {
		rounds = 10
	}
	var reused, replayed, statements, constants, tops int
	for i, path := range paths {
		rng := rand.New(rand.NewSource(int64(i) + 1))
		doc := treesitter.Parse(corpus[path])
		if !strings.HasPrefix(path, "/gen/") {
			for _, s := range doc.Root().Children {
				tops++
				if constAssignmentTarget(s, doc.Text) != nil {
					constants++
				}
			}
		}
		prev := Evaluate(path, doc, nil)
		for r := 0; r < rounds; r++ {
			start, end, insert := randomEdit(rng, doc.Text)
			next := doc.Edit(start, end, []byte(insert))
			inc, n := evaluateCounting(t, path, next, prev)
			fresh := Evaluate(path, freshTree(next), nil)
			if diff := moduleDiff(fresh, inc); diff != "" {
				t.Fatalf("%s after edit %d (%d..%d → %q): incremental differs from fresh: %s\ntext:\n%s", path, r, start, end, insert, diff, next.Text)
			}
			reused += n
			replayed += lastReplayed
			statements += len(next.Root().Children)
			doc.Close()
			doc, prev = next, inc
		}
		doc.Close()
	}
	// What a keystroke may reuse: the corpora's constant assignments (the
	// rest always runs again), and what the random edits did reuse.
	t.Logf("corpus top-level statements that are constant assignments: %d of %d (%.0f%%)", constants, tops, 100*float64(constants)/float64(max(tops, 1)))
	t.Logf("top-level statements reused after random edits: %d of %d (%.0f%%) as constants, %d (%.0f%%) replayed from their record",
		reused, statements, 100*float64(reused)/float64(max(statements, 1)), replayed, 100*float64(replayed)/float64(max(statements, 1)))
}

// evaluateCounting evaluates incrementally and returns how many
// statements kept their previous binding.
func evaluateCounting(t testing.TB, path string, doc *treesitter.Document, prev *Module) (*Module, int) {
	r := newReuse(path, doc.Text, prev)
	m, err := evaluate(context.Background(), path, doc, nil, r)
	if err != nil {
		t.Fatal(err)
	}
	lastReplayed = 0
	if r == nil {
		return m, 0
	}
	lastReplayed = r.replayed
	return m, r.reused
}

// lastReplayed is how many statements the last evaluateCounting replayed
// from their record (effects.go).
var lastReplayed int

// moduleDiff describes how two evaluations of the same document differ
// ("" when they do not). The tree is the same document; the memo is
// derived from the rest.
func moduleDiff(want, got *Module) string {
	canonicalNamespaces(want)
	canonicalNamespaces(got)
	if !reflect.DeepEqual(want.Order, got.Order) {
		return fmt.Sprintf("Order %v, want %v", got.Order, want.Order)
	}
	for name, wb := range want.Names.All() {
		gb := got.Names.Get(name)
		if !reflect.DeepEqual(wb, gb) {
			return fmt.Sprintf("binding %s = %+v (value %+v), want %+v (value %+v)", name, gb, gb.Value, wb, wb.Value)
		}
	}
	if want.Names.Len() != got.Names.Len() {
		return fmt.Sprintf("%d names, want %d", got.Names.Len(), want.Names.Len())
	}
	w, g := *want, *got
	w.Names, g.Names, w.doc, g.doc = nil, nil, nil, nil
	// The records of statements' effects are what the next evaluation may
	// replay: it is their replay that must equal a fresh evaluation.
	w.effects, g.effects = pvec.Vec[*stmtEffects]{}, pvec.Vec[*stmtEffects]{}
	// What the per-version sequences hold counts, not how a Vec holds it
	// (a chunk list built empty or never made, a tail's capacity).
	w.stmts, g.stmts = pvec.Of(w.stmts.AppendTo(nil)), pvec.Of(g.stmts.AppendTo(nil))
	w.consts, g.consts = pvec.Of(w.consts.AppendTo(nil)), pvec.Of(g.consts.AppendTo(nil))
	if !reflect.DeepEqual(w, g) {
		return fmt.Sprintf("module fields differ:\n got %+v\nwant %+v", g, w)
	}
	return ""
}

// FuzzIncrementalEvaluation edits a module twice (each edit: offset,
// deleted length, inserted text) and compares the incremental evaluation
// with a fresh one after each edit. The seeds run with go test.
func FuzzIncrementalEvaluation(f *testing.F) {
	base := flatModule(40)
	f.Add(base, uint16(120), uint8(1), "b", uint16(300), uint8(0), "X = 1\n")
	f.Add(base, uint16(0), uint8(0), "DEBUG = True\n", uint16(900), uint8(3), "")
	f.Add(base, uint16(60), uint8(2), "\"", uint16(61), uint8(1), "")
	f.Add(base, uint16(400), uint8(0), "if X:\n", uint16(50), uint8(5), "(")
	f.Add("A = 1\nB = A\nA = 2\n", uint16(4), uint8(1), "3", uint16(0), uint8(0), "B = 0\n")
	f.Add("X = 'a' 'b'\nY = -1\nZ = {1: [2.0, None]}\n", uint16(5), uint8(0), "f", uint16(20), uint8(1), "+")
	// Env reads, imports and names read (replayed from their records).
	env := "import os\nfrom decouple import config\nimport environ\nenv = environ.Env(DEBUG=(bool, False))\n" +
		"os.environ.setdefault('K', 'v')\nK = os.environ['K']\nBASE = os.environ.get('BASE', '/srv')\n" +
		"MEDIA = BASE + '/media'\nDEBUG = env('DEBUG')\nPORT = config('PORT', default=80, cast=int)\nX = 1\n"
	f.Add(env, uint16(strings.Index(env, "/srv")+1), uint8(1), "o", uint16(0), uint8(0), "")
	f.Add(env, uint16(strings.Index(env, "X = 1")+4), uint8(1), "2", uint16(7), uint8(2), "")
	f.Add(env, uint16(strings.Index(env, "import os")+9), uint8(0), " as o", uint16(strings.Index(env, "'K', 'v'")+1), uint8(1), "B")
	f.Add(env, uint16(strings.Index(env, "BASE = ")), uint8(0), "MEDIA = 1\n", uint16(strings.Index(env, "MEDIA")), uint8(1), "")
	f.Fuzz(func(t *testing.T, text string, at1 uint16, del1 uint8, ins1 string, at2 uint16, del2 uint8, ins2 string) {
		if len(text) > 4096 || len(ins1) > 64 || len(ins2) > 64 {
			return
		}
		const path = "/fuzz/settings.py"
		doc := treesitter.Parse([]byte(text))
		prev := Evaluate(path, doc, nil)
		for _, e := range []struct {
			at, del int
			ins     string
		}{{int(at1), int(del1), ins1}, {int(at2), int(del2), ins2}} {
			start := min(e.at, len(doc.Text))
			next := doc.Edit(start, min(start+e.del, len(doc.Text)), []byte(e.ins))
			inc, _ := evaluateCounting(t, path, next, prev)
			fresh := Evaluate(path, freshTree(next), nil)
			if diff := moduleDiff(fresh, inc); diff != "" {
				t.Fatalf("incremental differs from fresh: %s\ntext:\n%s", diff, next.Text)
			}
			doc, prev = next, inc
		}
	})
}

// TestKeystrokeReusesEveryUntouchedConstant types into one statement of a
// flat module, keeping the length (a retyped character) and changing it
// (an inserted one, a new line): every other constant assignment is
// reused, found by its shared node, or at the same index from the end with
// the same bytes (then moved), or in a version parsed afresh by name in
// the text around the edit; the result equals a fresh evaluation.
func TestKeystrokeReusesEveryUntouchedConstant(t *testing.T) {
	var b strings.Builder
	b.WriteString("import os\nDEBUG = os.environ.get('DEBUG', '') == '1'\n")
	for i := range 300 {
		fmt.Fprintf(&b, "SETTING_%03d = 'value %03d'\n", i, i)
	}
	const path = "/p/settings.py"
	mid := strings.Index(b.String(), "value 150") + len("value ")
	cases := []struct {
		name       string
		start, end int
		insert     string
		fresh      bool // parse the edited text afresh: no shared nodes
		wantReused int
	}{
		{"retype", mid, mid + 1, "9", false, 299},
		{"retype, parsed afresh", mid, mid + 1, "9", true, 299},
		// The statements after an insertion moved: their bindings are
		// copied with the spans moved.
		{"insert", mid, mid, "9", false, 299},
		{"insert, parsed afresh", mid, mid, "9", true, 299},
		{"insert a line", mid - len("SETTING_150 = 'value "), mid - len("SETTING_150 = 'value "), "NEW = 1\n", false, 300},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := treesitter.Parse([]byte(b.String()))
			prev := Evaluate(path, doc, nil)
			next := doc.Edit(c.start, c.end, []byte(c.insert))
			if c.fresh {
				next = treesitter.Parse(next.Text)
			}
			inc, reused := evaluateCounting(t, path, next, prev)
			if reused != c.wantReused {
				t.Errorf("reused %d statements, want %d", reused, c.wantReused)
			}
			if diff := moduleDiff(Evaluate(path, treesitter.Parse(next.Text), nil), inc); diff != "" {
				t.Fatalf("incremental differs from fresh: %s", diff)
			}
			// A third version reuses from the second, including the
			// bindings the second itself reused.
			third := next.Edit(c.start, c.start+1, []byte("8"))
			if _, again := evaluateCounting(t, path, third, inc); again != c.wantReused {
				t.Errorf("the next keystroke reused %d statements, want %d", again, c.wantReused)
			}
		})
	}
}

// freshTree is the tree a fresh evaluation of doc's text reads: Parse's,
// or doc's own when doc is Confined (a syntax error kept to the statement
// it was typed in, which a fresh parse would let run on; the tree is the
// treesitter package's to hold to its contract, the evaluation this
// package's).
func freshTree(doc *treesitter.Document) *treesitter.Document {
	if doc.Confined() {
		return doc
	}
	return treesitter.Parse(doc.Text)
}

func TestCommonPrefixAndSuffix(t *testing.T) {
	long := strings.Repeat("abcdefgh", 100) // 800 bytes: blocks and bytes
	for _, c := range []struct {
		a, b           string
		prefix, suffix int
	}{
		{"", "", 0, 0},
		{"abc", "abc", 3, 3},
		{"abc", "abd", 2, 0},
		{"xbc", "abc", 0, 2},
		{long, long, 800, 800},
		{long + "x", long + "y", 800, 0},
		{"x" + long, "y" + long, 0, 800},
		{long[:300] + "X" + long[301:], long, 300, 499},
		{long, long[:500], 500, 0},
	} {
		if got := commonPrefix([]byte(c.a), []byte(c.b)); got != c.prefix {
			t.Errorf("commonPrefix(%d bytes, %d bytes) = %d, want %d", len(c.a), len(c.b), got, c.prefix)
		}
		if got := commonSuffix([]byte(c.a), []byte(c.b)); got != c.suffix {
			t.Errorf("commonSuffix(%d bytes, %d bytes) = %d, want %d", len(c.a), len(c.b), got, c.suffix)
		}
	}
}
