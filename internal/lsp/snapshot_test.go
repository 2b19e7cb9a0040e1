package lsp

// Analyses run on snapshots and are cancelled when superseded: a burst of
// edits, exit during an analysis, and a document closed and reopened.

import (
	"context"
	"encoding/json"
	"net"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"
)

// startServerOf is startServer that also returns the server, for its
// counters.
func startServerOf(t testing.TB, hooks *testHooks) (*testClient, *Server) {
	t.Helper()
	serverEnd, clientEnd := net.Pipe()
	s := newServer(Options{Version: "test", Logger: zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))})
	s.hooks = hooks
	c := newTestClient(t, clientEnd)
	go func() { c.exitCode <- s.run(context.Background(), serverEnd) }()
	t.Cleanup(func() {
		clientEnd.Close()
		select {
		case <-c.exitCode:
		case <-time.After(5 * time.Second):
			t.Error("server did not stop after the pipe closed")
		}
	})
	return c, s
}

// stampOf is the state of path an analysis snapshot holds (zero when the
// document was not open).
func stampOf(a *analysis, path string) docStamp { return a.docs[path] }

// TestEditBurstCancelsSupersededAnalyses types 50 edits in a burst. Every
// analysis of a version before the last is held until it is cancelled (a
// stand-in for a slow module): the keystrokes never wait for it, each is
// cancelled by the edit after it, none publishes, and the final publish
// equals a fresh open of the same text.
func TestEditBurstCancelsSupersededAnalyses(t *testing.T) {
	const edits = 50
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n"})
	path := filepath.Join(dir, "settings.py")
	typed := "DEBUG = True\nSECURE_HSTS_SECONDS = 0\nX = '" + strings.Repeat("y", edits) + "'\n"
	typed = typed[:edits] // the text typed, one character per edit
	var held, unheld atomic.Int64
	first := make(chan struct{})
	var firstOnce atomic.Bool
	c, s := startServerOf(t, &testHooks{analysis: func(ctx context.Context, a *analysis) {
		st := stampOf(a, path)
		if st.version == 0 {
			return // before the open
		}
		if st.version > edits {
			unheld.Add(1)
			return
		}
		held.Add(1)
		if firstOnce.CompareAndSwap(false, true) {
			close(first)
		}
		<-ctx.Done() // held until superseded
	}})
	c.initialize(dir, "", "")
	u := c.open(path, 1, cleanSettings)
	<-first // an analysis of version 1 is running
	text := cleanSettings
	for i := 0; i < edits; i++ {
		line, col := uint32(strings.Count(text, "\n")), uint32(len(text)-strings.LastIndex(text, "\n")-1)
		c.change(u, int32(i+2), edit(line, col, line, col, typed[i:i+1]))
		text += typed[i : i+1]
	}
	final := c.waitPublish(u, edits+1)
	for _, p := range c.publications() {
		if p.URI == string(u) && p.Version <= edits {
			t.Errorf("a superseded analysis published version %d", p.Version)
		}
	}
	// Every held analysis was cancelled, and every analysis either was
	// cancelled or published (one of the final version may be cancelled
	// too: its snapshot was taken just before the last edit's own
	// schedule, which then runs it again).
	st := &s.stats
	if h := held.Load(); h == 0 || st.superseded.Load() < h || unheld.Load() == 0 || st.started.Load() != st.superseded.Load()+st.published.Load() {
		t.Errorf("held %d, final %d; started %d = superseded %d + published %d?", h, unheld.Load(), st.started.Load(), st.superseded.Load(), st.published.Load())
	}

	fresh := startServer(t, nil)
	fresh.initialize(dir, "", "")
	want := fresh.waitPublish(fresh.open(path, 1, text), 1)
	got, _ := json.Marshal(final.Diagnostics)
	wantJSON, _ := json.Marshal(want.Diagnostics)
	if string(got) != string(wantJSON) {
		t.Errorf("after the burst:\n%s\nfresh open:\n%s", got, wantJSON)
	}
	if len(withCode(final.Diagnostics, "DJS001")) != 1 {
		t.Errorf("DJS001 missing after the burst: %v", final.Diagnostics)
	}
}

