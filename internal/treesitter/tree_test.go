package treesitter

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

// dump renders a subtree one node a line, for failure messages and for
// checking that a document did not change.
func dump(n *Node) string {
	var b strings.Builder
	var walk func(n *Node, depth int)
	walk = func(n *Node, depth int) {
		fmt.Fprintf(&b, "%s%s", strings.Repeat("  ", depth), n.Type())
		if n.Field() != "" {
			fmt.Fprintf(&b, " %s:", n.Field())
		}
		fmt.Fprintf(&b, " [%d,%d)", n.StartByte, n.EndByte)
		if !n.Named {
			b.WriteString(" anon")
		}
		if n.Missing {
			b.WriteString(" MISSING")
		}
		b.WriteByte('\n')
		for _, c := range n.Children {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// hasErrorWalk is HasError computed the slow way.
func hasErrorWalk(n *Node) bool {
	if n.IsError() {
		return true
	}
	for _, c := range n.Children {
		if hasErrorWalk(c) {
			return true
		}
	}
	return false
}

// parentLinkRight reports whether child's Parent is n, or Module for a
// child of the module root.
func parentLinkRight(n, child *Node) bool {
	if n.Parent == nil {
		return child.Parent == Module
	}
	return child.Parent == n
}

// diffTrees returns "" when got and want have the same shape, types, fields,
// ranges and flags, and when every parent link in both is right.
func diffTrees(got, want *Node) string {
	if got.Parent != nil || want.Parent != nil {
		return "a root has a parent"
	}
	var walk func(a, b *Node) string
	walk = func(a, b *Node) string {
		if a.Type() != b.Type() || a.Field() != b.Field() || a.StartByte != b.StartByte || a.EndByte != b.EndByte ||
			a.Named != b.Named || a.Missing != b.Missing || len(a.Children) != len(b.Children) ||
			a.HasError() != b.HasError() || a.HasError() != hasErrorWalk(a) {
			return fmt.Sprintf("got %s %q [%d,%d) named=%v missing=%v with %d children, want %s %q [%d,%d) named=%v missing=%v with %d children",
				a.Type(), a.Field(), a.StartByte, a.EndByte, a.Named, a.Missing, len(a.Children),
				b.Type(), b.Field(), b.StartByte, b.EndByte, b.Named, b.Missing, len(b.Children))
		}
		for i := range a.Children {
			if !parentLinkRight(a, a.Children[i]) || !parentLinkRight(b, b.Children[i]) {
				return fmt.Sprintf("wrong parent link under %s [%d,%d)", a.Type(), a.StartByte, a.EndByte)
			}
			if d := walk(a.Children[i], b.Children[i]); d != "" {
				return d
			}
		}
		return ""
	}
	return walk(got, want)
}

// requireFreshParse fails unless doc's tree is what Parse makes of its text.
func requireFreshParse(t *testing.T, doc *Document) {
	t.Helper()
	fresh := Parse(doc.Text)
	defer fresh.Close()
	if d := diffTrees(doc.Root(), fresh.Root()); d != "" {
		t.Fatalf("text %q: %s\ngot:\n%s\nwant:\n%s", doc.Text, d, dump(doc.Root()), dump(fresh.Root()))
	}
}

// maxDepth is the depth of the deepest node (the root is 0).
func maxDepth(n *Node) int {
	d := 0
	for _, c := range n.Children {
		d = max(d, 1+maxDepth(c))
	}
	return d
}

func TestParseShape(t *testing.T) {
	doc := Parse([]byte("DEBUG = True  # dev\nHOSTS = ['a.org']\n"))
	defer doc.Close()
	want := `module [0,38)
  expression_statement [0,12)
    assignment [0,12)
      identifier left: [0,5)
      = [6,7) anon
      true right: [8,12)
  comment [14,19)
  expression_statement [20,37)
    assignment [20,37)
      identifier left: [20,25)
      = [26,27) anon
      list right: [28,37)
        [ [28,29) anon
        string [29,36)
        ] [36,37) anon
`
	if got := dump(doc.Root()); got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	if d := diffTrees(doc.Root(), doc.Root()); d != "" {
		t.Fatal(d)
	}
}

func TestDocumentMapper(t *testing.T) {
	doc := Parse([]byte("A = 1\r\nB = 2\n"))
	defer doc.Close()
	first := doc.Mapper()
	if doc.Mapper() != first || first.LineCount() != 3 {
		t.Fatal("Mapper must be built once, for the document's text")
	}
}

// TestMadeUpSymbols: the module stand-in and a module made without a
// parse are named "module", by an id the grammar does not use.
func TestMadeUpSymbols(t *testing.T) {
	doc := Parse([]byte("A = 1\n"))
	defer doc.Close()
	if len(symbolNames) == 0 || len(symbolNames) >= int(symbolModule) {
		t.Fatalf("the grammar has %d symbols; symbolModule is %d", len(symbolNames), symbolModule)
	}
	if Module.Type() != "module" || doc.Root().Type() != "module" || !doc.Root().Children[0].IsTopLevel() {
		t.Fatalf("Module %q, root %q, first statement top-level %v", Module.Type(), doc.Root().Type(), doc.Root().Children[0].IsTopLevel())
	}
	if (&Node{symbol: symbolError}).Type() != "ERROR" {
		t.Fatal("symbolError is not ERROR")
	}
}

// TestNodeSize: an open module keeps every node of its tree (~6 per line),
// so a byte more in the header (48 → 56) is 8 KB more per 200-line module.
func TestNodeSize(t *testing.T) {
	if size := unsafe.Sizeof(Node{}); size != 48 {
		t.Errorf("a Node takes %d bytes, want 48", size)
	}
}
