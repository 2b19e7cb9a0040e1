package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// waitLatest waits until the newest publication for u, after the first
// `after` notifications, satisfies ok.
func (c *testClient) waitLatest(what string, u uri.URI, after int, ok func(publication) bool) publication {
	c.t.Helper()
	var got publication
	c.waitUntil(what, func() bool {
		for i := len(c.notes) - 1; i >= after; i-- {
			m := c.notes[i]
			if m.Method != protocol.MethodTextDocumentPublishDiagnostics {
				continue
			}
			p := decodePublication(c.t, m)
			if p.URI == string(u) {
				got = p
				return ok(p)
			}
		}
		return false
	})
	return got
}

func (c *testClient) noteCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.notes)
}

func hasCode(code string) func(publication) bool {
	return func(p publication) bool { return len(withCode(p.Diagnostics, code)) > 0 }
}

func lacksCode(code string) func(publication) bool {
	return func(p publication) bool { return len(withCode(p.Diagnostics, code)) == 0 }
}

func projectWithDebug(t *testing.T) (string, string) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n"})
	return dir, filepath.Join(dir, "settings.py")
}

func TestInitializationOptionsAndDidChangeConfiguration(t *testing.T) {
	dir, path := projectWithDebug(t)
	c := startServer(t, nil)
	c.initialize(dir, "", `{"ignore":["DJS001"],"logLevel":"debug"}`)
	u := c.open(path, 1, cleanSettings+"DEBUG = True\n")
	if got := withCode(c.waitPublish(u, 1).Diagnostics, "DJS001"); len(got) != 0 {
		t.Fatalf("ignored rule published: %v", got)
	}
	n := c.noteCount()
	c.notify(protocol.MethodWorkspaceDidChangeConfiguration, json.RawMessage(`{"settings":{"djlsSecurity":{"ignore":[]}}}`))
	c.waitLatest("DJS001 after the setting changed", u, n, hasCode("DJS001"))
}

func TestWorkspaceConfigurationIsPulled(t *testing.T) {
	dir, path := projectWithDebug(t)
	c := startServer(t, nil)
	c.initialize(dir, `{"workspace":{"configuration":true}}`, "")
	u := c.open(path, 1, cleanSettings+"DEBUG = True\n")
	c.barrier(u)
	c.waitLatest("DJS001 with default settings", u, 0, hasCode("DJS001"))
	c.mu.Lock()
	c.settings = json.RawMessage(`{"ignore":["DJS001"]}`)
	c.mu.Unlock()
	n := c.noteCount()
	c.notify(protocol.MethodWorkspaceDidChangeConfiguration, json.RawMessage(`{"settings":null}`))
	c.waitLatest("DJS001 gone after workspace/configuration", u, n, lacksCode("DJS001"))
	var sections []string
	for _, r := range c.requests {
		if r.Method == protocol.MethodWorkspaceConfiguration {
			var p protocol.ConfigurationParams
			if protocol.Unmarshal(r.Params, &p) == nil && len(p.Items) == 1 && p.Items[0].Section != nil {
				sections = append(sections, *p.Items[0].Section)
			}
		}
	}
	if len(sections) == 0 || sections[0] != "djlsSecurity" {
		t.Errorf("workspace/configuration sections = %v, want djlsSecurity", sections)
	}
}

