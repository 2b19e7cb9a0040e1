package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// pipeConn joins the read end of one OS pipe and the write end of another
// into the stdio a server (or its client) talks over.
type pipeConn struct {
	r *os.File
	w *os.File
}

func (p pipeConn) Read(b []byte) (int, error)  { return p.r.Read(b) }
func (p pipeConn) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p pipeConn) Close() error {
	p.w.Close()
	return p.r.Close()
}

// TestStdioUnderLoad drives the server in process over real pipes (the
// stdio of `djls serve`) through driveUnderLoad. CI runs it under -race;
// TestBuiltServerUnderLoadRace runs the same load against the built binary.
func TestStdioUnderLoad(t *testing.T) {
	toServerR, toServerW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	fromServerR, fromServerW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	serverSide := pipeConn{r: toServerR, w: fromServerW}
	clientSide := pipeConn{r: fromServerR, w: toServerW}
	c := newTestClient(t, clientSide)
	go func() { c.exitCode <- Serve(context.Background(), serverSide, Options{Version: "race"}) }()
	t.Cleanup(func() {
		clientSide.Close()
		select {
		case <-c.exitCode:
		case <-time.After(5 * time.Second):
			t.Error("server did not stop after its stdin closed")
		}
		serverSide.Close()
	})
	driveUnderLoad(t, c)
}

// driveUnderLoad drives a server as an editor does, with $/setTrace
// verbose: requests that leave the read loop (code actions planning quick
// fixes, hovers, pull diagnostics) interleave with edits, close/reopen of
// the document and a stream of watched-file events for project files
// rewritten on disk. Every $/logTrace names a method the client sent (the
// name is not read from a buffer the next message overwrote), every
// request is answered, and the last publish equals that of a fresh open.
// It leaves the server running: the caller shuts it down.
func driveUnderLoad(t *testing.T, c *testClient) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"manage.py": "", ".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n",
		"pyproject.toml": "[project]\nname = \"x\"\n", "app/settings.py": "DEBUG = True\n"})
	path := filepath.Join(root, "app", "settings.py")

	c.initialize(root, `{"textDocument":{"codeAction":{},"hover":{}},"workspace":{"didChangeWatchedFiles":{"dynamicRegistration":true}}}`, "")
	c.notify(protocol.MethodSetTrace, &protocol.SetTraceParams{Value: protocol.TraceValueVerbose})
	rounds := 60
	if testing.Short() {
		rounds = 25
	}
	text := "import os\nDEBUG = True\nALLOWED_HOSTS = ['*']\n"
	u := c.open(path, 1, text)
	c.waitPublish(u, 1)

	// Project files rewritten and reported, as fast as the pipe takes them.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		files := []string{"requirements.txt", ".gitignore", "pyproject.toml"}
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			name := files[i%len(files)]
			body := fmt.Sprintf("django==5.%d\ngunicorn\n", i%3)
			switch name {
			case ".gitignore":
				body = ".env\n# " + fmt.Sprint(i) + "\n"
			case "pyproject.toml":
				body = fmt.Sprintf("[project]\nname = \"x%d\"\n", i)
			}
			os.WriteFile(filepath.Join(root, name), []byte(body), 0o644)
			c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{
				{URI: uri.File(filepath.Join(root, name)), Type: protocol.FileChangeTypeChanged},
			}})
			time.Sleep(time.Millisecond) // pace the writer a little; nothing is asserted on time
		}
	}()

	version := int32(1)
	var pending []string
	for i := 0; i < rounds; i++ {
		pending = append(pending,
			c.send(fmt.Sprintf("ca%d", i), protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: u},
				Range:        protocol.Range{End: protocol.Position{Line: 99}}, // every finding: plan all their quick fixes
				Context:      protocol.CodeActionContext{Only: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}},
			}),
			c.send(fmt.Sprintf("h%d", i), protocol.MethodTextDocumentHover, hoverParams(u, 1, uint32(i%12))),
			// Pulled though the client did not declare pull: the server
			// answers anyway, and declaring it would stop the pushes waited on.
			c.send(fmt.Sprintf("d%d", i), protocol.MethodTextDocumentDiagnostic, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}))
		switch i % 3 {
		case 0:
			version++
			c.change(u, version, edit(0, 0, 0, 0, "#\n"))
			text = "#\n" + text
		case 1:
			// Close and reopen at once. (Versions go on increasing: a
			// reopen restarting at 1 is the open/close generation's test.)
			c.notify(protocol.MethodTextDocumentDidClose, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
			version++
			c.open(path, version, text)
		}
	}
	close(stop)
	wg.Wait()
	for _, id := range pending {
		if m := c.reply(id); m.Error != nil && m.Error.Code != -32800 && m.Error.Code != -32801 {
			t.Errorf("request %s: %d %s", id, m.Error.Code, m.Error.Message)
		}
	}
	c.notify(protocol.MethodTextDocumentDidClose, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	c.open(path, 500, text)
	final := c.waitPublish(u, 500).Diagnostics
	if len(withCode(final, "DJS001")) != 1 {
		t.Errorf("final publish: %q, want DJS001", diagSummary(final))
	}

	sent := map[string]bool{}
	for _, m := range []string{protocol.MethodInitialized, protocol.MethodSetTrace, protocol.MethodTextDocumentDidOpen, protocol.MethodTextDocumentDidChange,
		protocol.MethodTextDocumentDidClose, protocol.MethodTextDocumentCodeAction, protocol.MethodTextDocumentHover, protocol.MethodTextDocumentDiagnostic, protocol.MethodWorkspaceDidChangeWatchedFiles} {
		sent[m] = true
	}
	traces := 0
	c.mu.Lock()
	for _, m := range c.notes {
		if m.Method != protocol.MethodLogTrace {
			continue
		}
		var p protocol.LogTraceParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			t.Errorf("$/logTrace %s: %v", m.Params, err)
			continue
		}
		traces++
		name, _, _ := strings.Cut(p.Message, " handled in ")
		if !sent[name] {
			t.Errorf("$/logTrace names a method the client never sent: %q", p.Message)
		}
	}
	c.mu.Unlock()
	if traces < rounds {
		t.Errorf("%d $/logTrace messages, want one per handled message", traces)
	}
}
