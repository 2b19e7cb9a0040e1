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

	n := c.noteCount() // before the write: see TestSaveOrOpenRereadsProjectFiles
	if err := os.WriteFile(procfile, []byte("web: gunicorn app.wsgi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: pu, Type: protocol.FileChangeTypeChanged}}})
	c.waitLatest("Procfile cleared", pu, n, lacksCode("DJS804"))
}

// TestRunserverQuickFixInAnOpenProcfile: an open Procfile's DJS804 offers
// the gunicorn rewrite, bound to the open version.
func TestRunserverQuickFixInAnOpenProcfile(t *testing.T) {
	dir, path := projectWithDebug(t)
	writeFiles(t, dir, map[string]string{"manage.py": "import os\n", "mysite/__init__.py": "", "mysite/wsgi.py": "application = None\n"})
	procfile := filepath.Join(dir, "Procfile")
	writeFiles(t, dir, map[string]string{"Procfile": "web: python manage.py runserver\n"})
	c := startServer(t, nil)
	c.initialize(dir, "", "")
	c.barrier(c.open(path, 1, cleanSettings))
	// The editor's text, not yet saved, is what is judged.
	pu := c.open(procfile, 3, "web: python manage.py runserver 0.0.0.0:$PORT\n")
	pub := c.waitLatest("DJS804 in the open Procfile", pu, 0, hasCode("DJS804"))
	d := withCode(pub.Diagnostics, "DJS804")
	if len(d) != 1 || fmtRange(d[0].Range) != "0:22-0:31" {
		t.Fatalf("DJS804 = %v, want one at 0:22-0:31", d)
	}
	var edits []protocol.TextEdit
	for _, a := range codeActions(t, c, pu, d[0].Range, []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}, d[0]) {
		if a.Title == "djls (DJS804): Run gunicorn mysite.wsgi instead of runserver (unsafe)" {
			edits = editsFor(t, a, pu, 3)
		}
	}
	if len(edits) != 1 || edits[0].NewText != "gunicorn mysite.wsgi --bind 0.0.0.0:$PORT" || fmtRange(edits[0].Range) != "0:5-0:45" {
		t.Fatalf("edits = %+v", edits)
	}
}
