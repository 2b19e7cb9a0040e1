package lsp

import (
	"path/filepath"
	"testing"
)

// TestUnchangedFileKeepsItsDiagnostics: a keystroke in one open module
// re-analyses the folder; the other module's findings are the same, so its
// diagnostics come from the memo (the same entry), while the edited one's
// are built again and published.
func TestUnchangedFileKeepsItsDiagnostics(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n"})
	c, s := startServerOf(t, nil)
	c.initialize(dir, "", "")
	pathA, pathB := filepath.Join(dir, "a", "settings.py"), filepath.Join(dir, "b", "settings.py")
	a := c.open(pathA, 1, "DEBUG = False\n")
	b := c.open(pathB, 1, "DEBUG = True\n")
	c.waitPublish(a, 1)
	if got := withCode(c.waitPublish(b, 1).Diagnostics, "DJS001"); len(got) != 1 {
		t.Fatalf("b: want one DJS001, got %q", diagSummary(got))
	}
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
