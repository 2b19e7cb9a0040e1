package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

func (c *testClient) openUntitled(u uri.URI, text string) {
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: u, LanguageID: "python", Version: 1, Text: text,
	}})
}

// TestUntitledBufferIsJudgedStandalone: an untitled buffer (a new file
// never saved) with a settings line gets its findings, on its own URI, as
// a standalone module (DJS001 on its DEBUG, DJS002 for its missing
// SECRET_KEY); the workspace's project neither leaks into it nor loses its
// findings; the virtual path is never published; a buffer without Django
// setting names is not a settings module; closing the buffer clears its
// findings, and the session's end removes the buffers' empty folders.
func TestUntitledBufferIsJudgedStandalone(t *testing.T) {
	root, settings := projectWithDebug(t)
	writeFiles(t, root, map[string]string{"manage.py": "import os\n", "settings.py": "DEBUG = True\n"})
	c := startServer(t, nil)
	c.initialize(root, "", "")
	c.waitLatest("the project's own DJS001", uri.File(settings), 0, hasCode("DJS001"))

	u := uri.URI("untitled:Untitled-1")
	c.openUntitled(u, "import os\n\nDEBUG = True\n")
	pub := c.waitPublish(u, 1)
	got := withCode(pub.Diagnostics, "DJS001")
	if len(got) != 1 {
		t.Fatalf("untitled buffer: want one DJS001, got %+v", pub.Diagnostics)
	}
	if r := fmtRange(got[0].Range); r != "2:8-2:12" {
		t.Errorf("DJS001 range %s, want 2:8-2:12 (True)", r)
	}
	if len(withCode(pub.Diagnostics, "DJS002")) != 1 {
		t.Errorf("a standalone module without SECRET_KEY: want DJS002, got %+v", pub.Diagnostics)
	}

	// Its quick fixes edit the buffer, by its own URI, and nothing beside it
	// (fix-all would otherwise create a .gitignore in the virtual folder).
	m := c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Range:        got[0].Range,
		Context:      protocol.CodeActionContext{Diagnostics: got},
	})
	if m.Error != nil || !strings.Contains(string(m.Result), `"untitled:Untitled-1"`) || strings.Contains(string(m.Result), "djls-untitled") {
		t.Errorf("code actions on the untitled buffer: %s %+v", m.Result, m.Error)
	}

	plain := uri.URI("untitled:Untitled-2")
	c.openUntitled(plain, "print('hello')\n")
	c.barrier(plain)
	for _, p := range c.publications() {
		if p.URI == string(plain) && len(p.Diagnostics) > 0 {
			t.Errorf("a buffer without Django settings got findings: %+v", p.Diagnostics)
		}
	}

	for _, p := range c.publications() {
		if strings.Contains(p.URI, "djls-untitled") {
			t.Errorf("published under the virtual path: %s", p.URI)
		}
	}
	if got := c.latest()[string(uri.File(settings))]; len(withCode(got.Diagnostics, "DJS001")) != 1 {
		t.Errorf("the project's settings.py: want its one DJS001, got %+v", got.Diagnostics)
	}

	n := len(c.publications())
	c.notify(protocol.MethodTextDocumentDidClose, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	c.waitLatest("the closed buffer's findings cleared", u, n, emptyPublish)
	c.waitLatest("the project keeps its DJS001", uri.File(settings), 0, hasCode("DJS001"))
	if c.shutdown() != 0 {
		t.Error("exit code")
	}
	if _, err := os.Stat(untitledDir); !os.IsNotExist(err) {
		t.Errorf("the untitled buffers' folder %s is left after the session (%v)", untitledDir, err)
	}
}

// TestUntitledPath: one virtual path per untitled URI, never one for a
// file: URI or another scheme.
func TestUntitledPath(t *testing.T) {
	a, b := untitledPath("untitled:Untitled-1"), untitledPath("untitled:Untitled-2")
	if a == "" || b == "" || a == b {
		t.Fatalf("untitledPath: %q, %q", a, b)
	}
	if a != untitledPath("untitled:Untitled-1") || filepath.Base(a) != "settings.py" || !isUntitledPath(a) {
		t.Errorf("untitledPath(untitled:Untitled-1) = %q", a)
	}
	for _, u := range []uri.URI{"file:///tmp/settings.py", "vscode-notebook-cell:/x.ipynb#a", "git:/repo/settings.py"} {
		if p := untitledPath(u); p != "" {
			t.Errorf("untitledPath(%s) = %q, want none", u, p)
		}
	}
	if isUntitledPath("/srv/app/settings.py") {
		t.Error("a project file counted as untitled")
	}
}
