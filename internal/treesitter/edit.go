package treesitter

import (
	"context"

	sitter "github.com/smacker/go-tree-sitter"
)

// Edit returns the document whose text is d's with [startByte, oldEndByte)
// replaced by newText. tree-sitter re-parses incrementally from a copy of
// d's tree, so d stays valid and unchanged. Offsets are clamped to the text.
func (d *Document) Edit(startByte, oldEndByte int, newText []byte) *Document {
	startByte = min(max(startByte, 0), len(d.Text))
	oldEndByte = min(max(oldEndByte, startByte), len(d.Text))
	next := make([]byte, 0, len(d.Text)-(oldEndByte-startByte)+len(newText))
	next = append(append(append(next, d.Text[:startByte]...), newText...), d.Text[oldEndByte:]...)
	if d.tree == nil {
		return Parse(next)
	}
	old := d.tree.Copy() // Tree.Edit mutates: never touch d's tree
	defer old.Close()
	newEnd := startByte + len(newText)
	old.Edit(sitter.EditInput{
		StartIndex:  uint32(startByte),
		OldEndIndex: uint32(oldEndByte),
		NewEndIndex: uint32(newEnd),
		StartPoint:  point(d.Text, startByte),
		OldEndPoint: point(d.Text, oldEndByte),
		NewEndPoint: point(next, newEnd),
	})
	p := parsers.Get().(*sitter.Parser)
	defer parsers.Put(p)
	tree, err := p.ParseCtx(context.Background(), old, parseable(next))
	if err != nil || tree == nil {
		return Parse(next)
	}
	return &Document{Text: next, root: flatten(tree.RootNode()), tree: tree}
}

// point is tree-sitter's (row, byte column) of offset in the text as
// parsed: rows end at "\n" and at a lone "\r" (see parseable).
func point(text []byte, offset int) sitter.Point {
	var row, lineStart int
	for i := 0; i < offset && i < len(text); i++ {
		if text[i] == '\n' || (text[i] == '\r' && (i+1 >= len(text) || text[i+1] != '\n')) {
			row++
			lineStart = i + 1
		}
	}
	return sitter.Point{Row: uint32(row), Column: uint32(offset - lineStart)}
}
