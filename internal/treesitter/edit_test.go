package treesitter

import (
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"testing"

	"github.com/djls-dev/djls/internal/pvec"
	"github.com/djls-dev/djls/internal/textpos"
)

func TestEditMatchesFreshParse(t *testing.T) {
	const settings = "import os\n# top comment\nDEBUG = False\nALLOWED_HOSTS = ['a.org']\n"
	cases := []struct {
		name       string
		text       string
		start, end int
		insert     string
		want       string
	}{
		{"replace a value", settings, 32, 37, "True", "import os\n# top comment\nDEBUG = True\nALLOWED_HOSTS = ['a.org']\n"},
		{"insert at the top", settings, 0, 0, "from x import *\n", "from x import *\n" + settings},
		{"append", settings, len(settings), len(settings), "X = 1", settings + "X = 1"},
		{"delete everything", settings, 0, len(settings), "", ""},
		{"type into an empty file", "", 0, 0, "A = 1\n", "A = 1\n"},
		{"span several statements", settings, 5, 40, "", "imporLOWED_HOSTS = ['a.org']\n"},
		{"edit a comment", settings, 12, 15, "TOP", "import os\n# TOP comment\nDEBUG = False\nALLOWED_HOSTS = ['a.org']\n"},
		{"open a bracket at the top", settings, 0, 0, "(", "(" + settings},
		{"open a triple-quoted string", settings, 24, 24, "'''", "import os\n# top comment\n'''DEBUG = False\nALLOWED_HOSTS = ['a.org']\n"},
		{"indent into a block", "if DEBUG:\n    A = 1\nB = 2\n", 20, 20, "    ", "if DEBUG:\n    A = 1\n    B = 2\n"},
		{"dedent out of a block", "if DEBUG:\n    A = 1\n    B = 2\n", 20, 24, "", "if DEBUG:\n    A = 1\nB = 2\n"},
		{"lone CR becomes CRLF", "A = 1\rB = 2\r", 6, 6, "\n", "A = 1\r\nB = 2\r"},
		{"CRLF becomes lone CR", "A = 1\r\nB = 2\r\n", 6, 7, "", "A = 1\rB = 2\r\n"},
		{"type between CR and LF", "A = 1\r\nB = 2", 6, 6, "x", "A = 1\rx\nB = 2"},
		{"CR typed before LF", "A = 1\nB = 2", 5, 5, "\r", "A = 1\r\nB = 2"},
		{"inside a multi-byte character", "A = 'é日'\n", 5, 7, "e", "A = 'e日'\n"},
		{"insert a NUL", "A = 1\nB = 2\n", 6, 6, "\x00", "A = 1\n\x00B = 2\n"},
		{"insert invalid UTF-8", "A = 'x'\n", 6, 6, "\xff\xfe", "A = 'x\xff\xfe'\n"},
		{"clamped offsets", "A = 1\n", -5, 1000, "B = 2\n", "B = 2\n"},
		{"end before start", "A = 1\n", 4, 2, "22", "A = 221\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := Parse([]byte(c.text))
			before := dump(doc.Root())
			next := doc.Edit(c.start, c.end, []byte(c.insert))
			if string(next.Text) != c.want {
				t.Fatalf("text %q, want %q", next.Text, c.want)
			}
			if next.Confined() {
				if d := diffPieces(next); d != "" {
					t.Fatalf("confined: %s", d)
				}
			} else {
				requireFreshParse(t, next)
			}
			if string(doc.Text) != c.text || dump(doc.Root()) != before {
				t.Fatalf("the old document changed")
			}
			requireFreshParse(t, doc)
			next.Close()
			doc.Close()
			doc.Close()
		})
	}
}

