package lsp

// An in-process LSP client for tests: it talks raw JSON-RPC frames over a
// pipe (so tests can also send malformed frames), answers the server's own
// requests and records every notification.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

const waitTimeout = 15 * time.Second

type rpcError struct {
	Code    int64  `json:"code"`
	Message string `json:"message"`
}

type rpcMsg struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *rpcError       `json:"error,omitempty"`

	// For publishDiagnostics, read once on arrival so waiting is cheap.
	pubURI     string
	pubVersion int32
	hasVersion bool
}

type testClient struct {
	t    testing.TB
	conn io.ReadWriteCloser
	wmu  sync.Mutex
	wbuf []byte // a frame being written, under wmu
	nbuf []byte // a notification being written, under wmu
	pbuf []byte // its params, under wmu
	// lean: publishDiagnostics with a version are only indexed (versions),
	// without their params, for loops that wait for them (timedEdits).
	lean atomic.Bool

	mu       sync.Mutex
	cond     *sync.Cond
	nextID   int
	replies  map[string]*rpcMsg // by the id's JSON text
	notes    []*rpcMsg
	versions map[pubKey]*rpcMsg // the last versioned publishDiagnostics per URI and version
	requests []*rpcMsg          // server -> client requests
	settings json.RawMessage
	// holdConfig, when set, holds back the answer to the first
	// workspace/configuration request (made with the settings of the
	// moment) until it is closed.
	holdConfig  chan struct{}
	configAsked int
	closed      bool

	exitCode chan int
}

// startServer runs a server on one end of a pipe and returns a client on
// the other.
func startServer(t *testing.T, hooks *testHooks) *testClient {
	t.Helper()
	c, _ := startServerOf(t, hooks)
	return c
}

// newTestClient starts a client on conn; the caller delivers the server's
// exit code on c.exitCode.
func newTestClient(t testing.TB, conn io.ReadWriteCloser) *testClient {
	c := &testClient{t: t, conn: conn, replies: map[string]*rpcMsg{}, versions: map[pubKey]*rpcMsg{}, exitCode: make(chan int, 1)}
	c.cond = sync.NewCond(&c.mu)
	go c.readLoop()
	return c
}

func (c *testClient) readLoop() {
	frames := &frameReader{r: bufio.NewReader(c.conn)} // harness_lean_test.go
	for {
		body, err := frames.next()
		if err != nil {
			c.mu.Lock()
			c.closed = true
			c.cond.Broadcast()
			c.mu.Unlock()
			return
		}
		if c.notedLean(body) { // harness_lean_test.go
			continue
		}
		var m rpcMsg
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("server sent invalid JSON: %s", body)
			continue
		}
		switch {
		case m.Method != "" && m.ID != nil:
			c.answerServerRequest(&m)
		case m.Method != "":
			if m.Method == protocol.MethodTextDocumentPublishDiagnostics {
				m.pubURI, m.pubVersion, m.hasVersion, _ = publishHead(m.Params)
			}
			if m.Method == protocol.MethodTextDocumentPublishDiagnostics && m.pubURI == "" {
				var head struct {
					URI     string `json:"uri"`
					Version *int32 `json:"version"`
				}
				if json.Unmarshal(m.Params, &head) == nil {
					m.pubURI = head.URI
					if head.Version != nil {
						m.pubVersion, m.hasVersion = *head.Version, true
					}
				}
			}
			c.mu.Lock()
			c.notes = append(c.notes, &m)
			if m.hasVersion {
				c.versions[pubKey{m.pubURI, m.pubVersion}] = &m
			}
			c.cond.Broadcast()
			c.mu.Unlock()
		default:
			c.mu.Lock()
			c.replies[string(m.ID)] = &m
			c.cond.Broadcast()
			c.mu.Unlock()
		}
	}
}

func readFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			length, _ = strconv.Atoi(v)
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("frame without Content-Length")
	}
	body := make([]byte, length)
	_, err := io.ReadFull(r, body)
	return body, err
}

func (c *testClient) answerServerRequest(m *rpcMsg) {
	c.mu.Lock()
	c.requests = append(c.requests, m)
	settings := c.settings
	var hold chan struct{}
	if m.Method == protocol.MethodWorkspaceConfiguration {
		if c.configAsked++; c.configAsked == 1 {
			hold = c.holdConfig
		}
	}
	c.cond.Broadcast()
	c.mu.Unlock()
	result := json.RawMessage("null")
	if m.Method == protocol.MethodWorkspaceConfiguration {
		if settings == nil {
			settings = json.RawMessage("null")
		}
		result = json.RawMessage("[" + string(settings) + "]")
	}
	answer := map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": result}
	if hold != nil {
		go func() { <-hold; c.writeJSON(answer) }()
		return
	}
	c.writeJSON(answer)
}

