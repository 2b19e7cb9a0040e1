package lsp

import (
	"math/rand/v2"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/djls-dev/djls/internal/textpos"
)

// sameLines reports whether m indexes the lines a fresh Mapper of its
// text finds.
func sameLines(m *mapper) bool {
	want := textpos.NewMapper(m.Text())
	if m.LineCount() != want.LineCount() {
		return false
	}
	for l := range want.LineCount() {
		if m.LineStart(l) != want.LineStart(l) {
			return false
		}
	}
	return true
}

// TestDerivedMapperMatchesAFreshOne: after random edit sequences (several
// changes per notification, "\r\n", lone "\r" and non-ASCII text), the
// document's Mapper, derived from the last one at each change, is the
// Mapper of its text, and the syntax tree uses that same Mapper.
func TestDerivedMapperMatchesAFreshOne(t *testing.T) {
	for seed := uint64(1); seed <= 40; seed++ {
		r := rand.New(rand.NewPCG(seed, seed*7))
		text := "import os\r\nNAME = 'é日本語😀'\nDEBUG = 1\r"
		doc := newDocument("file:///p/settings.py", "/p/settings.py", 1, []byte(text))
		for i := range 60 {
			var changes []protocol.TextDocumentContentChangeEvent
			changes, text = randomChanges(r, text, encUTF8)
			next, err := doc.applyChanges(int32(i+2), changes, encUTF8)
			if err != nil {
				t.Fatal(err)
			}
			doc.tree.Close()
			doc = next
			if string(doc.m.Text()) != text || !sameLines(doc.m) {
				t.Fatalf("seed %d step %d: the document's Mapper is not its text's (%q)", seed, i, text)
			}
			if doc.tree != nil && doc.tree.Mapper() != doc.m {
				t.Fatalf("seed %d step %d: the tree has a Mapper of its own", seed, i)
			}
		}
		doc.tree.Close()
	}
}

// TestRetypingSharesTheLineIndex: retyping a character of a 5,000-line
// module builds no line index: the new version's Mapper shares the last
// one's, and the tree uses it.
func TestRetypingSharesTheLineIndex(t *testing.T) {
	doc := newDocument("file:///p/settings.py", "/p/settings.py", 1, []byte(generatedModule(5000)))
	defer doc.tree.Close()
	next, err := doc.applyChanges(2, []protocol.TextDocumentContentChangeEvent{edit(2500, 25, 2500, 26, "x")}, encUTF16)
	if err != nil {
		t.Fatal(err)
	}
	defer next.tree.Close()
	if !next.m.SharesLines(doc.m) || next.tree.Mapper() != next.m {
		t.Fatalf("shares the line index: %v; the tree uses the document's Mapper: %v", next.m.SharesLines(doc.m), next.tree.Mapper() == next.m)
	}
}
