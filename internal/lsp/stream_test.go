package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/djls-dev/djls/internal/engine"
)

// startObserved is startServer with the server's warnings and errors
// recorded for the test to read.
func startObserved(t *testing.T) (*testClient, *observer.ObservedLogs) {
	t.Helper()
	serverEnd, clientEnd := net.Pipe()
	core, logs := observer.New(zapcore.WarnLevel)
	s := newServer(Options{Version: "test", Logger: zap.New(core)})
	c := newTestClient(t, clientEnd)
	go func() { c.exitCode <- s.run(context.Background(), serverEnd) }()
	t.Cleanup(func() {
		clientEnd.Close()
		select {
		case code := <-c.exitCode:
			c.exitCode <- code
		case <-time.After(5 * time.Second):
			t.Error("server did not stop after the pipe closed")
		}
	})
	return c, logs
}

// logLines lists the recorded entries as "message: field=value ...".
func logLines(logs *observer.ObservedLogs, message string) []map[string]any {
	var out []map[string]any
	for _, e := range logs.FilterMessage(message).All() {
		out = append(out, e.ContextMap())
	}
	return out
}

// TestHeaderOverSkippableLimitClosesCleanly: a header declaring 2 GiB
// cannot be read past (the framing has no other way to find the next
// message), so the server ends the session with a clear error instead of
// allocating or waiting for 2 GiB; the request after it is never answered.
func TestHeaderOverSkippableLimitClosesCleanly(t *testing.T) {
	c, logs := startObserved(t)
	c.initialize(t.TempDir(), "", "")
	// One write: the server may hang up before a second one.
	c.wmu.Lock()
	_, err := fmt.Fprintf(c.conn, "Content-Length: %d\r\n\r\n%s", 2<<30, frameOf(`{"jsonrpc":"2.0","id":5,"method":"shutdown"}`))
	c.wmu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-c.exitCode:
		c.exitCode <- code
		if code != 1 {
			t.Errorf("exit code %d, want 1 (no shutdown)", code)
		}
	case <-time.After(waitTimeout):
		t.Fatal("the server neither closed nor answered")
	}
	c.mu.Lock()
	_, answered := c.replies["5"]
	c.mu.Unlock()
	if answered {
		t.Error("the request after the 2 GiB header was answered: its bytes are that frame's body")
	}
	want := []map[string]any{{"error": "message header declares a body over 1024 MiB (the most djls reads past to stay in step); the stream cannot be resynchronised"}}
	if got := logLines(logs, "closing the connection"); !reflect.DeepEqual(got, want) {
		t.Errorf("log = %v, want %v", got, want)
	}
}

// bigFrame is a JSON-RPC message of exactly size bytes: head, then a
// padding string member, then "}}" closing params and the message.
func bigFrame(head string, size int) []byte {
	pad := size - len(head) - len(`"pad":""}}`)
	return []byte(head + `"pad":"` + strings.Repeat("x", pad) + `"}}`)
}