func (c *testClient) writeRaw(body []byte) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.writeFrame(body)
}

// writeFrame writes body as one frame, under wmu.
func (c *testClient) writeFrame(body []byte) {
	c.wbuf = append(strconv.AppendInt(append(c.wbuf[:0], "Content-Length: "...), int64(len(body)), 10), "\r\n\r\n"...)
	c.wbuf = append(c.wbuf, body...)
	if _, err := c.conn.Write(c.wbuf); err != nil {
		c.t.Errorf("write: %v", err)
	}
}

func (c *testClient) writeJSON(v any) {
	body, err := json.Marshal(v)
	if err != nil {
		c.t.Fatalf("marshal: %v", err)
	}
	c.writeRaw(body)
}

// encodeParams uses protocol's encoder for protocol types.
func encodeParams(t testing.TB, params any) json.RawMessage {
	t.Helper()
	if params == nil {
		return nil
	}
	if raw, ok := params.(json.RawMessage); ok {
		return raw
	}
	raw, err := protocol.Marshal(params)
	if err != nil {
		t.Fatalf("marshal params: %v", err)
	}
	return raw
}

// send issues a request with the given id (a number or a string) without
// waiting.
func (c *testClient) send(id any, method string, params any) string {
	idJSON, _ := json.Marshal(id)
	msg := map[string]any{"jsonrpc": "2.0", "id": json.RawMessage(idJSON), "method": method}
	if p := encodeParams(c.t, params); p != nil {
		msg["params"] = p
	}
	c.writeJSON(msg)
	return string(idJSON)
}

// reply waits for the response to the request with id.
func (c *testClient) reply(id string) *rpcMsg {
	c.t.Helper()
	var m *rpcMsg
	c.waitUntil("reply to "+id, func() bool {
		m = c.replies[id]
		delete(c.replies, id)
		return m != nil
	})
	return m
}

func (c *testClient) call(method string, params any) *rpcMsg {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	c.mu.Unlock()
	return c.reply(c.send(id, method, params))
}

// callOK calls and decodes the result into out (which may be nil).
func (c *testClient) callOK(method string, params, out any) {
	c.t.Helper()
	m := c.call(method, params)
	if m.Error != nil {
		c.t.Fatalf("%s: error %d %s", method, m.Error.Code, m.Error.Message)
	}
	if out != nil {
		if err := protocol.Unmarshal(m.Result, out); err != nil {
			c.t.Fatalf("%s: decode result %s: %v", method, m.Result, err)
		}
	}
}

func (c *testClient) notify(method string, params any) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.nbuf = c.appendNotification(c.nbuf[:0], method, params) // harness_lean_test.go
	c.writeFrame(c.nbuf)
}

