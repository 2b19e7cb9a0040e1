package lsp

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// hasCTree reports whether the open document at path holds a C tree.
func hasCTree(s *Server, path string) bool {
	s.mu.Lock()
	d := s.docs[path]
	s.mu.Unlock()
	return d != nil && d.tree != nil && d.tree.HasCTree()
}

// TestOnlyRecentDocumentsKeepCTrees: of the open documents large enough to
// keep a C tree, only the keepCTrees most recently opened or edited do; an
// edit that cannot splice gives its document a tree again (a fresh parse),
// a spliced edit or a close gives up the document's place.
func TestOnlyRecentDocumentsKeepCTrees(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n"})
	c, s := startServerOf(t, nil)
	c.initialize(dir, "", "")
	text := generatedModule(1000)
	if len(text) < keepCTreeFrom {
		t.Fatalf("a %d-byte module keeps no C tree at all", len(text))
	}
	var paths []string
	var uris []uri.URI
	for i := range 4 {
		p := filepath.Join(dir, fmt.Sprintf("site%d", i), "settings.py")
		paths = append(paths, p)
		uris = append(uris, c.open(p, 1, text))
	}
	for _, u := range uris {
		c.waitPublish(u, 1)
	}
	want := func(step string, keeping ...int) {
		t.Helper()
		for i, p := range paths {
			if got := hasCTree(s, p); got != slices.Contains(keeping, i) {
				t.Errorf("%s: document %d has a C tree: %v, want %v", step, i, got, !got)
			}
		}
	}
	want("opened", 2, 3)

	// An indented statement cannot be spliced (it could belong to the
	// block before it): document 0 parses from scratch, keeps that tree,
	// and document 2 gives up its own.
	c.change(uris[0], 2, edit(100, 0, 100, 0, "    "))
	c.waitPublish(uris[0], 2)
	want("unspliced edit of 0", 0, 3)

	// A spliced edit leaves no C tree; its place goes to no one.
	c.change(uris[3], 2, edit(50, 25, 50, 26, "z"))
	c.waitPublish(uris[3], 2)
	want("spliced edit of 3", 0)

	c.notify(protocol.MethodTextDocumentDidClose, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uris[0]}})
	c.change(uris[1], 2, edit(100, 0, 100, 0, "    "))
	c.waitPublish(uris[1], 2)
	want("0 closed, unspliced edit of 1", 1)
	s.cTrees.mu.Lock()
	kept := slices.Clone(s.cTrees.paths)
	s.cTrees.mu.Unlock()
	if !slices.Equal(kept, []string{paths[1]}) {
		t.Errorf("places = %q, want only document 1's", kept)
	}
}
