package lsp

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

func TestInitializeAnswersCapabilities(t *testing.T) {
	c := startServer(t, nil)
	res := c.initialize(t.TempDir(), "", "")
	if res.ServerInfo.Name != "djls" {
		t.Errorf("serverInfo.name = %q, want djls", res.ServerInfo.Name)
	}
	if v, _ := res.ServerInfo.Version.Get(); v != "test" {
		t.Errorf("serverInfo.version = %q, want test", v)
	}
	if res.Capabilities.PositionEncoding != protocol.PositionEncodingKindUTF16 {
		t.Errorf("positionEncoding = %q, want utf-16", res.Capabilities.PositionEncoding)
	}
	sync, ok := res.Capabilities.TextDocumentSync.(*protocol.TextDocumentSyncOptions)
	if !ok || sync.Change == nil || *sync.Change != protocol.TextDocumentSyncKindIncremental {
		t.Errorf("textDocumentSync = %#v, want incremental", res.Capabilities.TextDocumentSync)
	}
	ca, ok := res.Capabilities.CodeActionProvider.(*protocol.CodeActionOptions)
	if !ok || len(ca.CodeActionKinds) != 3 || ca.CodeActionKinds[1] != "source.fixAll.djls" || ca.CodeActionKinds[2] != "source.djls.productionBlock" {
		t.Errorf("codeActionProvider = %#v", res.Capabilities.CodeActionProvider)
	}
	if res.Capabilities.DiagnosticProvider != nil {
		t.Errorf("diagnosticProvider offered to a client without pull diagnostics")
	}
	if code := c.shutdown(); code != 0 {
		t.Errorf("exit code after shutdown = %d, want 0", code)
	}
}

func TestPositionEncodingNegotiation(t *testing.T) {
	for _, tc := range []struct{ offered, want string }{
		{`[]`, "utf-16"},
		{`["utf-16"]`, "utf-16"},
		{`["utf-32","utf-16"]`, "utf-32"},
		{`["utf-32","utf-8","utf-16"]`, "utf-8"},
	} {
		c := startServer(t, nil)
		res := c.initialize(t.TempDir(), `{"general":{"positionEncodings":`+tc.offered+`}}`, "")
		if got := string(res.Capabilities.PositionEncoding); got != tc.want {
			t.Errorf("offered %s: got %s, want %s", tc.offered, got, tc.want)
		}
	}
}

func TestPullDiagnosticsAdvertised(t *testing.T) {
	c := startServer(t, nil)
	res := c.initialize(t.TempDir(), `{"textDocument":{"diagnostic":{}}}`, "")
	opts, ok := res.Capabilities.DiagnosticProvider.(*protocol.DiagnosticOptions)
	if !ok || !opts.InterFileDependencies {
		t.Fatalf("diagnosticProvider = %#v, want options with interFileDependencies", res.Capabilities.DiagnosticProvider)
	}
}

func wantError(t *testing.T, m *rpcMsg, code int64) {
	t.Helper()
	if m.Error == nil {
		t.Fatalf("got result %s, want error %d", m.Result, code)
	}
	if m.Error.Code != code {
		t.Fatalf("got error %d (%s), want %d", m.Error.Code, m.Error.Message, code)
	}
}

func hoverParams(u uri.URI, line, char uint32) *protocol.HoverParams {
	return &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Position:     protocol.Position{Line: line, Character: char},
	}}
}

func TestLifecycleGate(t *testing.T) {
	c := startServer(t, nil)
	dir := t.TempDir()
	u := uri.File(filepath.Join(dir, "settings.py"))

	wantError(t, c.call(protocol.MethodTextDocumentHover, hoverParams(u, 0, 0)), -32002) // ServerNotInitialized
	c.initialize(dir, "", "")
	wantError(t, c.call(protocol.MethodInitialize, json.RawMessage(`{"processId":null,"rootUri":null,"capabilities":{}}`)), -32600)

	m := c.call(protocol.MethodShutdown, nil)
	if m.Error != nil || string(m.Result) != "null" {
		t.Fatalf("shutdown answered %+v, want result null", m)
	}
	wantError(t, c.call(protocol.MethodTextDocumentHover, hoverParams(u, 0, 0)), -32600) // InvalidRequest after shutdown
	c.notify(protocol.MethodExit, nil)
	select {
	case code := <-c.exitCode:
		c.exitCode <- code
		if code != 0 {
			t.Errorf("exit code = %d, want 0", code)
		}
	case <-time.After(waitTimeout):
		t.Fatal("no exit")
	}
}

func TestExitWithoutShutdownFails(t *testing.T) {
	c := startServer(t, nil)
	c.initialize(t.TempDir(), "", "")
	c.notify(protocol.MethodExit, nil)
	select {
	case code := <-c.exitCode:
		c.exitCode <- code
		if code != 1 {
			t.Errorf("exit code = %d, want 1", code)
		}
	case <-time.After(waitTimeout):
		t.Fatal("no exit")
	}
}

func TestUnknownMethods(t *testing.T) {
	c := startServer(t, nil)
	c.initialize(t.TempDir(), "", "")
	wantError(t, c.call("textDocument/teleport", json.RawMessage(`{}`)), -32601)
	c.notify("$/somethingNew", json.RawMessage(`{"x":1}`))
	c.notify("custom/notification", nil)
	// Still serving.
	wantError(t, c.call("workspace/unknown", nil), -32601)
	if code := c.shutdown(); code != 0 {
		t.Errorf("exit code = %d", code)
	}
}

