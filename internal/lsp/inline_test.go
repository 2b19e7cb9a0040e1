package lsp

// Inline analysis (inline.go): a small edit is analysed on its handler, a
// large one or one of a burst by the folder's goroutine; either way the last
// edit's version is published last, and nothing older after it.

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// waitFolderIdle waits until the folder of path has nothing to analyse and
// its analysis goroutine is not running, so the next edit may run inline.
func waitFolderIdle(t *testing.T, s *Server, path string) {
	t.Helper()
	f := s.folderFor(path)
	deadline := time.Now().Add(waitTimeout)
	for time.Now().Before(deadline) {
		if f.analyzing.TryLock() {
			idle := f.quiet() && len(f.kick) == 0
			f.analyzing.Unlock()
			if idle {
				return
			}
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("folder of %s never idle", path)
}

// openIdle opens text as settings.py of a fresh project and waits until
// it is published and its folder is idle: the next edit may run inline.
func openIdle(t *testing.T, text string) (*testClient, *Server, string, uri.URI) {
	t.Helper()
	dir := benchProject(t)
	c, s := startServerOf(t, nil)
	c.initialize(dir, "", "")
	path := filepath.Join(dir, "settings.py")
	u := c.open(path, 1, text)
	c.waitPublish(u, 1)
	waitFolderIdle(t, s, path)
	return c, s, path, u
}

func TestSmallEditIsAnalysedInline(t *testing.T) {
	c, s, path, u := openIdle(t, cleanSettings)
	s.folderFor(path).lastCost.Store(0) // however long the open took (-race)
	before := s.stats.inline.Load()
	c.change(u, 2, edit(4, 0, 4, 0, "DEBUG = True\n"))
	got := withCode(c.waitPublish(u, 2).Diagnostics, "DJS001")
	if len(got) != 1 || fmtRange(got[0].Range) != "4:8-4:12" {
		t.Fatalf("DJS001 = %v, want one at 4:8-4:12", got)
	}
	if n := s.stats.inline.Load() - before; n != 1 {
		t.Errorf("%d inline analyses for the edit, want 1", n)
	}
}

func TestLargeEditIsLeftToTheFolder(t *testing.T) {
	text := generatedModule(10000)
	if len(text) <= inlineMaxBytes {
		t.Fatalf("module of %d bytes is not over the inline limit", len(text))
	}
	c, s, _, u := openIdle(t, text)
	last := uint32(strings.Count(text, "\n"))
	c.change(u, 2, edit(last, 0, last, 0, "DEBUG = True\n"))
	if got := withCode(c.waitPublish(u, 2).Diagnostics, "DJS001"); len(got) != 1 {
		t.Fatalf("DJS001 = %v, want one", got)
	}
	if n := s.stats.inline.Load(); n != 0 {
		t.Errorf("%d inline analyses of a %d-byte module", n, len(text))
	}
}

// TestCostlyAnalysisIsLeftToTheFolder: a small module whose last analysis
// took long (a heavy evaluation) is analysed by the folder's goroutine,
// where typing on cancels it; once analyses are cheap again, inline.
func TestCostlyAnalysisIsLeftToTheFolder(t *testing.T) {
	c, s, path, u := openIdle(t, cleanSettings)
	f := s.folderFor(path)
	f.lastCost.Store(int64(inlineMaxCost + time.Millisecond))
	c.change(u, 2, edit(4, 0, 4, 0, "DEBUG = True\n"))
	if got := withCode(c.waitPublish(u, 2).Diagnostics, "DJS001"); len(got) != 1 {
		t.Fatalf("DJS001 = %v, want one", got)
	}
	if n := s.stats.inline.Load(); n != 0 {
		t.Fatalf("%d inline analyses after a costly one, want 0", n)
	}
	waitFolderIdle(t, s, path)
	f.lastCost.Store(0) // as a cheap analysis leaves it (whatever -race makes of this one)
	c.change(u, 3, edit(4, 0, 5, 0, ""))
	if got := withCode(c.waitPublish(u, 3).Diagnostics, "DJS001"); len(got) != 0 {
		t.Fatalf("DJS001 = %v after removing DEBUG = True, want none", got)
	}
	if n := s.stats.inline.Load(); n != 1 {
		t.Errorf("%d inline analyses once analyses are cheap again, want 1", n)
	}
}

// TestBurstOfEditsInOneRead sends edits in one write, as a client does
// when it flushes several keystrokes at once: all but the last are read
// with the next one already buffered and go to the folder's goroutine,
// which coalesces them. Versions are published in order, the last one
// last, and its findings are those of a fresh open of the same text.
func TestBurstOfEditsInOneRead(t *testing.T) {
	const edits = 12
	c, s, path, u := openIdle(t, cleanSettings)
	typed := strings.Repeat("DEBUG = True\n", edits)[:edits]
	text := cleanSettings
	var burst []byte
	for i := 0; i < edits; i++ {
		line, col := uint32(strings.Count(text, "\n")), uint32(len(text)-strings.LastIndex(text, "\n")-1)
		burst = append(burst, didChangeFrame(t, u, int32(i+2), edit(line, col, line, col, typed[i:i+1]))...)
		text += typed[i : i+1]
	}
	c.wmu.Lock()
	_, err := c.conn.Write(burst)
	c.wmu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	final := c.waitPublish(u, edits+1)
	c.barrier(u)
	var versions []int32
	for _, p := range c.publications() {
		if p.URI == string(u) {
			versions = append(versions, p.Version)
		}
	}
	for i := 1; i < len(versions); i++ {
		if versions[i] <= versions[i-1] {
			t.Errorf("publishes out of order: %v", versions)
			break
		}
	}
	if versions[len(versions)-1] != edits+1 {
		t.Errorf("last publish is version %d, want %d (%v)", versions[len(versions)-1], edits+1, versions)
	}
	if n := s.stats.inline.Load(); n > 1 {
		t.Errorf("%d inline analyses in a burst read at once, want at most 1 (the last edit)", n)
	}
	waitFolderIdle(t, s, path) // a redundant round may still be running
	st := &s.stats
	if st.started.Load() != st.superseded.Load()+st.published.Load() {
		t.Errorf("started %d != superseded %d + published %d", st.started.Load(), st.superseded.Load(), st.published.Load())
	}

	fresh := startServer(t, nil)
	fresh.initialize(filepath.Dir(path), "", "")
	want := fresh.waitPublish(fresh.open(path, 1, text), 1)
	if got, want := fmt.Sprint(final.Diagnostics), fmt.Sprint(want.Diagnostics); got != want {
		t.Errorf("after the burst:\n%s\nfresh open:\n%s", got, want)
	}
}

// didChangeFrame is one framed didChange notification.
func didChangeFrame(t *testing.T, u uri.URI, version int32, ch protocol.TextDocumentContentChangeEvent) []byte {
	params := encodeParams(t, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: version},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{ch},
	})
	body := `{"jsonrpc":"2.0","method":"textDocument/didChange","params":` + string(params) + `}`
	return []byte(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body))
}
