package treesitter

import (
	"bytes"
	"testing"
)

// TestEditWithoutCTreeMatchesFreshParse: a document whose C tree was freed
// (as the language server does for documents not edited lately) edits to
// exactly Parse's tree, whether the edit splices or not (or, for a syntax
// error kept to its statement, to its pieces parsed alone), and to the
// tree the same edit gives a document that kept its C tree when that one
// is Exact. An edit that cannot splice parses from scratch and holds a C
// tree again, for the edits after it.
func TestEditWithoutCTreeMatchesFreshParse(t *testing.T) {
	text := settingsText(300)
	at := func(s string) int {
		i := bytes.Index(text, []byte(s))
		if i < 0 {
			t.Fatalf("%q not in the text", s)
		}
		return i
	}
	for _, c := range []struct {
		name         string
		start, end   int
		insert       string
		wantSplice   bool // the edit splices: no C tree is made
		wantNoErrors bool
	}{
		{"in a string", at(`"a3.example.org"`) + 2, at(`"a3.example.org"`) + 3, "b", true, true},
		{"a new statement", at("# Section 4"), at("# Section 4"), "X = 1\n", true, true},
		{"an open bracket", at("# Section 4"), at("# Section 4"), "FOO = (\n", true, false},
		{"a doubled equals sign", at("DEBUG_5 =") + len("DEBUG_5 ="), at("DEBUG_5 =") + len("DEBUG_5 ="), " =", true, false},
		{"indent into the block before", at("SECRET_KEY_4"), at("SECRET_KEY_4"), "    ", false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			kept := Parse(text)
			defer kept.Close()
			freed := Parse(text)
			freed.Close()
			if !kept.HasCTree() || freed.HasCTree() {
				t.Fatalf("HasCTree: parsed %v, closed %v", kept.HasCTree(), freed.HasCTree())
			}
			withTree := kept.Edit(c.start, c.end, []byte(c.insert))
			defer withTree.Close()
			without := freed.Edit(c.start, c.end, []byte(c.insert))
			defer without.Close()
			if !bytes.Equal(without.Text, withTree.Text) {
				t.Fatal("the two edits give different texts")
			}
			if without.Confined() {
				if d := diffPieces(without); d != "" {
					t.Fatal(d)
				}
			} else {
				requireFreshParse(t, without)
			}
			if !without.Exact() && !without.Confined() {
				t.Error("an edit without a C tree is neither Exact nor Confined")
			}
			if withTree.Exact() {
				if d := diffTrees(without.Root(), withTree.Root()); d != "" {
					t.Errorf("with and without the C tree: %s", d)
				}
			}
			if got := without.HasCTree(); got == c.wantSplice {
				t.Errorf("HasCTree after the edit = %v, want %v (spliced: %v)", got, !c.wantSplice, c.wantSplice)
			}
			if got := !without.Root().HasError(); got != c.wantNoErrors {
				t.Errorf("error-free = %v, want %v", got, c.wantNoErrors)
			}
		})
	}
}
