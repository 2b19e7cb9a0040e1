package treesitter

import (
	"bytes"
	"context"
	"sync"
	"sync/atomic"

	"github.com/djls-dev/djls/internal/pvec"
	"github.com/djls-dev/djls/internal/textpos"
	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"
)

// Document is one immutable version of a Python source: its text and syntax
// tree. Edit returns a new Document; the old one stays valid. Every method
// is safe for concurrent use.
type Document struct {
	Text []byte
	// head is the module node without its Children, and stmts its
	// top-level statements: what the next Edit reuses, sharing the chunks
	// it did not touch (see Stmts). Root joins them, on first need.
	head  Node
	stmts pvec.Vec[*Node]
	// fresh counts the top-level children Edit read through cgo (the rest
	// were copied from the previous version); tests check reuse with it.
	fresh int
	exact bool // see Exact
	// confined lists the stretches of text parsed alone that hold a
	// syntax error, in order (see splice and Confined).
	confined []span
	// tidy: every top-level statement outside the confined stretches is
	// one splice can work around (see allTidy in splice.go); known when the
	// document is built, so a keystroke need not look at every statement.
	tidy bool

	mu   sync.Mutex // guards tree
	tree *sitter.Tree

	rootOnce sync.Once
	root     *Node

	mapper atomic.Pointer[textpos.Mapper] // see Mapper and AdoptMapper
}

// parsers pools tree-sitter parsers: a parser is not safe for concurrent use.
var parsers = sync.Pool{New: func() any {
	p := sitter.NewParser()
	p.SetLanguage(python.GetLanguage())
	return p
}}

// Parse parses text. It never fails: syntax errors become ERROR nodes, and
// if tree-sitter gives up the result is an empty module spanning the text.
func Parse(text []byte) *Document {
	return parse(text, nil, nil)
}

// parse parses text, incrementally when base (an edited copy of prev's
// tree) is given; prev's Go nodes are then reused where nothing changed.
func parse(text []byte, base *sitter.Tree, prev *Document) *Document {
	p := parsers.Get().(*sitter.Parser)
	tree, err := p.ParseCtx(context.Background(), base, parseable(text))
	parsers.Put(p)
	if err != nil || tree == nil {
		return &Document{Text: text, head: Node{symbol: symbolModule, EndByte: uint32(len(text)), Named: true}, exact: true}
	}
	var old pvec.Vec[*Node]
	var edited *sitter.Node
	if prev != nil {
		old, edited = prev.stmts, base.RootNode()
	}
	head, tops, fresh, errors := flatten(tree.RootNode(), old, edited, 0)
	// The list shares old's chunks that hold the same statements.
	stmts := pvec.OfSharing(old, tops)
	d := &Document{Text: text, head: head, stmts: stmts, fresh: fresh, exact: prev == nil || !errors, tree: tree}
	d.tidy = !errors && allTidy(stmts, text)
	return d
}

// Exact reports whether the tree is the one Parse(d.Text) gives. It is false
// only after an Edit whose result has syntax errors: tree-sitter's error
// recovery may then resolve the broken region differently when it reuses old
// subtrees (the tree is valid, and the same once the errors are fixed). A
// caller that needs the from-scratch tree, say to agree with the CLI, can
// Parse the text again once typing pauses.
func (d *Document) Exact() bool { return d.exact }

// Confined reports a document that is not Exact only because an edit's
// statements, parsed alone, have a syntax error (see splice): each such
// stretch is the tree of its text parsed alone, and every other statement
// is what Parse gives. A language server may show it as it is; a full
// parse would let an open bracket swallow the rest of the module.
func (d *Document) Confined() bool { return len(d.confined) > 0 }

// span is a stretch [start, end) of a document's text.
type span struct{ start, end int }

// Root returns the module node, its Children that version's statements.
// The first call makes the Children list, as long as the module: code run
// at every keystroke reads Stmts (and HasError) instead.
func (d *Document) Root() *Node {
	d.rootOnce.Do(func() {
		root := d.head
		root.Children = d.stmts.AppendTo(make([]*Node, 0, d.stmts.Len()))
		d.root = &root
	})
	return d.root
}

// Stmts returns the module's top-level statements (Root's Children). A
// version shares with the one it was edited from the chunks of the list
// that the edit did not touch: a keystroke inside one statement copies one
// chunk, not the whole list.
func (d *Document) Stmts() pvec.Vec[*Node] { return d.stmts }

// HasError reports whether the module holds an error or missing node
// (Root().HasError() without making Root).
func (d *Document) HasError() bool { return d.head.hasError }

// Close frees the C tree now rather than at garbage collection. The text, the
// nodes and the Mapper stay readable; a later Edit re-parses from scratch.
// Closing twice, or closing documents that share history, is safe: each
// document owns its own tree.
func (d *Document) Close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.tree != nil {
		d.tree.Close()
		d.tree = nil
	}
}

// Mapper returns the document's position mapper, built on first need
// unless adopted (AdoptMapper).
func (d *Document) Mapper() *textpos.Mapper {
	if m := d.mapper.Load(); m != nil {
		return m
	}
	d.mapper.CompareAndSwap(nil, textpos.NewMapper(d.Text))
	return d.mapper.Load()
}

// AdoptMapper makes m the document's mapper unless it has one already, so
// that a caller that keeps its own (a language server deriving each
// version's from the last, textpos.Mapper.Edit) and the document do not
// build two. m must index the document's own Text (the same bytes in
// memory); another m is ignored. It returns the document's mapper.
func (d *Document) AdoptMapper(m *textpos.Mapper) *textpos.Mapper {
	if m == nil {
		return d.Mapper()
	}
	if t := m.Text(); len(t) == len(d.Text) && (len(t) == 0 || &t[0] == &d.Text[0]) {
		d.mapper.CompareAndSwap(nil, m)
	}
	return d.Mapper()
}

// parseable returns text with each lone "\r" (an old Mac line ending, which
// LSP counts as a line break but tree-sitter-python does not) replaced by
// "\n". Byte offsets are unchanged, so nodes still index the real text.
func parseable(text []byte) []byte {
	var out []byte
	for i := bytes.IndexByte(text, '\r'); i >= 0; {
		if i+1 == len(text) || text[i+1] != '\n' {
			if out == nil {
				out = append([]byte(nil), text...)
			}
			out[i] = '\n'
		}
		j := bytes.IndexByte(text[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	if out == nil {
		return text
	}
	return out
}
