package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

func (c *testClient) changeFolders(added, removed []string) {
	var ev protocol.WorkspaceFoldersChangeEvent
	for _, r := range added {
		ev.Added = append(ev.Added, protocol.WorkspaceFolder{URI: uri.File(r), Name: filepath.Base(r)})
	}
	for _, r := range removed {
		ev.Removed = append(ev.Removed, protocol.WorkspaceFolder{URI: uri.File(r), Name: filepath.Base(r)})
	}
	c.notify(protocol.MethodWorkspaceDidChangeWorkspaceFolders, &protocol.DidChangeWorkspaceFoldersParams{Event: ev})
}

func emptyPublish(p publication) bool { return len(p.Diagnostics) == 0 }

// TestRemovedFolderClearsItsDiagnostics: removing a workspace folder clears
// the findings it published for files on disk (the other folder keeps
// its); a file deleted while the folder was away does not come back when
// the folder is added again; a document open in the removed folder is
// still served.
func TestRemovedFolderClearsItsDiagnostics(t *testing.T) {
	project := map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n", "app/settings.py": "DEBUG = True\n", "app/other.py": ""}
	rootA, rootB := t.TempDir(), t.TempDir()
	writeFiles(t, rootA, project)
	writeFiles(t, rootB, project)
	writeFiles(t, rootB, map[string]string{"lib/other.py": ""})
	c := startServer(t, nil)
	c.initializeFolders(rootA, rootB)
	uA := uri.File(filepath.Join(rootA, "app", "settings.py"))
	uB := uri.File(filepath.Join(rootB, "app", "settings.py"))
	c.waitLatest("A indexed", uA, 0, hasCode("DJS001"))
	c.waitLatest("B indexed", uB, 0, hasCode("DJS001"))
	c.open(filepath.Join(rootB, "lib", "other.py"), 1, "DEBUG = True\n")

	n := c.noteCount()
	c.changeFolders(nil, []string{rootA})
	c.waitLatest("A's findings cleared after its removal", uA, n, emptyPublish)

	os.Remove(filepath.Join(rootA, "app", "settings.py"))
	c.changeFolders([]string{rootA}, nil)
	c.barrier(uri.File(filepath.Join(rootA, "app", "other.py"))) // A analysed again
	if p := c.latest()[string(uA)]; len(p.Diagnostics) != 0 {
		t.Errorf("the deleted file kept %q after A came back", diagSummary(p.Diagnostics))
	}
	if p := c.latest()[string(uB)]; !hasCode("DJS001")(p) {
		t.Errorf("B's file lost its findings: %q", diagSummary(p.Diagnostics))
	}

	// B goes; its open document is judged on its own and its disk file cleared.
	n = c.noteCount()
	c.changeFolders(nil, []string{rootB})
	c.waitLatest("B's findings cleared after its removal", uB, n, emptyPublish)
	uOther := uri.File(filepath.Join(rootB, "lib", "other.py"))
	c.change(uOther, 2, edit(0, 0, 0, 0, "import os\n"))
	c.waitPublish(uOther, 2) // still served, by the folder that now holds it
}

// TestFolderRemovalDoesNotWaitForAPublish: removing a folder while one of
// its publishes is stuck (a client busy writing to the server does not
// read) leaves the read loop free: requests are still answered, and the
// folder's findings are cleared once the publish is through.
func TestFolderRemovalDoesNotWaitForAPublish(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n", "app/settings.py": "DEBUG = True\n"})
	var holding atomic.Bool
	held, release := make(chan struct{}), make(chan struct{})
	c := startServer(t, &testHooks{publishing: func(string) {
		if holding.CompareAndSwap(true, false) {
			close(held)
			<-release
		}
	}})
	c.initializeFolders(root)
	u := uri.File(filepath.Join(root, "app", "settings.py"))
	c.waitLatest("indexed", u, 0, hasCode("DJS001"))

	holding.Store(true)
	other := c.open(filepath.Join(root, "app", "other.py"), 1, "")
	<-held
	n := c.noteCount()
	c.changeFolders(nil, []string{root})
	answered := make(chan struct{})
	go func() { c.barrier(other); close(answered) }()
	select {
	case <-answered:
	case <-time.After(waitTimeout):
		t.Error("the read loop waited for the folder's held publish")
	}
	close(release)
	<-answered
	c.waitLatest("findings cleared after the removal", u, n, emptyPublish)
}