// TestMessageOverLimitIsSkipped: messages over MaxMessageSize are read
// past without being held; a request is answered with InvalidRequest, a
// didOpen is logged and told to the user once per document, and the
// session goes on.
func TestMessageOverLimitIsSkipped(t *testing.T) {
	c, logs := startObserved(t)
	root := t.TempDir()
	c.initialize(root, "", "")
	size := MaxMessageSize + 1

	c.writeRaw(bigFrame(`{"jsonrpc":"2.0","id":77,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x.py"},"position":{"line":0,"character":0},`, size))
	r := c.reply("77")
	if r.Error == nil || r.Error.Code != -32600 || r.Error.Message != "message of 67108865 bytes is over the 64 MiB limit" {
		t.Errorf("reply to the oversized request = %+v %s", r.Error, r.Result)
	}

	u := uri.File(filepath.Join(root, "settings.py"))
	open := `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"` + string(u) + `","languageId":"python","version":1,"text":"DEBUG = True\n"},`
	c.writeRaw(bigFrame(open, size))
	c.writeRaw(bigFrame(open, size+10)) // the same document again: logged, not told again
	wantError(t, c.call("nope", nil), -32601)

	want := []protocol.ShowMessageParams{{Type: protocol.MessageTypeWarning,
		Message: "djls: ignored textDocument/hover of 67,108,865 bytes for file:///x.py: over the 64 MiB message limit"}, {Type: protocol.MessageTypeWarning,
		Message: "djls: ignored textDocument/didOpen of 67,108,865 bytes for " + string(u) + ": over the 64 MiB message limit"}}
	if got := c.showMessages(); !reflect.DeepEqual(got, want) {
		t.Errorf("showMessage = %+v, want %+v", got, want)
	}
	var got []string
	for _, l := range logLines(logs, "skipped a message over the size limit") {
		got = append(got, fmt.Sprintf("%v %v %v %v", l["method"], l["bytes"], l["uri"], l["id"]))
	}
	wantLog := []string{
		"textDocument/hover 67108865 file:///x.py 77",
		"textDocument/didOpen 67108865 " + string(u) + " ",
		"textDocument/didOpen 67108875 " + string(u) + " ",
	}
	if !reflect.DeepEqual(got, wantLog) {
		t.Errorf("log = %q, want %q", got, wantLog)
	}
	// The document was never opened: the session is in step and serves on.
	if code := c.shutdown(); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

// TestHugeDocumentIsNotJudged opens a 50 MB settings module: under the
// message limit, over the 1 MiB limit for settings files. It is treated
// like such a file on disk: not parsed or judged, one log line, one
// notice; its publish is empty (not the findings of the small file on
// disk). Shrunk under the limit it is judged again; grown past it again,
// no second notice.
func TestHugeDocumentIsNotJudged(t *testing.T) {
	if raceEnabled {
		t.Skip("50 MB through the race detector takes minutes on a busy machine; the run without -race covers it")
	}
	c, logs := startObserved(t)
	root := t.TempDir()
	writeFiles(t, root, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n", "app/settings.py": "DEBUG = True\n"})
	c.initialize(root, "", "")
	huge := strings.Repeat("X = 1\n", 50_000_000/6)
	u := c.open(filepath.Join(root, "app", "settings.py"), 1, huge)
	if p := c.waitPublish(u, 1); len(p.Diagnostics) != 0 {
		t.Errorf("v1 (50 MB): %q, want no diagnostics", diagSummary(p.Diagnostics))
	}
	c.barrier(u)
	wantMsg := []protocol.ShowMessageParams{{Type: protocol.MessageTypeWarning,
		Message: "djls: skipped " + filepath.Join("app", "settings.py") + " (open document over the 1 MiB size limit)"}}
	if got := c.showMessages(); !reflect.DeepEqual(got, wantMsg) {
		t.Errorf("showMessage = %+v, want %+v", got, wantMsg)
	}
	var hover json.RawMessage
	c.callOK(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: 0, Character: 0}}}, &hover)
	if string(hover) != "null" {
		t.Errorf("hover on the huge document = %s, want null", hover)
	}

	c.change(u, 2, &protocol.TextDocumentContentChangeWholeDocument{Text: "import os\nDEBUG = True\n"})
	if got, want := withCode(c.waitPublish(u, 2).Diagnostics, "DJS001"), "1:8-1:12"; len(got) != 1 || fmtRange(got[0].Range) != want {
		t.Errorf("v2 (small again): DJS001 %v, want one at %s", got, want)
	}
	c.change(u, 3, edit(0, 0, 0, 0, huge))
	if p := c.waitPublish(u, 3); len(p.Diagnostics) != 0 {
		t.Errorf("v3 (huge again): %q, want no diagnostics", diagSummary(p.Diagnostics))
	}
	c.barrier(u)
	if got := c.showMessages(); len(got) != 1 {
		t.Errorf("%d notices, want still 1", len(got))
	}
	want := []map[string]any{{"path": filepath.Join(root, "app", "settings.py"), "reason": "open document over the 1 MiB size limit"}}
	if got := logLines(logs, "skipped a file"); !reflect.DeepEqual(got, want) {
		t.Errorf("log = %v, want %v", got, want)
	}
	if engine.MaxFileSize != 1<<20 {
		t.Errorf("engine.MaxFileSize = %d: update the messages above", engine.MaxFileSize)
	}
}

