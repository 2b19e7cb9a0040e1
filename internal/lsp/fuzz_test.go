package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

func frameOf(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

// fuzzSession runs a server over a pipe, feeds it raw client bytes, closes
// the pipe and waits: the server must stop by itself, and no handler may
// have panicked (panics are recovered and logged, which is still a bug).
func fuzzSession(t *testing.T, framed bool, input ...string) {
	serverEnd, clientEnd := net.Pipe()
	core, logs := observer.New(zapcore.WarnLevel)
	s := newServer(Options{Version: "fuzz", Logger: zap.New(core)})
	done := make(chan int, 1)
	go func() { done <- s.run(context.Background(), serverEnd) }()
	// Read the server's messages; the session ends when it answers the
	// final request (everything before it has been handled) or hangs up.
	answered := make(chan struct{})
	var once sync.Once
	go func() {
		r := bufio.NewReader(clientEnd)
		for {
			body, err := readFrame(r)
			if err != nil {
				return
			}
			if strings.Contains(string(body), `"id":424242`) {
				once.Do(func() { close(answered) })
				io.Copy(io.Discard, r)
				return
			}
		}
	}()
	if !framed {
		// Arbitrary bytes can leave the stream mid-frame: there is nothing
		// to wait for but the server stopping once the input ends.
		once.Do(func() { close(answered) })
	}
	input = append(input, frameOf(`{"jsonrpc":"2.0","id":424242,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///none.py"},"position":{"line":0,"character":0}}}`))
	for _, in := range input {
		clientEnd.SetWriteDeadline(time.Now().Add(5 * time.Second))
		if _, err := clientEnd.Write([]byte(in)); err != nil {
			break // the server may close the connection on garbage
		}
	}

	select {
	case <-answered:
	case code := <-done:
		select {
		case <-s.exited:
		default:
			if framed {
				// Only exit may end a session whose frames are well formed.
				t.Fatalf("the server ended the session (exit code %d) on a well-framed message", code)
			}
		}
		done <- 0 // for the wait below
	case <-time.After(10 * time.Second):
		buf := make([]byte, 1<<20)
		t.Fatalf("the server neither answered nor stopped:\n%s", buf[:runtime.Stack(buf, true)])
	}
	clientEnd.Close()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		buf := make([]byte, 1<<20)
		t.Fatalf("the server did not stop after its input ended:\n%s", buf[:runtime.Stack(buf, true)])
	}
	for _, e := range logs.All() {
		if e.Message == "handler panicked" || e.Message == "background task panicked" {
			t.Fatalf("%s: %v", e.Message, e.ContextMap())
		}
	}
}

// FuzzFraming feeds arbitrary bytes as the client's stream after a valid
// initialize: truncated headers, wrong lengths, invalid JSON, batches. The
// same bytes are then sent as the body of one well-framed message, which
// must never end the session: a request after it is still answered.
func FuzzFraming(f *testing.F) {
	for _, body := range []string{
		`[not json`, `[`, `[{`, `[{"jsonrpc":"2.0","id":1,"method":"shutdown"}`, `[{"jsonrpc":"2.0","id":1,"method":"shutdown"},`,
		`[]`, `[[]]`, `[1,2,]`, `[]]`, `[null]`, "[\"\xff\"]", `[{"jsonrpc":"2.0","method":"exit"},{"jsonrpc":"2.0"`,
		`[{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.py"},"position":{"line":0,"character":0}}},7]`,
		`[{"jsonrpc":"2.0","id":"\udc00","method":"\ud800"}]`, ` [{"jsonrpc":"2.0","method":"initialized"}] x`,
	} {
		f.Add([]byte(body))
	}
	for _, s := range []string{
		"", "Content-Length: 5\r\n\r\n{}", "Content-Length: 99999999999\r\n\r\n{",
		"Content-Length: -1\r\n\r\n", "Content-Type: x\r\n\r\n",
		frameOf(`{"jsonrpc":"2.0","id":1,"method":"shutdown"}`) + frameOf(`{"jsonrpc":"2.0","method":"exit"}`),
		frameOf(`[{"jsonrpc":"2.0","id":1,"method":"x"}]`), frameOf(`{"jsonrpc":"2.0","id":{},"method":"x"}`),
		frameOf(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"a"}}`), frameOf("\xff\xfe"),
	} {
		f.Add([]byte(s))
	}
	init := frameOf(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}}`) + frameOf(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		fuzzSession(t, false, init, string(data))
		fuzzSession(t, true, init, frameOf(string(data)))
	})
}

// fuzzMethods are the handlers FuzzHandlers calls with arbitrary params.
var fuzzMethods = []string{
	"textDocument/didOpen", "textDocument/didChange", "textDocument/didClose", "textDocument/didSave",
	"textDocument/codeAction", "textDocument/hover", "textDocument/completion", "textDocument/diagnostic",
	"workspace/didChangeConfiguration", "workspace/didChangeWatchedFiles", "codeAction/resolve",
	"$/cancelRequest", "$/setTrace", "shutdown", "initialize", "unknown/method",
}

// FuzzHandlers calls every handler with arbitrary params (as a request and
// as a notification) on a server with an open settings document.
func FuzzHandlers(f *testing.F) {
	uri := "file:///fuzz/app/settings.py"
	f.Add(uint8(0), []byte(`{"textDocument":{"uri":"`+uri+`","languageId":"python","version":2,"text":"DEBUG = True\n"}}`))
	f.Add(uint8(1), []byte(`{"textDocument":{"uri":"`+uri+`","version":3},"contentChanges":[{"range":{"start":{"line":0,"character":99},"end":{"line":-1,"character":0}},"text":"x"}]}`))
	f.Add(uint8(4), []byte(`{"textDocument":{"uri":"`+uri+`"},"range":{"start":{"line":0,"character":0},"end":{"line":9,"character":9}},"context":{"diagnostics":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"message":"m","code":"DJS001","data":{"start":-5,"end":99999}}]}}`))
	f.Add(uint8(5), []byte(`{"textDocument":{"uri":"`+uri+`"},"position":{"line":4294967295,"character":4294967295}}`))
	f.Add(uint8(8), []byte(`{"settings":{"djlsSecurity":{"select":[1,2],"severity":"x"}}}`))
	f.Add(uint8(9), []byte(`{"changes":[{"uri":"file:///etc/passwd","type":1}]}`))
	f.Add(uint8(10), []byte(`null`))
	root := f.TempDir()
	os.MkdirAll(filepath.Join(root, "app"), 0o755)
	os.WriteFile(filepath.Join(root, "app", "settings.py"), []byte("DEBUG = True\n"), 0o644)
	rootURI := "file://" + filepath.ToSlash(root)
	uri = rootURI + "/app/settings.py"
	open, _ := json.Marshal(map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "python", "version": 1, "text": "DEBUG = True\nALLOWED_HOSTS = ['*']\n"}})
	start := frameOf(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"rootUri":"`+rootURI+`","capabilities":{}}}`) +
		frameOf(`{"jsonrpc":"2.0","method":"initialized","params":{}}`) +
		frameOf(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":`+string(open)+`}`)
	f.Fuzz(func(t *testing.T, which uint8, params []byte) {
		if len(params) > 1<<14 {
			return
		}
		method := fuzzMethods[int(which)%len(fuzzMethods)]
		p := json.RawMessage(params)
		if !json.Valid(params) {
			p, _ = json.Marshal(string(params))
		}
		call, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 7, "method": method, "params": p})
		note, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": method, "params": p})
		fuzzSession(t, true, start, frameOf(string(call)), frameOf(string(note)))
	})
}
