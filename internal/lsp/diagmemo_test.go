package lsp

import (
	"path/filepath"
	"testing"

	"go.lsp.dev/uri"
)

// TestUnchangedFileKeepsItsDiagnostics: a keystroke in one open module
// re-analyses the folder; the other module's findings are the same, so its
// diagnostics come from the memo (the same entry), while the edited one's
// are built again and published.
func TestUnchangedFileKeepsItsDiagnostics(t *testing.T) {
	w := openTwoSites(t)
	c, s, pathA, pathB, a := w.c, w.s, w.pathA, w.pathB, w.a
	f := s.folderFor(pathB)
	memoOf := func(path string) *memoEntry {
		f.pubMu.Lock()
		defer f.pubMu.Unlock()
		return f.diagMemo[path]
	}
	before := memoOf(pathB)
	if before == nil || before.empty || !before.summed {
		t.Fatalf("no memo of b's diagnostics: %+v", before)
	}
	c.change(a, 2, edit(0, 8, 0, 13, "True"))
	if got := withCode(c.waitPublish(a, 2).Diagnostics, "DJS001"); len(got) != 1 {
		t.Fatalf("a after the edit: want one DJS001, got %q", diagSummary(got))
	}
	after := memoOf(pathB)
	if after != before {
		t.Errorf("b's diagnostics were built again for an edit of a")
	}
	if memoOf(pathA) == nil {
		t.Errorf("no memo of a's diagnostics after its edit")
	}
}

// twoSites is a workspace with a/settings.py (DEBUG = False) and
// b/settings.py (DEBUG = True) open, each in a project folder of its own.
type twoSites struct {
	c            *testClient
	s            *Server
	pathA, pathB string
	a, b         uri.URI
	firstB       publication // b's first publish, with its DJS001
}

func openTwoSites(t *testing.T) twoSites {
	t.Helper()
	dir := benchProject(t)
	w := twoSites{pathA: filepath.Join(dir, "a", "settings.py"), pathB: filepath.Join(dir, "b", "settings.py")}
	w.c, w.s = startServerOf(t, nil)
	w.c.initialize(dir, "", "")
	w.a = w.c.open(w.pathA, 1, "DEBUG = False\n")
	w.b = w.c.open(w.pathB, 1, "DEBUG = True\n")
	w.c.waitPublish(w.a, 1)
	w.firstB = w.c.waitPublish(w.b, 1)
	if got := withCode(w.firstB.Diagnostics, "DJS001"); len(got) != 1 {
		t.Fatalf("b: want one DJS001, got %q", diagSummary(got))
	}
	return w
}
