package evaluator

import (
	"github.com/djls-dev/djls/internal/pvec"
	"github.com/djls-dev/djls/internal/treesitter"
)

// stmtList is a module's top-level statements.
type stmtList = pvec.Vec[*treesitter.Node]

// Root returns the module's syntax tree (nil for a module not read from a
// document). Its first call on a version makes the module's list of
// statements, as long as the module: code that runs at every keystroke
// reads Stmts instead.
func (m *Module) Root() *treesitter.Node {
	if m == nil || m.doc == nil {
		return nil
	}
	return m.doc.Root()
}

// Stmts returns the module's top-level statements (Root's Children),
// sharing with the previous version the chunks an edit did not touch.
func (m *Module) Stmts() pvec.Vec[*treesitter.Node] {
	if m == nil {
		return pvec.Vec[*treesitter.Node]{}
	}
	return m.stmts
}

// topLevel runs a module's statements in order, as block does.
func (ev *evaluator) topLevel(stmts pvec.Vec[*treesitter.Node]) {
	for i, s := range stmts.All() {
		if !ev.blockStmt(i, stmts.Len(), s) {
			return
		}
	}
}