// TestExitDoesNotWaitForAnalysis: an analysis is running (held until its
// context ends) when the client shuts the server down; shutdown and exit
// cancel it, and the server exits with 0. Without shutdown, exit alone
// also ends the session (code 1).
func TestExitDoesNotWaitForAnalysis(t *testing.T) {
	for _, withShutdown := range []bool{true, false} {
		dir := t.TempDir()
		path := filepath.Join(dir, "settings.py")
		running := make(chan struct{}, 1)
		var cancelled atomic.Int64
		c, s := startServerOf(t, &testHooks{analysis: func(ctx context.Context, a *analysis) {
			if stampOf(a, path).version == 0 {
				return
			}
			select {
			case running <- struct{}{}:
			default:
			}
			<-ctx.Done()
			cancelled.Add(1)
		}})
		c.initialize(dir, "", "")
		c.open(path, 1, cleanSettings+"DEBUG = True\n")
		<-running
		var code int
		if withShutdown {
			code = c.shutdown()
		} else {
			c.notify(protocol.MethodExit, nil)
			code = <-c.exitCode
			c.exitCode <- code
		}
		if want := map[bool]int{true: 0, false: 1}[withShutdown]; code != want {
			t.Errorf("shutdown=%v: exit code %d, want %d", withShutdown, code, want)
		}
		if cancelled.Load() == 0 || s.stats.published.Load() > 1 {
			t.Errorf("shutdown=%v: the running analysis was not cancelled (cancelled %d, published %d)", withShutdown, cancelled.Load(), s.stats.published.Load())
		}
	}
}

// reopenScenario opens a file, closes it and reopens it at version 1 with
// other text, while the analyses after the close are held; requests sent
// then must wait for the analysis of the reopened buffer, never answer
// from the closed one. ask sends the requests and returns their ids; the
// analyses are released once every request is waiting for one.
func reopenScenario(t *testing.T, caps string, ask func(c *testClient, u uri.URI) []string) (c *testClient, ids []string) {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n"})
	path := filepath.Join(dir, "settings.py")
	var holding atomic.Bool
	release := make(chan struct{})
	waiting := make(chan struct{}, 8)
	c = startServer(t, &testHooks{
		analysis: func(ctx context.Context, a *analysis) {
			if holding.Load() {
				select {
				case <-release:
				case <-ctx.Done():
				}
			}
		},
		afterRelease: func(ctx context.Context) { waiting <- struct{}{} },
	})
	c.initialize(dir, caps, "")
	u := c.open(path, 1, "DEBUG = True\n"+cleanSettings)
	c.barrier(u)
	<-waiting // the barrier's
	holding.Store(true)
	c.notify(protocol.MethodTextDocumentDidClose, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	c.open(path, 1, "# reopened\n\nDEBUG  =   True\n"+cleanSettings)
	ids = ask(c, u)
	for range ids {
		<-waiting
	}
	close(release)
	return c, ids
}

// TestReopenedDocumentAnswersFromItsOwnAnalysis: code actions and hover on
// a document closed and reopened at version 1 come from the reopened text.
func TestReopenedDocumentAnswersFromItsOwnAnalysis(t *testing.T) {
	c, ids := reopenScenario(t, "", func(c *testClient, u uri.URI) []string {
		return []string{
			c.send(101, protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: u},
				Range:        protocol.Range{End: protocol.Position{Line: 3}},
				Context:      protocol.CodeActionContext{Only: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}},
			}),
			c.send(102, protocol.MethodTextDocumentHover, hoverParams(u, 2, 1)),
		}
	})
	var raw []protocol.CommandOrCodeAction
	m := c.reply(ids[0])
	if m.Error != nil {
		t.Fatalf("codeAction: %s", m.Error.Message)
	}
	if err := protocol.Unmarshal(m.Result, &raw); err != nil {
		t.Fatal(err)
	}
	debugFixes := 0
	for _, r := range raw {
		a, ok := r.(*protocol.CodeAction)
		if !ok {
			continue
		}
		if len(a.Diagnostics) == 0 || diagCode(a.Diagnostics[0]) != "DJS001" {
			continue
		}
		debugFixes++
		if r := fmtRange(a.Diagnostics[0].Range); r != "2:11-2:15" {
			t.Errorf("%q is for DJS001 at %s, want 2:11-2:15 (the reopened text)", a.Title, r)
		}
		for _, ch := range a.Edit.DocumentChanges {
			if tde, ok := ch.(*protocol.TextDocumentEdit); ok {
				for _, e := range tde.Edits {
					if te, ok := e.(*protocol.TextEdit); ok && te.Range.Start.Line != 2 {
						t.Errorf("%q edits %s, outside the reopened DEBUG line", a.Title, fmtRange(te.Range))
					}
				}
			}
		}
	}
	if debugFixes == 0 {
		t.Errorf("no quick fix for DJS001 at 2:11-2:15: %s", m.Result)
	}
	var hover protocol.Hover
	m = c.reply(ids[1])
	if m.Error != nil || string(m.Result) == "null" {
		t.Fatalf("hover on the reopened DEBUG: %s %v", m.Result, m.Error)
	}
	if err := protocol.Unmarshal(m.Result, &hover); err != nil {
		t.Fatal(err)
	}
	if hover.Range == nil || fmtRange(*hover.Range) != "2:0-2:5" {
		t.Errorf("hover range = %v, want 2:0-2:5", hover.Range)
	}
}

