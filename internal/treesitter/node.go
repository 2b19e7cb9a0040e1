package treesitter

// Node is a syntax node copied out of tree-sitter into Go memory: reading it
// costs no cgo call and it stays valid after the C tree is closed. Types and
// field names are tree-sitter-python's.
type Node struct {
	Type      string // grammar symbol, e.g. "assignment", "call", "ERROR"
	Field     string // field name in the parent ("left", "right", ...), or ""
	StartByte uint32
	EndByte   uint32
	Named     bool
	Missing   bool // inserted by error recovery; has no text
	Parent    *Node
	Children  []*Node // named and anonymous children, in source order
}

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
		if c.Field == field {
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
		if c.Named && c.Type != "comment" {
			out = append(out, c)
		}
	}
	return out
}

// IsError reports whether the node is an error or missing node.
func (n *Node) IsError() bool { return n.Type == "ERROR" || n.Missing }

// HasError reports whether the subtree contains an error or missing node.
func (n *Node) HasError() bool {
	if n.IsError() {
		return true
	}
	for _, c := range n.Children {
		if c.HasError() {
			return true
		}
	}
	return false
}
