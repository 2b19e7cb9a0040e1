package treesitter

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/pvec"
)

// oneLineSettings is a module of n assignments of the language server
// benchmark's shape, and the offset of a character inside the middle one's
// string.
func oneLineSettings(n int) (text []byte, middle int) {
	var b bytes.Buffer
	for i := range n {
		if i == n/2 {
			middle = b.Len() + len(`APP_SETTING_00000 = "valu`)
		}
		fmt.Fprintf(&b, "APP_SETTING_%05d = \"value %05d\"\n", i, i)
	}
	return b.Bytes(), middle
}

// TestSpliceRetypeAllocatesLittle bounds a keystroke that retypes one
// character of a 5,000-statement module: the window's parse allocates its
// nodes and nothing else (no go-tree-sitter Tree, node cache or buffers
// sized for a module), and the whole edit adds the copied chunk of the
// statement list and the Document. Before parseAlone: 16 allocations,
// 5.2 KB.
func TestSpliceRetypeAllocatesLittle(t *testing.T) {
	text, off := oneLineSettings(5000)
	doc := Parse(text)
	doc.Close() // as the language server's documents after their first splice
	texts := make([][]byte, 50)
	for i := range texts {
		texts[i] = append([]byte(nil), text...)
		texts[i][off] = byte('a' + i%26)
	}
	if next := doc.EditText(off, off+1, texts[0]); next.fresh != 1 || !next.Exact() {
		t.Fatalf("fresh %d, exact %v: not a splice of one statement", next.fresh, next.Exact())
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for _, text := range texts {
		doc.EditText(off, off+1, text)
	}
	runtime.ReadMemStats(&after)
	bytesPer := (after.TotalAlloc - before.TotalAlloc) / uint64(len(texts))
	allocsPer := (after.Mallocs - before.Mallocs) / uint64(len(texts))
	t.Logf("%d bytes, %d allocations per edit", bytesPer, allocsPer)
	if bytesPer > 2560 || allocsPer > 8 {
		t.Errorf("a one-character splice allocates %d bytes in %d allocations, want at most 2.5 KB in 8", bytesPer, allocsPer)
	}

	// The window's parse alone: the node slab, its child slots, the list.
	window := text[off-len(`APP_SETTING_00000 = "valu`):]
	window = window[:bytes.IndexByte(window, '\n')+1]
	if got := testing.AllocsPerRun(50, func() { parseAlone(window, 1000) }); got > 3 {
		t.Errorf("parseAlone of %q: %v allocations, want 3", window, got)
	}
}

// TestFlattenWholeMatchesFlatten: parseAlone's one walk from the root
// copies the tree flatten copies, top-level error flags included, cut at
// the same depth.
func TestFlattenWholeMatchesFlatten(t *testing.T) {
	texts := []string{
		"", "# only a comment", "\n\nA = 1\n", "DEBUG = True\r\nX = 1\r\n", "\ufeffA = 1\n",
		"A = 1\x00\nB = 2\n", "x = (\n", "def f(:\n  pass\nY = [1,\n", "'''open\n", "else: 0\n",
		"x = " + strings.Repeat("[", 3000) + strings.Repeat("]", 3000) + "\nY = 1\n",
		string(settingsText(300)),
	}
	for _, p := range editPieces {
		texts = append(texts, p, "A = 1\n"+p+"\nB = 2\n")
	}
	for _, text := range texts {
		doc := Parse([]byte(text))
		root := doc.tree.RootNode()
		for _, shift := range []int64{0, 7} {
			wantHead, wantTops, _, wantErrors := flatten(root, pvec.Vec[*Node]{}, nil, shift)
			head, tops, errors := flattenWhole(cNode(root), shift)
			if errors != wantErrors || head.cErrors != wantHead.cErrors {
				t.Fatalf("%q: errors %v, cErrors %v, want %v, %v", text, errors, head.cErrors, wantErrors, wantHead.cErrors)
			}
			head.Children, wantHead.Children = tops, wantTops
			if d := diffTrees(&head, &wantHead); d != "" {
				t.Fatalf("%q shifted %d: %s", text, shift, d)
			}
			for i := range tops {
				if tops[i].cErrors != wantTops[i].cErrors || tops[i].Parent != Module {
					t.Fatalf("%q: statement %d: cErrors %v, want %v", text, i, tops[i].cErrors, wantTops[i].cErrors)
				}
			}
		}
		doc.Close()
	}
}