func TestMalformedMessages(t *testing.T) {
	c := startServer(t, nil)
	c.initialize(t.TempDir(), "", "")

	c.writeRaw([]byte(`{"jsonrpc":"2.0","id":41,"method":"textDocument/hover","params":{`))
	wantError(t, c.reply("null"), -32700)

	c.writeRaw([]byte(`{"id":42,"method":"shutdown"}`)) // no "jsonrpc":"2.0"
	wantError(t, c.reply("null"), -32600)

	// The session goes on.
	wantError(t, c.call("nope", nil), -32601)
	if code := c.shutdown(); code != 0 {
		t.Errorf("exit code = %d", code)
	}
}

func TestWrongParams(t *testing.T) {
	c := startServer(t, nil)
	dir := t.TempDir()
	c.initialize(dir, "", "")
	wantError(t, c.call(protocol.MethodTextDocumentHover, json.RawMessage(`{"textDocument":5,"position":"x"}`)), -32602)
	wantError(t, c.call(protocol.MethodTextDocumentHover, json.RawMessage(`{}`)), -32602)
	wantError(t, c.call(protocol.MethodTextDocumentCodeAction, json.RawMessage(`[1,2]`)), -32602)
	// Bad notifications are logged, not fatal.
	c.notify(protocol.MethodTextDocumentDidChange, json.RawMessage(`{"textDocument":{"uri":"file:///nowhere.py","version":"x"}}`))
	c.notify(protocol.MethodTextDocumentDidOpen, json.RawMessage(`{"textDocument":{"uri":"untitled:1"}}`))
	c.change(uri.File(filepath.Join(dir, "not_open.py")), 2, edit(0, 0, 0, 0, "x"))
	if code := c.shutdown(); code != 0 {
		t.Errorf("exit code = %d", code)
	}
}

// holdUntilCancelled keeps a request in flight until the client cancels it.
func holdUntilCancelled(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-time.After(waitTimeout):
	}
}

func TestCancelRequest(t *testing.T) {
	c := startServer(t, &testHooks{afterRelease: holdUntilCancelled})
	dir := t.TempDir()
	c.initialize(dir, "", "")
	u := c.open(filepath.Join(dir, "settings.py"), 1, "DEBUG = False\n")

	for _, id := range []any{7, "hover-1"} {
		key := c.send(id, protocol.MethodTextDocumentHover, hoverParams(u, 0, 0))
		c.notify(protocol.MethodCancelRequest, json.RawMessage(`{"id":`+key+`}`))
		wantError(t, c.reply(key), -32800)
	}
}

func TestPanicIsAnsweredAndServerGoesOn(t *testing.T) {
	panics := true
	c := startServer(t, &testHooks{afterRelease: func(context.Context) {
		if panics {
			panics = false
			panic("boom")
		}
	}})
	dir := t.TempDir()
	c.initialize(dir, "", "")
	u := c.open(filepath.Join(dir, "settings.py"), 1, "DEBUG = False\n")
	wantError(t, c.call(protocol.MethodTextDocumentHover, hoverParams(u, 0, 0)), -32603)
	// A window/logMessage told the user.
	c.waitUntil("logMessage", func() bool {
		for _, n := range c.notes {
			if n.Method == protocol.MethodWindowLogMessage {
				return true
			}
		}
		return false
	})
	wantError(t, c.call("nope", nil), -32601)
}

func TestSetTraceSendsLogTrace(t *testing.T) {
	c := startServer(t, nil)
	c.initialize(t.TempDir(), "", "")
	c.notify(protocol.MethodSetTrace, &protocol.SetTraceParams{Value: protocol.TraceValueMessages})
	wantError(t, c.call("nope", nil), -32601)
	c.waitUntil("$/logTrace", func() bool {
		for _, n := range c.notes {
			if n.Method == protocol.MethodLogTrace {
				return true
			}
		}
		return false
	})
}

func TestRegistersFileWatchers(t *testing.T) {
	c := startServer(t, nil)
	c.initialize(t.TempDir(), `{"workspace":{"didChangeWatchedFiles":{"dynamicRegistration":true}}}`, "")
	var reg protocol.RegistrationParams
	c.waitUntil("client/registerCapability", func() bool {
		for _, r := range c.requests {
			if r.Method == protocol.MethodClientRegisterCapability {
				return protocol.Unmarshal(r.Params, &reg) == nil
			}
		}
		return false
	})
	if len(reg.Registrations) != 1 || reg.Registrations[0].Method != protocol.MethodWorkspaceDidChangeWatchedFiles {
		t.Fatalf("registrations = %+v", reg.Registrations)
	}
	var opts protocol.DidChangeWatchedFilesRegistrationOptions
	if err := protocol.Unmarshal(reg.Registrations[0].RegisterOptions, &opts); err != nil {
		t.Fatal(err)
	}
	var globs []string
	for _, w := range opts.Watchers {
		globs = append(globs, string(w.GlobPattern.(protocol.Pattern)))
	}
	for _, want := range []string{"**/*.py", "**/.gitignore", "**/requirements*.txt", "**/pyproject.toml", "**/.env"} {
		found := false
		for _, g := range globs {
			found = found || g == want
		}
		if !found {
			t.Errorf("watchers %v lack %s", globs, want)
		}
	}
}
