package treesitter

import (
	"github.com/djls-dev/djls/internal/textpos"
	sitter "github.com/smacker/go-tree-sitter"
)

// Edit returns the document whose text is d's with [startByte, oldEndByte)
// replaced by newText; offsets are clamped to the text. When the edit stays
// inside a few top-level statements of an error-free module, only those are
// parsed (see splice). Otherwise tree-sitter re-parses incrementally from an
// edited copy of d's tree, and only the top-level statements whose subtrees
// changed are flattened again: the others are copied from d's nodes. d stays
// valid and unchanged.
func (d *Document) Edit(startByte, oldEndByte int, newText []byte) *Document {
	start := min(max(startByte, 0), len(d.Text))
	oldEnd := min(max(oldEndByte, start), len(d.Text))
	next := make([]byte, 0, len(d.Text)-(oldEnd-start)+len(newText))
	next = append(append(append(next, d.Text[:start]...), newText...), d.Text[oldEnd:]...)
	return d.EditText(start, oldEnd, next)
}

// EditText is Edit given the whole new text, next: d's text with
// [start, oldEnd) replaced (the caller has built it, and must not change
// it). The new document keeps next as its text.
func (d *Document) EditText(start, oldEnd int, next []byte) *Document {
	newEnd := len(next) - (len(d.Text) - oldEnd)
	if doc := d.splice(start, oldEnd, next); doc != nil {
		return doc
	}

	d.mu.Lock()
	if d.tree == nil {
		d.mu.Unlock()
		return Parse(next)
	}
	edited := d.tree.Copy() // tree.Edit mutates: never touch d's tree
	d.mu.Unlock()
	defer edited.Close()
	edited.Edit(treeEdit(d.Mapper(), next, start, oldEnd, newEnd))
	return parse(next, edited, d)
}

// TextEdit replaces [Start, End) with NewText.
type TextEdit struct {
	Start, End int
	NewText    []byte
}

// ApplyEdits applies edits in order, each to the text the previous one
// produced (as in LSP didChange), and returns the final document. The
// intermediate documents are closed; d is not. With no edits it returns a
// new document equal to d, so that the caller may close both.
func (d *Document) ApplyEdits(edits []TextEdit) *Document {
	if len(edits) == 0 {
		return d.Edit(0, 0, nil)
	}
	cur := d
	for _, e := range edits {
		next := cur.Edit(e.Start, e.End, e.NewText)
		if cur != d {
			cur.Close()
		}
		cur = next
	}
	return cur
}

// treeEdit describes the edit to tree-sitter: byte offsets and (row, byte
// column) points in the text as parsed, where rows end at "\n" and at a lone
// "\r" (see parseable). old maps the text before the edit, next is the text
// after it.
func treeEdit(old *textpos.Mapper, next []byte, start, oldEnd, newEnd int) sitter.EditInput {
	// parseable turns a lone "\r" into "\n": whether the "\r" before the
	// edit is lone depends on the edited text, so that byte may change too.
	if start > 0 && old.Text()[start-1] == '\r' {
		start--
	}
	sr, sc := old.Point(start)
	or, oc := old.Point(oldEnd)
	nr, nc := sr, sc
	for i := start; i < newEnd; i++ {
		if c := next[i]; c == '\n' || c == '\r' && (i+1 == len(next) || next[i+1] != '\n') {
			nr, nc = nr+1, 0
		} else {
			nc++
		}
	}
	return sitter.EditInput{
		StartIndex:  uint32(start),
		OldEndIndex: uint32(oldEnd),
		NewEndIndex: uint32(newEnd),
		StartPoint:  sitter.Point{Row: uint32(sr), Column: uint32(sc)},
		OldEndPoint: sitter.Point{Row: uint32(or), Column: uint32(oc)},
		NewEndPoint: sitter.Point{Row: uint32(nr), Column: uint32(nc)},
	}
}
