package treesitter

// HasCTree reports whether d still holds tree-sitter's C tree, which an
// Edit that cannot splice re-parses from incrementally (without it, Edit
// parses the whole text). Close frees it; a spliced edit's document has
// none.
func (d *Document) HasCTree() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.tree != nil
}
