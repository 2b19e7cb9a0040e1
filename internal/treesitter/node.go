package treesitter

// Node is a syntax node copied out of tree-sitter into Go memory: reading it
// costs no cgo call and it stays valid after the C tree is closed. Types and
// field names are tree-sitter-python's.
//
// Nodes are never written once built, so versions of a document share the
// top-level statements an edit left at the same offsets. That is why the
// Parent of a top-level statement is not the module root of any one version
// but Module, a shared stand-in: use Document.Root for the module (its
// Children are that version's statements) and IsTopLevel to ask.
type Node struct {
	StartByte uint32
	EndByte   uint32
	Named     bool
	Missing   bool // inserted by error recovery; has no text
	// The grammar's symbol and field ids (Type and Field name them) and
	// whether tree-sitter saw an error in the subtree (top level only):
	// ids, not strings, so a node holds two pointers for the garbage
	// collector to follow and takes 48 bytes (TestNodeSize: one byte more
	// here is 56; an open 200-line module holds ~1,200 nodes).
	symbol, fieldID uint16
	cErrors         bool
	hasError        bool // HasError, computed when the node is built
	Parent          *Node
	Children        []*Node // named and anonymous children, in source order
}

// Type returns the node's grammar symbol, e.g. "assignment", "call",
// "ERROR".
func (n *Node) Type() string { return symbolName(n.symbol) }

// Field returns the node's field name in its parent ("left", "right",
// ...), or "".
func (n *Node) Field() string { return fieldName(n.fieldID) }

// Module is the Parent of every top-level statement (see Node): it has the
// module's type and nothing else. Never write to it.
var Module = &Node{symbol: symbolModule, Named: true}

// IsTopLevel reports whether n is a statement (or comment) of its module.
func (n *Node) IsTopLevel() bool { return n != nil && n.Parent == Module }

// Text returns the node's source text.
func (n *Node) Text(src []byte) string {
	if n == nil || int(n.EndByte) > len(src) || n.StartByte > n.EndByte {
		return ""
	}
	return string(src[n.StartByte:n.EndByte])
}

// ChildByField returns the first child with the given field name.
func (n *Node) ChildByField(field string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children {
		if c.Field() == field {
			return c
		}
	}
	return nil
}

// NamedChildren returns the named children (skipping punctuation and keywords).
func (n *Node) NamedChildren() []*Node {
	if n == nil {
		return nil
	}
	out := make([]*Node, 0, len(n.Children))
	for _, c := range n.Children {
		if c.Named && c.Type() != "comment" {
			out = append(out, c)
		}
	}
	return out
}

// IsError reports whether the node is an error or missing node.
func (n *Node) IsError() bool { return n.Type() == "ERROR" || n.Missing }

// HasError reports whether the subtree contains an error or missing node.
func (n *Node) HasError() bool { return n.hasError }

// noteErrors sets hasError on the nodes of a pre-order slab: a child comes
// after its parent, so one backward pass sees every child first.
func noteErrors(slab []Node) {
	for i := len(slab) - 1; i >= 0; i-- {
		n := &slab[i]
		n.hasError = n.hasError || n.IsError()
		if n.hasError && n.Parent != nil && n.Parent != Module {
			n.Parent.hasError = true
		}
	}
}
