package treesitter

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
)

// retype returns d's text with a character typed again (a copy): a new
// version whose statements are d's but for the one retyped.
func retype(d *Document) []byte {
	return append([]byte(nil), d.Text...)
}

// TestRetypingSharesTheStatementList: a one-character edit copies one
// chunk of the module's statement list and shares the others with the
// version before, whether it is spliced (with or without the C tree) or
// re-parsed by tree-sitter (a module with a syntax error is not spliced).
func TestRetypingSharesTheStatementList(t *testing.T) {
	for _, c := range []struct {
		name   string
		prefix string
		close  bool
		// unshared is how many chunks the edit may copy: a syntax error's
		// statement is never reused, so its chunk is copied too.
		unshared int
	}{
		{"spliced", "", false, 1},
		{"spliced without the C tree", "", true, 1},
		{"re-parsed", "@@@\n", false, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := Parse(append([]byte(c.prefix), settingsText(5000)...))
			defer doc.Close()
			if c.close {
				doc.Close()
			}
			if doc.tidy == (c.prefix != "") {
				t.Fatalf("tidy %v: not the path this case tests", doc.tidy)
			}
			off := middle(doc)
			next := doc.EditText(off, off+1, retype(doc))
			defer next.Close()
			old, now := doc.Stmts(), next.Stmts()
			shared, total := now.SharedChunks(old)
			if now.Len() != old.Len() || total < 10 {
				t.Fatalf("%d statements in %d chunks, want %d in at least 10", now.Len(), total, old.Len())
			}
			if shared < total-c.unshared {
				t.Fatalf("%d of %d chunks shared, want at least %d", shared, total, total-c.unshared)
			}
			if got := now.AppendTo(nil); len(got) != len(next.Root().Children) || got[now.Len()/2] != next.Root().Children[now.Len()/2] {
				t.Fatal("Stmts and Root().Children differ")
			}
		})
	}
}

// TestRootIsItsStatements: Root's Children are Stmts, made once.
func TestRootIsItsStatements(t *testing.T) {
	doc := Parse([]byte("A = 1\n# c\nB = 2\n"))
	defer doc.Close()
	root := doc.Root()
	if root != doc.Root() || len(root.Children) != doc.Stmts().Len() {
		t.Fatalf("Root not made once, or %d children for %d statements", len(root.Children), doc.Stmts().Len())
	}
	for i, s := range doc.Stmts().All() {
		if root.Children[i] != s {
			t.Fatalf("child %d is not statement %d", i, i)
		}
	}
	if doc.HasError() || !bytes.Equal(doc.Text, []byte("A = 1\n# c\nB = 2\n")) {
		t.Fatal("HasError on a module without errors")
	}
}

// TestRetypingAllocatesLittle bounds what a spliced one-character edit of
// a 5,000-line module allocates beyond its text: no list as long as the
// module (40 KB), no line index (20 KB).
func TestRetypingAllocatesLittle(t *testing.T) {
	doc := Parse(flatSettings(5000))
	defer doc.Close()
	doc.Close() // the language server keeps no C tree below 16 KB; spliced either way
	off := middle(doc)
	texts := make([][]byte, 20)
	for i := range texts {
		texts[i] = retype(doc)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for _, text := range texts {
		doc.EditText(off, off+1, text)
	}
	runtime.ReadMemStats(&after)
	perEdit := (after.TotalAlloc - before.TotalAlloc) / uint64(len(texts))
	t.Logf("%d bytes per edit", perEdit)
	if perEdit > 8<<10 {
		t.Errorf("a one-character edit allocates %d bytes, want at most 8 KB", perEdit)
	}
}

// flatSettings is a module of n one-line assignments.
func flatSettings(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, "SETTING_%d = 'value'\n", i)
	}
	return b.Bytes()
}