// TestReopenedDocumentPullsItsOwnDiagnostics: pull diagnostics after a
// quick close and reopen are those of the reopened text.
func TestReopenedDocumentPullsItsOwnDiagnostics(t *testing.T) {
	caps := `{"textDocument":{"diagnostic":{}},"workspace":{"workspaceEdit":{"documentChanges":true}}}`
	c, ids := reopenScenario(t, caps, func(c *testClient, u uri.URI) []string {
		return []string{c.send(201, protocol.MethodTextDocumentDiagnostic, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})}
	})
	m := c.reply(ids[0])
	if m.Error != nil {
		t.Fatalf("diagnostic: %s", m.Error.Message)
	}
	var report protocol.FullDocumentDiagnosticReport
	if err := protocol.Unmarshal(m.Result, &report); err != nil {
		t.Fatal(err)
	}
	got := withCode(report.Items, "DJS001")
	if len(got) != 1 || fmtRange(got[0].Range) != "2:11-2:15" {
		t.Errorf("pulled DJS001 = %v, want one at 2:11-2:15 (the reopened text)", got)
	}
}

// TestDiffPublished: publishing is a diff of what was published and what
// an analysis says, file by file.
func TestDiffPublished(t *testing.T) {
	f, other := &folder{root: "/p"}, &folder{root: "/q"}
	doc := &document{path: "/p/open.py", uri: "file:///p/open.py", version: 3, seq: 7}
	diag := []protocol.Diagnostic{{Message: protocol.String("x")}}
	item := func(path string, d *document, diags []protocol.Diagnostic, pulled bool) pubItem {
		st := published{sum: checksum(diags), folder: f, empty: len(diags) == 0, pulled: pulled}
		if d != nil {
			st.version, st.seq = d.version, d.seq
		}
		return pubItem{path: path, doc: d, diags: diags, state: st}
	}
	empty := []protocol.Diagnostic{}
	sent := func(sends []pubSend) []string {
		var out []string
		for _, s := range sends {
			v := "disk"
			if s.doc != nil {
				v = "v" + string(rune('0'+s.doc.version))
			}
			out = append(out, s.path+" "+v+" "+string(rune('0'+len(s.diags))))
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		prev    map[string]published
		next    []pubItem
		keep    map[string]bool
		want    []string
		refresh bool
	}{
		{name: "a clean file on disk is not published", next: []pubItem{item("/p/a.py", nil, empty, false)}},
		{name: "findings on disk are", next: []pubItem{item("/p/a.py", nil, diag, false)}, want: []string{"/p/a.py disk 1"}},
		{name: "unchanged: nothing sent",
			prev: map[string]published{"/p/a.py": item("/p/a.py", nil, diag, false).state},
			next: []pubItem{item("/p/a.py", nil, diag, false)}},
		{name: "an open document's new state is sent even when its findings are the same",
			prev: map[string]published{"/p/open.py": {version: 3, seq: 5, sum: checksum(empty), folder: f, empty: true}},
			next: []pubItem{item("/p/open.py", doc, empty, false)}, want: []string{"/p/open.py v3 0"}},
		{name: "a file gone from the result is cleared; a kept one and another folder's are not",
			prev: map[string]published{
				"/p/gone.py": {sum: checksum(diag), folder: f},
				"/p/kept.py": {sum: checksum(diag), folder: f},
				"/q/b.py":    {sum: checksum(diag), folder: other},
			},
			keep: map[string]bool{"/p/kept.py": true}, want: []string{"/p/gone.py disk 0"}},
		{name: "pulled: a push from when the file was closed is cleared",
			prev: map[string]published{"/p/open.py": {sum: checksum(diag), folder: f, pushed: true}},
			next: []pubItem{item("/p/open.py", doc, diag, true)}, want: []string{"/p/open.py v3 0"}},
		{name: "pulled: findings changed by another file ask for a refresh",
			prev: map[string]published{"/p/open.py": {version: 3, seq: 7, sum: checksum(empty), folder: f, empty: true, pulled: true}},
			next: []pubItem{item("/p/open.py", doc, diag, true)}, refresh: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sends, update, refresh := diffPublished(f, tc.prev, tc.next, tc.keep)
			if got := sent(sends); strings.Join(got, ";") != strings.Join(tc.want, ";") {
				t.Errorf("sent %q, want %q", got, tc.want)
			}
			if refresh != tc.refresh {
				t.Errorf("refresh = %v, want %v", refresh, tc.refresh)
			}
			for _, s := range sends {
				if _, ok := update[s.path]; !ok {
					t.Errorf("%s sent but not recorded", s.path)
				}
			}
		})
	}
}

// checksum is the sum a publish records for diags (nextPublished encodes
// them once and sums that).
func checksum(diags []protocol.Diagnostic) uint64 {
	return sumJSON(appendDiagnosticsJSON(nil, diags))
}
