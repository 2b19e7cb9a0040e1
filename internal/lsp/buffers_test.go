package lsp

import (
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// projectFileBuffers is a project whose .gitignore does not ignore .env
// (DJS801) and whose requirements name no server (DJS802).
func projectFileBuffers(t *testing.T) (dir string, settings uri.URI, c *testClient) {
	dir = t.TempDir()
	writeFiles(t, dir, map[string]string{".gitignore": "__pycache__/\n", "requirements.txt": "django==5.1\n"})
	c = startServer(t, nil)
	c.initialize(dir, "", "")
	settings = c.open(filepath.Join(dir, "settings.py"), 1, cleanSettings)
	c.barrier(settings)
	return dir, settings, c
}

func TestOpenGitignoreBufferWinsOverDisk(t *testing.T) {
	dir, _, c := projectFileBuffers(t)
	gitignore := filepath.Join(dir, ".gitignore")
	gu := uri.File(gitignore)
	c.waitLatest("DJS801 on .gitignore", gu, 0, hasCode("DJS801"))

	c.open(gitignore, 1, "__pycache__/\n")
	n := c.noteCount()
	c.change(gu, 2, edit(1, 0, 1, 0, ".env\n"))
	c.waitLatest("DJS801 cleared by the unsaved buffer", gu, n, lacksCode("DJS801"))
	if text, _ := os.ReadFile(gitignore); string(text) != "__pycache__/\n" {
		t.Fatalf("disk changed: %q", text)
	}

	n = c.noteCount()
	c.notify(protocol.MethodTextDocumentDidClose, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: gu}})
	c.waitLatest("DJS801 back from disk after close", gu, n, hasCode("DJS801"))
}

func TestOpenRequirementsBufferWinsOverDisk(t *testing.T) {
	dir, _, c := projectFileBuffers(t)
	reqs := filepath.Join(dir, "requirements.txt")
	ru := uri.File(reqs)
	c.waitLatest("DJS802 on requirements.txt", ru, 0, hasCode("DJS802"))

	c.open(reqs, 1, "django==5.1\n")
	n := c.noteCount()
	c.change(ru, 2, edit(1, 0, 1, 0, "gunicorn==23.0\n"))
	c.waitLatest("DJS802 cleared by the unsaved buffer", ru, n, lacksCode("DJS802"))

	// The finding's range is in the buffer's text: an edit above it moves it.
	n = c.noteCount()
	c.change(ru, 3, &protocol.TextDocumentContentChangeWholeDocument{Text: "# pinned\n\ndjango==5.1\n"})
	p := c.waitLatest("DJS802 again, on the buffer's Django line", ru, n, hasCode("DJS802"))
	if got := withCode(p.Diagnostics, "DJS802")[0].Range.Start.Line; got != 2 {
		t.Errorf("DJS802 on line %d, want 2 (the buffer's django line)", got)
	}
}

// A client without file watching: a disk edit is seen on the next save
// or open of any file.
func TestSaveOrOpenRereadsProjectFiles(t *testing.T) {
	dir, settings, c := projectFileBuffers(t)
	gu := uri.File(filepath.Join(dir, ".gitignore"))
	ru := uri.File(filepath.Join(dir, "requirements.txt"))
	c.waitLatest("DJS801 on .gitignore", gu, 0, hasCode("DJS801"))
	c.waitLatest("DJS802 on requirements.txt", ru, 0, hasCode("DJS802"))

	// Counted before the write: an analysis still due for an earlier event
	// (the open of settings.py) may read the new file before the save does,
	// and its publish is the one that clears the finding.
	n := c.noteCount()
	writeFiles(t, dir, map[string]string{".gitignore": "__pycache__/\n.env\n"})
	c.notify(protocol.MethodTextDocumentDidSave, &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: settings}})
	c.waitLatest("DJS801 cleared after a save of settings.py", gu, n, lacksCode("DJS801"))

	n = c.noteCount()
	writeFiles(t, dir, map[string]string{"requirements.txt": "django==5.1\ngunicorn\n", "urls.py": "urlpatterns = []\n"})
	c.open(filepath.Join(dir, "urls.py"), 1, "urlpatterns = []\n")
	c.waitLatest("DJS802 cleared after an open of urls.py", ru, n, lacksCode("DJS802"))
}