// TestEditReadsOnlyWhatChanged checks that an edit inside one statement of a
// long module flattens that statement again and copies the others.
func TestEditReadsOnlyWhatChanged(t *testing.T) {
	src := settingsText(200)
	doc := Parse(src)
	defer doc.Close()
	tops := len(doc.Root().Children)
	if doc.fresh != tops {
		t.Fatalf("Parse read %d of %d top-level nodes", doc.fresh, tops)
	}
	mid := doc.Root().Children[tops/2]
	at := int(mid.EndByte) - 2 // inside the statement, before its end
	next := doc.Edit(at, at, []byte("x"))
	defer next.Close()
	requireFreshParse(t, next)
	if len(next.Root().Children) != tops || next.fresh != 1 {
		t.Fatalf("%d top-level nodes, %d read fresh; want %d and 1", len(next.Root().Children), next.fresh, tops)
	}
	// The statements after the edit moved: they are copies, and the old
	// document's are untouched. Those before it are shared.
	if got, want := next.Root().Children[tops-1].StartByte, doc.Root().Children[tops-1].StartByte+1; got != want {
		t.Fatalf("last statement starts at %d, want %d", got, want)
	}
	if next.Root().Children[0] != doc.Root().Children[0] {
		t.Fatal("the first statement did not move, yet it was copied")
	}
}

func TestEditAfterClose(t *testing.T) {
	doc := Parse([]byte("A = 1\n"))
	doc.Close()
	next := doc.Edit(4, 5, []byte("2"))
	defer next.Close()
	if string(next.Text) != "A = 2\n" || next.fresh != 1 {
		t.Fatalf("text %q, %d read fresh", next.Text, next.fresh)
	}
	requireFreshParse(t, next)
}

func TestApplyEdits(t *testing.T) {
	doc := Parse([]byte("DEBUG = False\n"))
	defer doc.Close()
	next := doc.ApplyEdits([]TextEdit{
		{Start: 8, End: 13, NewText: []byte("True")}, // DEBUG = True\n
		{Start: 0, End: 0, NewText: []byte("import os\n")},
		{Start: 23, End: 23, NewText: []byte("X = os.environ['X']\n")},
	})
	defer next.Close()
	if want := "import os\nDEBUG = True\nX = os.environ['X']\n"; string(next.Text) != want {
		t.Fatalf("text %q, want %q", next.Text, want)
	}
	requireFreshParse(t, next)
	same := doc.ApplyEdits(nil)
	defer same.Close()
	if same == doc || string(same.Text) != string(doc.Text) {
		t.Fatal("ApplyEdits(nil) must return a new, equal document")
	}
}

// TestTreeEditPoints checks the rows and byte columns given to tree-sitter,
// where a lone "\r" ends a row and "\r\n" ends one row.
func TestTreeEditPoints(t *testing.T) {
	old := []byte("ab\r\ncd\ré\nf")
	next := []byte("ab\r\ncd\rX\r\nYé\nf") // "X\r\nY" inserted at 7
	e := treeEdit(textpos.NewMapper(old), next, 7, 7, 11)
	// The edit starts on the "\r" before it, which the insertion may change.
	if e.StartIndex != 6 || e.OldEndIndex != 7 || e.NewEndIndex != 11 {
		t.Fatalf("indexes %d %d %d", e.StartIndex, e.OldEndIndex, e.NewEndIndex)
	}
	if e.StartPoint.Row != 1 || e.StartPoint.Column != 2 || e.OldEndPoint.Row != 2 || e.OldEndPoint.Column != 0 ||
		e.NewEndPoint.Row != 3 || e.NewEndPoint.Column != 1 {
		t.Fatalf("points %+v %+v %+v", e.StartPoint, e.OldEndPoint, e.NewEndPoint)
	}
	e = treeEdit(textpos.NewMapper(old), []byte("ab\r\ncd\ré\nfé"), 11, 11, 13)
	if e.StartPoint.Row != 3 || e.StartPoint.Column != 1 || e.NewEndPoint.Row != 3 || e.NewEndPoint.Column != 3 {
		t.Fatalf("points %+v %+v", e.StartPoint, e.NewEndPoint)
	}
}

