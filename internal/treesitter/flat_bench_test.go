package treesitter

import (
	"fmt"
	"strings"
	"testing"
)

// flatText is a module of n one-line assignments: the shape where
// tree-sitter-python's incremental re-parse costs most. Measured: an edit on
// the last line of 5,000 such lines re-parses in about as long as a full
// parse (~18-30 ms on 2 cores), with the plain go-tree-sitter API too, so the
// cost is the grammar's, not this package's. Beating it needs a
// statement-level splice (parse only the edited top-level statements).
func flatText(n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "APP_SETTING_%05d = \"value %05d\"\n", i, i)
	}
	return []byte(b.String())
}

func BenchmarkEditFlat5000(b *testing.B) {
	doc := Parse(flatText(5000))
	defer doc.Close()
	off := len(doc.Text) / 2
	doc.Mapper()
	for b.Loop() {
		doc.Edit(off, off, []byte("x")).Close()
	}
}

func BenchmarkParseFlat5000(b *testing.B) {
	src := flatText(5000)
	for b.Loop() {
		Parse(src).Close()
	}
}

func BenchmarkEditFlatStart5000(b *testing.B) {
	doc := Parse(flatText(5000))
	defer doc.Close()
	doc.Mapper()
	for b.Loop() {
		doc.Edit(25, 25, []byte("x")).Close()
	}
}

func BenchmarkEditFlatEnd5000(b *testing.B) {
	doc := Parse(flatText(5000))
	defer doc.Close()
	off := len(doc.Text) - 5
	doc.Mapper()
	for b.Loop() {
		doc.Edit(off, off, []byte("x")).Close()
	}
}