// TestReadHeader covers the header parser on its own.
func TestReadHeader(t *testing.T) {
	for _, c := range []struct {
		in     string
		length int
		err    string
	}{
		{"Content-Length: 12\r\n\r\n", 12, ""},
		{"content-length:7\nContent-Type: application/vscode-jsonrpc; charset=utf-8\n\n", 7, ""},
		{"Content-Length: 1073741824\r\n\r\n", 1 << 30, ""},
		{"Content-Length: 1073741825\r\n\r\n", 0, errHeaderTooLarge.Error()},
		{"Content-Length: 99999999999999999999999\r\n\r\n", 0, errHeaderTooLarge.Error()},
		{"Content-Length: 0\r\n\r\n", 0, ""},
		{"Content-Length: -1\r\n\r\n", 0, "jsonrpc2: invalid message header"},
		{"Content-Type: x\r\n\r\n", 0, "jsonrpc2: invalid message header"},
		{"no colon\r\n\r\n", 0, "jsonrpc2: invalid message header"},
		{"X-Long: " + strings.Repeat("a", 5000) + "\r\n\r\n", 0, "jsonrpc2: invalid message header"},
		{"", 0, "EOF"},
		{"Content-Length: 5\r\n", 0, "unexpected EOF"},
	} {
		length, _, err := readHeader(bufio.NewReader(strings.NewReader(c.in)))
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if length != c.length || msg != c.err {
			t.Errorf("readHeader(%.40q) = %d, %q; want %d, %q", c.in, length, msg, c.length, c.err)
		}
	}
}

func TestPeekFrame(t *testing.T) {
	for in, want := range map[string]skippedFrame{
		`{"jsonrpc":"2.0","id":3,"method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.py","text":"DEB`: {Method: "textDocument/didOpen", ID: json.RawMessage("3"), URI: "file:///a.py"},
		`{"method":"m","params":{"x":[1,{"y":2}],"textDocument":{"version":1,"uri":"file:///b.py"}},"id":"s"}`:               {Method: "m", ID: json.RawMessage(`"s"`), URI: "file:///b.py"},
		`{"params":{"text":"long`:      {},
		`{"id":{"bad":1},"method":"x"`: {Method: "x"},
		`[1,2]`:                        {},
	} {
		if got := peekFrame([]byte(in)); !reflect.DeepEqual(got, want) {
			t.Errorf("peekFrame(%s) = %+v, want %+v", in, got, want)
		}
	}
}

// TestMalformedBatchFrames: a body that starts like a batch but is not a
// JSON array of messages is answered with a parse error (-32700), or
// invalid request (-32600) when it is JSON, with a null id, and the session
// goes on. jsonrpc2 ends the connection on each of these itself.
func TestMalformedBatchFrames(t *testing.T) {
	c := startServer(t, nil)
	c.initialize(t.TempDir(), "", "")
	for _, tc := range []struct {
		body string
		code int64
	}{
		{`[not json`, -32700},
		{`[`, -32700},
		{` [{"jsonrpc":"2.0","id":1,"method":"shutdown"}`, -32700},
		{`[{"jsonrpc":"2.0","id":1,"method":"shutdown"},`, -32700},
		{`[{"jsonrpc":"2.0","id":1,"method":"shutdown"}] [`, -32700},
		{"[\xff]", -32700},
		{`[1,2,]`, -32700},
		{`[]]`, -32700},
		{``, -32700},
	} {
		c.writeRaw([]byte(tc.body))
		wantError(t, c.reply("null"), tc.code)
		// Still serving: a well-formed call after each.
		wantError(t, c.call("nope", nil), -32601)
	}
	if code := c.shutdown(); code != 0 {
		t.Errorf("exit code = %d", code)
	}
}

