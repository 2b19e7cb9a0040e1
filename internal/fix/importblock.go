package fix

import "github.com/djls-dev/djls/internal/treesitter"

// isImport reports whether n is an import statement of any form.
func isImport(n *treesitter.Node) bool {
	switch n.Type() {
	case "import_statement", "import_from_statement", "future_import_statement":
		return true
	}
	return false
}

// importBlockEnd returns the last import statement of the run of imports
// (comments between them included) that imp, a statement of the module
// root or of a block under it, belongs to. Code inserted after it keeps
// every import above it (flake8/ruff E402).
func importBlockEnd(root, imp *treesitter.Node) *treesitter.Node {
	siblings := root.Children // a top-level statement's Parent is not this root
	if !imp.IsTopLevel() {
		if imp.Parent == nil {
			return imp
		}
		siblings = imp.Parent.Children
	}
	last, seen := imp, false
	for _, c := range siblings {
		switch {
		case c == imp:
			seen = true
		case !seen || c.Type() == "comment":
		case isImport(c):
			last = c
		default:
			return last
		}
	}
	return last
}

// insertAfterImportBlock adds lines after the import block imp (a star
// import, typically) belongs to.
func (s *src) insertAfterImportBlock(imp *treesitter.Node, lines string) Edit {
	return s.insertAfterStatement(importBlockEnd(s.root, imp), lines)
}
