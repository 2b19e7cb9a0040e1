package treesitter

import (
	"context"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"
)

// Document is one immutable version of a Python source: its text and syntax
// tree. Edit returns a new Document; the old one stays valid until Closed.
type Document struct {
	Text []byte
	root *Node
	tree *sitter.Tree

	mapperOnce sync.Once
	mapper     *Mapper
}

// parsers pools tree-sitter parsers: a parser is not safe for concurrent use.
var parsers = sync.Pool{New: func() any {
	p := sitter.NewParser()
	p.SetLanguage(python.GetLanguage())
	return p
}}

// Parse parses text. It never fails: syntax errors become ERROR nodes.
func Parse(text []byte) *Document {
	p := parsers.Get().(*sitter.Parser)
	defer parsers.Put(p)
	tree, err := p.ParseCtx(context.Background(), nil, parseable(text))
	if err != nil || tree == nil {
		return &Document{Text: text, root: &Node{Type: "module", EndByte: uint32(len(text)), Named: true}}
	}
	return &Document{Text: text, root: flatten(tree.RootNode()), tree: tree}
}

// Root returns the module node.
func (d *Document) Root() *Node { return d.root }

// Close releases the C tree. The Go nodes stay readable.
func (d *Document) Close() {
	if d.tree != nil {
		d.tree.Close()
		d.tree = nil
	}
}

// parseable returns text with each lone "\r" (an old Mac line ending, which
// LSP counts as a line break but tree-sitter-python does not) replaced by
// "\n". Byte offsets are unchanged, so nodes still index the real text.
func parseable(text []byte) []byte {
	for i, c := range text {
		if c == '\r' && (i+1 == len(text) || text[i+1] != '\n') {
			out := append([]byte(nil), text...)
			for j := i; j < len(out); j++ {
				if out[j] == '\r' && (j+1 == len(out) || out[j+1] != '\n') {
					out[j] = '\n'
				}
			}
			return out
		}
	}
	return text
}
