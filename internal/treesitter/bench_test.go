package treesitter

import (
	"fmt"
	"strings"
	"testing"
)

func settingsText(lines int) []byte {
	var b strings.Builder
	for i := 0; strings.Count(b.String(), "\n") < lines; i++ {
		fmt.Fprintf(&b, "FEATURE_%d = {\n    'enabled': config('FEATURE_%d', default=False, cast=bool),\n    'hosts': ['a%d.example.org', 'b.example.org'],\n}\n", i, i, i)
	}
	return []byte(b.String())
}

func benchParse(b *testing.B, lines int) {
	src := settingsText(lines)
	for i := 0; i < b.N; i++ {
		Parse(src).Close()
	}
}

// benchEdit types one character in the middle of the module.
func benchEdit(b *testing.B, lines int) {
	doc := Parse(settingsText(lines))
	mid := len(doc.Text) / 2
	for i := 0; i < b.N; i++ {
		next := doc.Edit(mid, mid, []byte("x"))
		back := next.Edit(mid, mid+1, nil)
		next.Close()
		doc.Close()
		doc = back
	}
	doc.Close()
}

func BenchmarkParse200(b *testing.B)  { benchParse(b, 200) }
func BenchmarkParse5000(b *testing.B) { benchParse(b, 5000) }
func BenchmarkEdit200(b *testing.B)   { benchEdit(b, 200) }  // two edits per op
func BenchmarkEdit5000(b *testing.B)  { benchEdit(b, 5000) } // two edits per op
func BenchmarkMapper5000(b *testing.B) {
	src := settingsText(5000)
	for i := 0; i < b.N; i++ {
		m := NewMapper(src)
		m.Position(len(src)/2, UTF16)
	}
}