// waitUntil waits, under c.mu, until cond holds.
func (c *testClient) waitUntil(what string, cond func() bool) {
	c.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	timer := time.AfterFunc(waitTimeout, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for !cond() {
		if time.Now().After(deadline) {
			c.t.Fatalf("timed out waiting for %s", what)
		}
		if c.closed {
			c.t.Fatalf("connection closed while waiting for %s", what)
		}
		c.cond.Wait()
	}
}

// initialize runs the handshake with a root folder and optional extra
// client capabilities (JSON merged into a default set).
func (c *testClient) initialize(root string, caps string, initOptions string) *protocol.InitializeResult {
	c.t.Helper()
	if caps == "" {
		caps = `{"textDocument":{"publishDiagnostics":{"relatedInformation":true,"versionSupport":true}},"workspace":{"workspaceEdit":{"documentChanges":true}}}`
	}
	params := `{"processId":null,"rootUri":` + quoteURI(root) + `,"capabilities":` + caps
	if initOptions != "" {
		params += `,"initializationOptions":` + initOptions
	}
	params += "}"
	var res protocol.InitializeResult
	c.callOK(protocol.MethodInitialize, json.RawMessage(params), &res)
	c.notify(protocol.MethodInitialized, json.RawMessage(`{}`))
	return &res
}

func quoteURI(root string) string {
	if root == "" {
		return "null"
	}
	return `"` + string(uri.File(root)) + `"`
}

// publication is one decoded textDocument/publishDiagnostics.
type publication struct {
	URI         string
	Version     int32
	HasVersion  bool
	Diagnostics []protocol.Diagnostic
}

func decodePublication(t testing.TB, m *rpcMsg) publication {
	var p protocol.PublishDiagnosticsParams
	if err := protocol.Unmarshal(m.Params, &p); err != nil {
		t.Fatalf("decode publishDiagnostics: %v", err)
	}
	v, ok := p.Version.Get()
	return publication{URI: string(p.URI), Version: v, HasVersion: ok, Diagnostics: p.Diagnostics}
}

// publications returns every publishDiagnostics so far, in order.
func (c *testClient) publications() []publication {
	c.mu.Lock()
	notes := append([]*rpcMsg(nil), c.notes...)
	c.mu.Unlock()
	var out []publication
	for _, m := range notes {
		if m.Method == protocol.MethodTextDocumentPublishDiagnostics {
			out = append(out, decodePublication(c.t, m))
		}
	}
	return out
}

// latest returns the newest publication per URI.
func (c *testClient) latest() map[string]publication {
	out := map[string]publication{}
	for _, p := range c.publications() {
		out[p.URI] = p
	}
	return out
}

// pubKey is a publishDiagnostics' URI and version.
type pubKey struct {
	uri     string
	version int32
}

// waitPublish waits for a publication for u at version.
func (c *testClient) waitPublish(u uri.URI, version int32) publication {
	c.t.Helper()
	var found *publication
	c.waitUntil(fmt.Sprintf("publishDiagnostics %s v%d", u, version), func() bool {
		// An index, not a scan of every note: a benchmark's client would
		// spend its CPU comparing URIs while the server works.
		if m := c.versions[pubKey{string(u), version}]; m != nil {
			pub := decodePublication(c.t, m)
			found = &pub
			return true
		}
		return false
	})
	return *found
}

func (c *testClient) open(path string, version int32, text string) uri.URI {
	u := uri.File(path)
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: u, LanguageID: "python", Version: version, Text: text,
	}})
	return u
}

func (c *testClient) change(u uri.URI, version int32, changes ...protocol.TextDocumentContentChangeEvent) {
	c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: version},
		ContentChanges: changes,
	})
}

func edit(sl, sc, el, ec uint32, text string) *protocol.TextDocumentContentChangePartial {
	return &protocol.TextDocumentContentChangePartial{
		Range: protocol.Range{Start: protocol.Position{Line: sl, Character: sc}, End: protocol.Position{Line: el, Character: ec}},
		Text:  text,
	}
}

// barrier waits until the server has analysed u at its current version and
// published the result (requests are answered after the publishes of the
// analysis they use).
func (c *testClient) barrier(u uri.URI) {
	c.t.Helper()
	m := c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Context:      protocol.CodeActionContext{Only: []protocol.CodeActionKind{"none.at.all"}},
	})
	if m.Error != nil {
		c.t.Fatalf("barrier on %s: %s", u, m.Error.Message)
	}
}

// shutdown runs shutdown + exit and returns the exit code.
func (c *testClient) shutdown() int {
	c.t.Helper()
	c.callOK(protocol.MethodShutdown, nil, nil)
	c.notify(protocol.MethodExit, nil)
	select {
	case code := <-c.exitCode:
		c.exitCode <- code // for Cleanup
		return code
	case <-time.After(waitTimeout):
		c.t.Fatal("server did not exit")
	}
	return -1
}

func diagCode(d protocol.Diagnostic) string {
	if s, ok := d.Code.(protocol.String); ok {
		return string(s)
	}
	return fmt.Sprint(d.Code)
}

func diagMessage(d protocol.Diagnostic) string {
	if s, ok := d.Message.(protocol.String); ok {
		return string(s)
	}
	return fmt.Sprint(d.Message)
}

// withCode keeps the diagnostics with one rule ID.
func withCode(diags []protocol.Diagnostic, code string) []protocol.Diagnostic {
	var out []protocol.Diagnostic
	for _, d := range diags {
		if diagCode(d) == code {
			out = append(out, d)
		}
	}
	return out
}

// copyTree copies a corpus project into a temporary folder tests may edit.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk(src, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// writeFiles writes files under dir, each whole, as an editor's atomic save does (a temporary
// file renamed over it): the server may read a file at any time (an open,
// a save, another file's change), and os.WriteFile's truncate-then-write
// would let it see the file empty for an instant.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		tmp := path + ".djls-test-tmp"
		if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	}
}

// fmtRange spells a range so a failure reads plainly.
func fmtRange(r protocol.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character)
}