// TestErrorResponsesHaveCodes: an error a handler returns without a
// JSON-RPC code (here: the folder could not be loaded) is answered with
// InternalError, never with code 0.
func TestErrorResponsesHaveCodes(t *testing.T) {
	c := startServer(t, nil)
	root := filepath.Join(t.TempDir(), "missing")
	c.initialize(root, "", "")
	u := uri.File(filepath.Join(root, "settings.py"))
	m := c.call(protocol.MethodTextDocumentHover, hoverParams(u, 0, 0))
	if m.Error == nil || m.Error.Code != -32603 || m.Error.Message == "" {
		t.Fatalf("hover in a folder that cannot be loaded: error %+v, result %s; want code -32603", m.Error, m.Result)
	}
	if err := wireError(context.Canceled).(*jsonrpc2.Error); err.Code != -32800 {
		t.Errorf("context.Canceled answered with %d, want -32800", err.Code)
	}
}

// TestInvalidUTF8IsNotEchoed: text the server quotes from a request (a
// method name, a string id, a URI; raw bytes that are not UTF-8, or
// lone-surrogate escapes) reaches the client as valid UTF-8 JSON.
func TestInvalidUTF8IsNotEchoed(t *testing.T) {
	serverEnd, clientEnd := net.Pipe()
	s := newServer(Options{Version: "test"})
	done := make(chan int, 1)
	go func() { done <- s.run(context.Background(), serverEnd) }()
	defer func() { clientEnd.Close(); <-done }()
	bodies := make(chan []byte, 64)
	go func() {
		defer close(bodies)
		r := bufio.NewReader(clientEnd)
		for {
			body, err := readFrame(r)
			if err != nil {
				return
			}
			bodies <- body
		}
	}()
	write := func(body string) {
		t.Helper()
		clientEnd.SetWriteDeadline(time.Now().Add(waitTimeout))
		if _, err := clientEnd.Write([]byte(frameOf(body))); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}}`)
	write(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	write(`{"jsonrpc":"2.0","id":"x\udc00y","method":"bad\ud800name","params":{}}`)
	write(`{"jsonrpc":"2.0","id":9,"method":"textDocument/\udfffhover","params":{}}`)
	write("{\"jsonrpc\":\"2.0\",\"id\":\"z\xffz\",\"method\":\"bad\xfe\xffname\",\"params\":{}}")
	write("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\"file:///a\xff.py\"},\"position\":{\"line\":0,\"character\":0}}}")
	write(`{"jsonrpc":"2.0","id":10,"method":"shutdown"}`)
	var bad []string
	timeout := time.After(waitTimeout)
	for done := false; !done; {
		select {
		case body, ok := <-bodies:
			if !ok {
				t.Fatal("the server hung up before answering shutdown")
			}
			if !utf8.Valid(body) || !json.Valid(body) {
				bad = append(bad, fmt.Sprintf("%q", body))
			}
			done = strings.Contains(string(body), `"id":10`)
		case <-timeout:
			t.Fatal("no answer to shutdown")
		}
	}
	if len(bad) > 0 {
		t.Errorf("the server wrote bodies that are not valid UTF-8 JSON:\n%s", strings.Join(bad, "\n"))
	}
}

func TestValidUTF8(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "",
		`{"a":"é"}`:        `{"a":"é"}`,
		"{\"a\":\"\xff\"}": "{\"a\":\"\uFFFD\"}",
		"\xed\xa0\x80x":    "\uFFFD\uFFFD\uFFFDx",
		"\xf0\x9f\x98":     "\uFFFD\uFFFD\uFFFD",
	} {
		if got := string(validUTF8([]byte(in))); got != want {
			t.Errorf("validUTF8(%q) = %q, want %q", in, got, want)
		}
	}
}