// TestNestedFoldersPublishEveryVersion: with workspace folders A and A/B, a
// document in B that no rule judges (an __init__.py) gets a versioned
// publish for every version, even when A, which also contains it, analyses
// that version first. B is a separate environment (pyvenv.cfg: A's walk
// does not enter it) with a large module, so A is the faster of the two.
func TestNestedFoldersPublishEveryVersion(t *testing.T) {
	rootA := t.TempDir()
	rootB := filepath.Join(rootA, "b")
	big := "DEBUG = True\n" + strings.Repeat("X_SETTING = [1, 2, 3, {'a': 'b'}]\n", 20000)
	writeFiles(t, rootA, map[string]string{"manage.py": "", "settings.py": "DEBUG = False\n",
		"b/manage.py": "", "b/pyvenv.cfg": "home = /usr\n", "b/app/settings.py": big, "b/pkg/__init__.py": ""})
	c := startServer(t, nil)
	c.initializeFolders(rootA, rootB)
	u := c.open(filepath.Join(rootB, "pkg", "__init__.py"), 1, "")
	c.waitPublish(u, 1)
	rounds := int32(12)
	for v := int32(2); v <= rounds+1; v++ {
		c.change(u, v, edit(0, 0, 0, 0, "#\n"))
		// Re-judges every folder: A and B both analyse version v.
		c.notify(protocol.MethodWorkspaceDidChangeConfiguration, json.RawMessage(`{"settings":{"djlsSecurity":{}}}`))
		if p := c.waitPublish(u, v); len(p.Diagnostics) != 0 {
			t.Errorf("v%d: %q, want no diagnostics", v, diagSummary(p.Diagnostics))
		}
	}
}

// TestWatchedFilesOffTheReadLoop: project files changed on disk are handed
// to the engine on the folder's goroutine, not the read loop: while one
// reload is held, requests are still answered, and the burst of events
// that arrives meanwhile becomes one reload of exactly those files.
func TestWatchedFilesOffTheReadLoop(t *testing.T) {
	root, _ := projectWithDebug(t)
	entered := make(chan []string, 8)
	release := make(chan struct{})
	c := startServer(t, &testHooks{invalidate: func(_ string, paths []string) {
		entered <- paths
		<-release
	}})
	c.initialize(root, "", "")
	u := c.open(filepath.Join(root, "settings.py"), 1, "DEBUG = True\n")
	c.waitPublish(u, 1)
	changed := func(names ...string) {
		var p protocol.DidChangeWatchedFilesParams
		for _, n := range names {
			p.Changes = append(p.Changes, protocol.FileEvent{URI: uri.File(filepath.Join(root, n)), Type: protocol.FileChangeTypeChanged})
		}
		c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &p)
	}
	changed("requirements.txt")
	if got := <-entered; strings.Join(got, ",") != filepath.Join(root, "requirements.txt") {
		t.Errorf("first reload of %q", got)
	}
	// The reload is held; the read loop still serves.
	wantError(t, c.call("nope", nil), -32601)
	changed(".gitignore")
	changed("requirements.txt", "pyproject.toml")
	changed(".gitignore")
	c.change(u, 2, edit(0, 0, 0, 0, "import os\n"))
	wantError(t, c.call("nope", nil), -32601)
	close(release)
	want := []string{filepath.Join(root, ".gitignore"), filepath.Join(root, "pyproject.toml"), filepath.Join(root, "requirements.txt")}
	if got := <-entered; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("second reload of %q, want the burst once: %q", got, want)
	}
	if got := withCode(c.waitPublish(u, 2).Diagnostics, "DJS001"); len(got) != 1 || fmtRange(got[0].Range) != "1:8-1:12" {
		t.Errorf("v2: DJS001 %v, want 1:8-1:12", got)
	}
	select {
	case got := <-entered:
		t.Errorf("a third reload of %q", got)
	default:
	}
}
