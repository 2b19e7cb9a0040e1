package lsp

import (
	"slices"
	"sync"
)

// keepCTrees is how many open documents may keep tree-sitter's C tree at
// once: the most recently opened or edited ones (only documents of at least
// keepCTreeFrom bytes keep one at all). A C tree costs about 1.1 MB per
// 1,000 lines of settings (50 open 1,000-line modules peaked at 173 MB RSS
// with theirs, 116 MB without), and serves only an edit that cannot be
// spliced (one in or next to a syntax error) in the document being typed
// in: any other document that needs one re-parses from scratch once, and
// keeps the new tree while it is edited. A spliced edit leaves no C tree
// either.
const keepCTrees = 2

// cTrees lists the paths of the open documents that may hold a C tree,
// least recently used first.
type cTrees struct {
	mu    sync.Mutex
	paths []string
}

// use records that the document at path was just opened or edited and
// returns the paths that must give up their C trees to stay within
// keepCTrees.
func (c *cTrees) use(path string) (evicted []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.paths = append(slices.DeleteFunc(c.paths, func(p string) bool { return p == path }), path)
	if over := len(c.paths) - keepCTrees; over > 0 {
		evicted = slices.Clone(c.paths[:over])
		c.paths = slices.Delete(c.paths, 0, over)
	}
	return evicted
}

// forget drops a closed document.
func (c *cTrees) forget(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.paths = slices.DeleteFunc(c.paths, func(p string) bool { return p == path })
}

// keepCTree notes that doc, now the open document at path, was just opened
// or edited, and frees the C trees of the documents that fall out of the
// most recent keepCTrees. Their Go nodes stay readable (an analysis may be
// reading them); their next unspliced edit parses from scratch.
func (s *Server) keepCTree(path string, doc *document) {
	if doc.tree == nil || !doc.tree.HasCTree() {
		s.cTrees.forget(path) // nothing to keep: its place is free
		return
	}
	for _, p := range s.cTrees.use(path) {
		s.mu.Lock()
		old := s.docs[p]
		s.mu.Unlock()
		if old != nil && old.tree != nil {
			old.tree.Close()
		}
	}
}