// TestConcurrentReads reads, maps and edits one document from several
// goroutines (run with -race).
func TestConcurrentReads(t *testing.T) {
	doc := Parse(settingsText(50))
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				at := (g*97 + i*31) % len(doc.Text)
				next := doc.Edit(at, at, []byte("x"))
				if d := diffTrees(next.Root(), next.Root()); d != "" || len(next.Text) != len(doc.Text)+1 {
					t.Error(d)
				}
				if l, _ := doc.Mapper().Position(len(doc.Text), textpos.UTF16); l != doc.Mapper().LineCount()-1 {
					t.Errorf("last line %d of %d", l, doc.Mapper().LineCount())
				}
				_ = dump(doc.Root())
				next.Close()
			}
		}()
	}
	wg.Add(1)
	go func() { defer wg.Done(); doc.Close() }() // closing meanwhile only stops reuse
	wg.Wait()
	doc.Close()
}

// editPieces are what FuzzIncrementalEdits types: Python's delimiters, line
// endings of every kind, indentation, multi-byte and invalid text.
var editPieces = []string{"", "x", " ", "\n", "\r\n", "\r", "(", ")", "[", "]", "{", "}", "'", "\"", "'''", ":", ",",
	"if DEBUG:\n    ", "else:\n", "é", "😀", "DEBUG = True\n", "# c\n", "#", "\t", "=", "\\", "\x00", "\xff",
	"def f():\n    return 1\n", "f'{x}'", "import os\n"}

// incrementalTree flattens doc's whole C tree, with no reuse: what Edit's
// partial flattening must reproduce.
func incrementalTree(t *testing.T, doc *Document) *Node {
	t.Helper()
	root, stmts, _, _ := flatten(doc.tree.RootNode(), pvec.Vec[*Node]{}, nil, 0)
	root.Children = stmts
	return &root
}

// checkEdited checks an edited document: its nodes are exactly its C tree's
// (so the reuse of old nodes is right), and when Exact, Parse's tree. A
// spliced document has no C tree and must be Exact, or Confined: then its
// statements are those of its text parsed piece by piece, cut at its
// confined stretches, each of which holds a syntax error.
func checkEdited(t *testing.T, doc *Document, log string) {
	t.Helper()
	if doc.tree == nil && !doc.Exact() && !doc.Confined() {
		t.Fatalf("after\n%sversion %q has no C tree and is neither Exact nor Confined", log, doc.Text)
	}
	if doc.Exact() == doc.Confined() && doc.tree == nil {
		t.Fatalf("after\n%sversion %q: Exact %v and Confined %v", log, doc.Text, doc.Exact(), doc.Confined())
	}
	if doc.Confined() {
		if d := diffPieces(doc); d != "" {
			t.Fatalf("after\n%sconfined version %q (stretches %v) is not its pieces parsed alone: %s", log, doc.Text, doc.confined, d)
		}
	}
	if doc.tree == nil {
		// spliced: only Parse can judge it
	} else if d := diffTrees(doc.Root(), incrementalTree(t, doc)); d != "" {
		t.Fatalf("after\n%sversion %q differs from its own tree: %s", log, doc.Text, d)
	}
	if !doc.Exact() {
		return // tree-sitter's error recovery may differ from Parse's
	}
	fresh := Parse(doc.Text)
	defer fresh.Close()
	if d := diffTrees(doc.Root(), fresh.Root()); d != "" {
		t.Fatalf("after\n%sversion %q differs from Parse: %s\ngot:\n%s\nwant:\n%s", log, doc.Text, d, dump(doc.Root()), dump(fresh.Root()))
	}
}

