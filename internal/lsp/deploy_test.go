package lsp

import (
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// TestProcfileFindingPublishedOnItsURI: DJS804 shows on the Procfile
// itself, at the word runserver, and goes when the saved Procfile no
// longer runs it.
func TestProcfileFindingPublishedOnItsURI(t *testing.T) {
	dir, path := projectWithDebug(t)
	procfile := filepath.Join(dir, "Procfile")
	writeFiles(t, dir, map[string]string{"Procfile": "release: python manage.py migrate\nweb: python manage.py runserver 0.0.0.0:$PORT\n"})
	c := startServer(t, nil)
	c.initialize(dir, "", "")
	u := c.open(path, 1, cleanSettings)
	c.barrier(u)
	pu := uri.File(procfile)
	pub := c.waitLatest("DJS804 on the Procfile", pu, 0, hasCode("DJS804"))
	if got := withCode(pub.Diagnostics, "DJS804"); len(got) != 1 || fmtRange(got[0].Range) != "1:22-1:31" {
		t.Fatalf("DJS804 = %v, want one at 1:22-1:31", got)
	}

	if err := os.WriteFile(procfile, []byte("web: gunicorn app.wsgi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	n := c.noteCount()
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: pu, Type: protocol.FileChangeTypeChanged}}})
	c.waitLatest("Procfile cleared", pu, n, lacksCode("DJS804"))
}
