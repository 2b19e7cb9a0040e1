package treesitter

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// topLevelSummary lists the module's children as "type [start,end)".
func topLevelSummary(doc *Document) string {
	var parts []string
	for _, c := range doc.Root().Children {
		parts = append(parts, fmt.Sprintf("%s [%d,%d)", c.Type(), c.StartByte, c.EndByte))
	}
	return strings.Join(parts, ", ")
}

func TestParseOddInputs(t *testing.T) {
	cases := []struct {
		name, text string
		rootStart  uint32 // tree-sitter starts the module at its first token
		want       string
	}{
		{"empty file", "", 0, ""},
		{"only a comment", "# only a comment", 0, "comment [0,16)"},
		{"blank lines first", "\n\nA = 1\n", 2, "expression_statement [2,7)"},
		{"CRLF", "DEBUG = True\r\nX = 1\r\n", 0, "expression_statement [0,12), expression_statement [14,19)"},
		{"lone CR", "A = 1\rB = 2\r", 0, "expression_statement [0,5), expression_statement [6,11)"},
		{"invalid UTF-8 in a string", "X = '\xff\xfe'\nY = 2\n", 0, "expression_statement [0,8), expression_statement [9,14)"},
		// A NUL is a syntax error; the parse goes on after it.
		{"NUL byte", "A = 1\x00\nB = 2\n", 0, "expression_statement [0,12)"},
		{"BOM", "\ufeffA = 1\n", 3, "expression_statement [3,8)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := Parse([]byte(c.text))
			defer doc.Close()
			r := doc.Root()
			if r.Type() != "module" || r.StartByte != c.rootStart || int(r.EndByte) != len(c.text) {
				t.Fatalf("root %s [%d,%d), want module [%d,%d)", r.Type(), r.StartByte, r.EndByte, c.rootStart, len(c.text))
			}
			if got := topLevelSummary(doc); got != c.want {
				t.Fatalf("top level %q, want %q\n%s", got, c.want, dump(r))
			}
			if d := diffTrees(r, r); d != "" {
				t.Fatal(d)
			}
		})
	}
}

func TestDeepNestingIsCut(t *testing.T) {
	text := []byte("x = " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\nY = 1\n")
	doc := Parse(text)
	defer doc.Close()
	if got := maxDepth(doc.Root()); got != MaxDepth {
		t.Fatalf("depth %d, want %d", got, MaxDepth)
	}
	if got := topLevelSummary(doc); got != "expression_statement [0,20004), expression_statement [20005,20010)" {
		t.Fatalf("top level %s", got)
	}
	next := doc.Edit(len(text)-2, len(text)-1, []byte("2"))
	defer next.Close()
	checkEdited(t, next, "")
	// Only the edited statement is parsed again (spliced); the nested list
	// is copied with its cut depth.
	if next.fresh != 1 || maxDepth(next.Root()) != MaxDepth {
		t.Fatalf("%d read fresh, depth %d", next.fresh, maxDepth(next.Root()))
	}
}

func TestParse50MB(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB parse: skipped in -short")
	}
	block := append(settingsText(200), "# "+strings.Repeat("comment ", 2000)+"\nBLOB = '"+strings.Repeat("x", 20000)+"'\n"...)
	var b bytes.Buffer
	for b.Len() < 50<<20 {
		b.Write(block)
	}
	b.WriteString("LAST = 1\n")
	text := b.Bytes()
	doc := Parse(text)
	defer doc.Close()
	r := doc.Root()
	last := r.Children[len(r.Children)-1]
	if int(r.EndByte) != len(text) || last.Text(text) != "LAST = 1" || r.HasError() {
		t.Fatalf("root [%d,%d) of %d bytes, last %q, errors %v", r.StartByte, r.EndByte, len(text), last.Text(text), r.HasError())
	}
	next := doc.Edit(len(text)-2, len(text)-1, []byte("2"))
	defer next.Close()
	if got := next.Root().Children[len(r.Children)-1].Text(next.Text); got != "LAST = 2" || next.fresh != 1 {
		t.Fatalf("after the edit: %q, %d read fresh", got, next.fresh)
	}
}

// tree-sitter-python ends an unterminated triple-quoted string at the end of
// the file with a MISSING string_end and no ERROR node; the leaf we keep for a
// string must not hide it, or a fix appended to the file lands inside the
// string and looks valid.
func TestUnterminatedTripleStringAtEOFHasError(t *testing.T) {
	for _, src := range []string{"X = env('''000')", "X = '''abc)", "X = \"\"\"a\nY = 1"} {
		doc := Parse([]byte(src))
		if !doc.Root().HasError() {
			t.Errorf("%q: no error in the tree", src)
		}
		doc.Close()
	}
	doc := Parse([]byte("X = '''ok'''\n"))
	defer doc.Close()
	if doc.Root().HasError() || len(doc.Root().NamedChildren()[0].NamedChildren()[0].NamedChildren()[1].Children) != 0 {
		t.Error("a terminated string should be one leaf without error")
	}
}