func TestWatchedGitignoreChange(t *testing.T) {
	dir, path := projectWithDebug(t)
	gitignore := filepath.Join(dir, ".gitignore")
	writeFiles(t, dir, map[string]string{".gitignore": "__pycache__/\n"})
	c := startServer(t, nil)
	c.initialize(dir, "", "")
	u := c.open(path, 1, cleanSettings)
	c.barrier(u)
	gu := uri.File(gitignore)
	c.waitLatest("DJS801 on .gitignore", gu, 0, hasCode("DJS801"))

	n := c.noteCount() // before the write: see TestSaveOrOpenRereadsProjectFiles
	if err := os.WriteFile(gitignore, []byte("__pycache__/\n.env\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: gu, Type: protocol.FileChangeTypeChanged}}})
	c.waitLatest(".gitignore cleared", gu, n, lacksCode("DJS801"))
}

func TestPullDiagnostics(t *testing.T) {
	dir, path := projectWithDebug(t)
	c := startServer(t, nil)
	c.initialize(dir, `{"textDocument":{"diagnostic":{}}}`, "")
	u := c.open(path, 1, cleanSettings+"DEBUG = True\n")
	var report protocol.RelatedFullDocumentDiagnosticReport
	c.callOK(protocol.MethodTextDocumentDiagnostic, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, &report)
	if report.Kind != "full" {
		t.Fatalf("report kind %q", report.Kind)
	}
	got := withCode(report.Items, "DJS001")
	if len(got) != 1 || fmtRange(got[0].Range) != "4:8-4:12" {
		t.Fatalf("pulled DJS001 = %v", got)
	}
	// The open document is not pushed as well (it would show twice).
	for _, p := range c.publications() {
		if p.URI == string(u) {
			t.Fatalf("pushed diagnostics for a pulled document: %+v", p)
		}
	}
}

func TestHoverDescribesSetting(t *testing.T) {
	dir, path := projectWithDebug(t)
	c := startServer(t, nil)
	c.initialize(dir, `{"textDocument":{"hover":{"contentFormat":["markdown"]}}}`, "")
	u := c.open(path, 1, cleanSettings+"DEBUG = True\n")
	var h protocol.Hover
	c.callOK(protocol.MethodTextDocumentHover, hoverParams(u, 4, 2), &h)
	mc, ok := h.Contents.(*protocol.MarkupContent)
	if !ok || mc.Kind != protocol.MarkupKindMarkdown {
		t.Fatalf("hover contents = %#v", h.Contents)
	}
	for _, want := range []string{"**DEBUG**", "Production value: `True`", "DJS001", "Django default: `False`", "std-setting-DEBUG"} {
		if !strings.Contains(mc.Value, want) {
			t.Errorf("hover lacks %q:\n%s", want, mc.Value)
		}
	}
	if h.Range == nil || fmtRange(*h.Range) != "4:0-4:5" {
		t.Errorf("hover range = %v, want 4:0-4:5", h.Range)
	}
}

func TestBadEditorSettingsKeepTheValidKeys(t *testing.T) {
	dir, path := projectWithDebug(t)
	c := startServer(t, nil)
	c.initialize(dir, "", `{"ignore":["DJS001"],"bogus":1}`)
	u := c.open(path, 1, cleanSettings+"DEBUG = True\n")
	if got := withCode(c.waitPublish(u, 1).Diagnostics, "DJS001"); len(got) != 0 {
		t.Fatalf("ignored rule published: %v", got)
	}
	c.waitUntil("a warning about bogus", func() bool {
		for _, n := range c.notes {
			if n.Method == protocol.MethodWindowLogMessage && strings.Contains(string(n.Params), "bogus") {
				return true
			}
		}
		return false
	})
}

func TestProjectFileWinsOverEditorSettings(t *testing.T) {
	dir, path := projectWithDebug(t)
	writeFiles(t, dir, map[string]string{"pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\"django\", \"gunicorn\"]\n\n[tool.djls-security]\nignore = []\n"})
	c := startServer(t, nil)
	c.initialize(dir, "", `{"ignore":["DJS001"]}`)
	u := c.open(path, 1, cleanSettings+"DEBUG = True\n")
	if got := withCode(c.waitPublish(u, 1).Diagnostics, "DJS001"); len(got) != 1 {
		t.Fatalf("DJS001 = %v, want the project's empty ignore to win", got)
	}
}

func TestDocumentWithoutWorkspaceFolder(t *testing.T) {
	_, path := projectWithDebug(t)
	c := startServer(t, nil)
	c.initialize("", "", "") // rootUri null, no folders
	u := c.open(path, 1, cleanSettings+"DEBUG = True\n")
	if got := withCode(c.waitPublish(u, 1).Diagnostics, "DJS001"); len(got) != 1 {
		t.Fatalf("DJS001 = %v, want one", got)
	}
}

// TestPullModeClearsPushedFindingsOnOpen: a file on disk gets pushed
// findings while closed; once opened in a client that pulls, the push is
// cleared, so a client keeping pushed and pulled diagnostics apart (VS Code)
// does not show each finding twice.
func TestPullModeClearsPushedFindingsOnOpen(t *testing.T) {
	dir, path := projectWithDebug(t)
	os.WriteFile(path, []byte(cleanSettings+"DEBUG = True\n"), 0o644)
	c := startServer(t, nil)
	c.initialize(dir, `{"textDocument":{"diagnostic":{},"publishDiagnostics":{"versionSupport":true}}}`, "")
	u := uri.File(path)
	c.waitUntil("a push for the closed file", func() bool {
		for _, m := range c.notes {
			if m.pubURI == string(u) {
				return true
			}
		}
		return false
	})
	if pubs := c.publications(); len(withCode(pubs[len(pubs)-1].Diagnostics, "DJS001")) != 1 {
		t.Fatalf("the closed file's push lacks DJS001: %+v", pubs[len(pubs)-1])
	}
	u = c.open(path, 1, cleanSettings+"DEBUG = True\n")
	cleared := c.waitPublish(u, 1)
	if len(cleared.Diagnostics) != 0 {
		t.Errorf("on open in pull mode the push should be cleared, got %d diagnostics", len(cleared.Diagnostics))
	}
	var report protocol.RelatedFullDocumentDiagnosticReport
	c.callOK(protocol.MethodTextDocumentDiagnostic, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, &report)
	if len(withCode(report.Items, "DJS001")) != 1 {
		t.Errorf("pulled report lacks DJS001: %+v", report.Items)
	}
}

// TestStaleConfigurationAnswerIsDropped: the answer to the pull made at
// `initialized` arrives after the answer to a later pull (made for a
// didChangeConfiguration); applied then, it would bring back the settings
// of before the change (the VS Code protocol test timed out on this once
// in CI). It is dropped, and what is published follows the newer settings.
func TestStaleConfigurationAnswerIsDropped(t *testing.T) {
	dir, path := projectWithDebug(t)
	answers := make(chan bool, 4)
	c, _ := startServerOf(t, &testHooks{configAnswer: func(applied bool) { answers <- applied }})
	hold := make(chan struct{})
	c.mu.Lock()
	c.settings, c.holdConfig = json.RawMessage(`{"ignore":["DJS001"]}`), hold
	c.mu.Unlock()
	c.initialize(dir, `{"workspace":{"configuration":true}}`, "")
	c.waitUntil("the first workspace/configuration request", func() bool { return c.configAsked == 1 })
	u := c.open(path, 1, cleanSettings+"DEBUG = True\n")

	c.mu.Lock()
	c.settings = json.RawMessage(`{"severity":{"DJS001":"info"}}`)
	c.mu.Unlock()
	n := c.noteCount()
	c.notify(protocol.MethodWorkspaceDidChangeConfiguration, json.RawMessage(`{"settings":null}`))
	if applied := <-answers; !applied {
		t.Fatal("the answer to the latest pull was dropped")
	}
	atInfo := func(p publication) bool {
		d := withCode(p.Diagnostics, "DJS001")
		return len(d) == 1 && d[0].Severity == protocol.DiagnosticSeverityInformation
	}
	c.waitLatest("DJS001 at severity information", u, n, atInfo)

	close(hold) // the first pull's answer, ignoring DJS001, arrives now
	if applied := <-answers; applied {
		t.Fatal("the first pull's answer was applied after the later pull's")
	}
	c.barrier(u)
	if got := c.waitLatest("DJS001 still at severity information", u, 0, func(publication) bool { return true }); !atInfo(got) {
		t.Errorf("published after the stale answer: %v", diagSummary(got.Diagnostics))
	}
}