// diffPieces compares a Confined document's statements with its text
// parsed piece by piece: each confined stretch, and the text between them.
func diffPieces(doc *Document) string {
	var cuts []int
	for _, c := range doc.confined {
		cuts = append(cuts, c.start, c.end)
	}
	cuts = append(cuts, len(doc.Text))
	var want []*Node
	from := 0
	for i, to := range cuts {
		if to < from {
			return fmt.Sprintf("stretches out of order: %v", doc.confined)
		}
		piece := Parse(doc.Text[from:to])
		_, stmts, _, errors := flatten(piece.tree.RootNode(), pvec.Vec[*Node]{}, nil, int64(from))
		if i%2 == 1 && !errors {
			return fmt.Sprintf("confined stretch [%d,%d) %q parses without error", from, to, doc.Text[from:to])
		}
		piece.Close()
		want = append(want, stmts...)
		from = to
	}
	got := doc.Root().Children
	if len(got) != len(want) {
		return fmt.Sprintf("%d statements, want %d\ngot:\n%s", len(got), len(want), dump(doc.Root()))
	}
	for i := range got {
		if got[i].Parent != Module {
			return fmt.Sprintf("statement %d's parent is not Module", i)
		}
		wrap := func(n *Node) *Node { return &Node{Children: []*Node{n}, hasError: n.HasError()} }
		if d := diffTrees(wrap(got[i]), wrap(want[i])); d != "" {
			return fmt.Sprintf("statement %d: %s", i, d)
		}
	}
	return ""
}

// TestEditWithErrors is a case where tree-sitter's incremental error recovery
// differs from a fresh parse: the result says so.
func TestEditWithErrors(t *testing.T) {
	prev := Parse([]byte("0\nd\"# c\n=def f():\n    return 1\n==':"))
	defer prev.Close()
	next := prev.Edit(6, 27, []byte("DEBUG = True\n"))
	defer next.Close()
	checkEdited(t, next, "")
	fresh := Parse(next.Text)
	defer fresh.Close()
	if next.Exact() || !fresh.Exact() || diffTrees(next.Root(), fresh.Root()) == "" {
		t.Fatalf("Exact: edited %v, parsed %v; trees differ: %q", next.Exact(), fresh.Exact(), diffTrees(next.Root(), fresh.Root()))
	}
	// Fixing the error makes the trees agree again.
	fixed := next.Edit(0, len(next.Text), []byte("DEBUG = True\n"))
	defer fixed.Close()
	if !fixed.Exact() {
		t.Fatal("an error-free edit is not Exact")
	}
	checkEdited(t, fixed, "")
}

// FuzzIncrementalEdits applies random edit sequences. Every version must be
// exactly its own C tree, and Parse's tree when Exact; at the end every
// version must still be what it was, so no edit wrote to shared nodes.
func FuzzIncrementalEdits(f *testing.F) {
	f.Add(int64(1), "DEBUG = True\nX = [1, 2]\n")
	f.Add(int64(2), "if DEBUG:\r\n    A = 'é'\r\nelse:\r\n    A = \"日本\"\r\n")
	f.Add(int64(3), "x = (\rY = 1\r")
	f.Fuzz(func(t *testing.T, seed int64, text string) {
		if len(text) > 400 {
			text = text[:400]
		}
		r := rand.New(rand.NewSource(seed))
		docs := []*Document{Parse([]byte(text))}
		dumps := []string{dump(docs[0].Root())}
		var log strings.Builder
		for range 20 {
			doc := docs[len(docs)-1]
			n := len(doc.Text)
			start := r.Intn(n + 1)
			end := start + r.Intn(min(n-start, 40)+1)
			ins := editPieces[r.Intn(len(editPieces))]
			if r.Intn(4) == 0 {
				ins = strings.Repeat(ins, 3)
			}
			if r.Intn(10) == 0 {
				doc.Close() // the next edit parses from scratch
			}
			fmt.Fprintf(&log, "Edit(%d, %d, %q)\n", start, end, ins)
			next := doc.Edit(start, end, []byte(ins))
			if want := string(doc.Text[:start]) + ins + string(doc.Text[end:]); string(next.Text) != want {
				t.Fatalf("text %q, want %q", next.Text, want)
			}
			checkEdited(t, next, log.String())
			docs, dumps = append(docs, next), append(dumps, dump(next.Root()))
		}
		for i, doc := range docs {
			if dump(doc.Root()) != dumps[i] {
				t.Fatalf("after\n%sversion %d changed", log.String(), i)
			}
			doc.Close()
		}
	})
}
