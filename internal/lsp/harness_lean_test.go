package lsp

// The test client's per-message work, kept lean: the keystroke benchmarks
// (BenchmarkInProcessDidChange) count the client's allocations with the
// server's, so what the client spends per edit is measurement overhead
// that hides the server's.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// awaitPublish is waitPublish without decoding the publication, for loops
// that only wait for it.
func (c *testClient) awaitPublish(u uri.URI, version int32) {
	c.t.Helper()
	c.waitUntil(fmt.Sprintf("publishDiagnostics %s v%d", u, version), func() bool {
		return c.versions[pubKey{string(u), version}] != nil
	})
}

// appendNotification appends a notification's JSON: the members json.Marshal
// writes for the map notify used to build, in the same (sorted) order, the
// params encoded as encodeParams does. It runs under wmu (c.pbuf).
func (c *testClient) appendNotification(dst []byte, method string, params any) []byte {
	dst = append(dst, `{"jsonrpc":"2.0","method":`...)
	dst = appendJSONQuoted(dst, method)
	switch p := params.(type) {
	case nil:
	case json.RawMessage:
		if p != nil {
			dst = append(append(dst, `,"params":`...), p...)
		}
	default:
		var err error
		if c.pbuf, err = protocol.AppendMarshal(c.pbuf[:0], params); err != nil {
			c.t.Fatalf("marshal params: %v", err)
		}
		dst = append(append(dst, `,"params":`...), c.pbuf...)
	}
	return append(dst, '}')
}

// notedLean indexes body when it is a versioned publishDiagnostics and
// the client is lean, and reports whether it did.
func (c *testClient) notedLean(body []byte) bool {
	if !c.lean.Load() {
		return false
	}
	sc := &jsonScan{b: body}
	method, ok := sc.member(0, "method")
	if !ok || string(body[method:max(method, sc.skip(method))]) != `"`+protocol.MethodTextDocumentPublishDiagnostics+`"` {
		return false
	}
	if _, isCall := sc.member(0, "id"); isCall {
		return false
	}
	params, ok := sc.member(0, "params")
	if !ok {
		return false
	}
	u, version, hasVersion, ok := publishHead(body[params:max(params, sc.skip(params))])
	if !ok || !hasVersion {
		return false
	}
	m := &rpcMsg{Method: protocol.MethodTextDocumentPublishDiagnostics, pubURI: u, pubVersion: version, hasVersion: true}
	c.mu.Lock()
	c.versions[pubKey{u, version}] = m
	c.cond.Broadcast()
	c.mu.Unlock()
	return true
}

// frameReader reads frames into one buffer, reused: the client decodes
// each body (json.Unmarshal copies what it keeps) before reading the next.
type frameReader struct {
	r   *bufio.Reader
	buf []byte
}

func (f *frameReader) next() ([]byte, error) {
	length := -1
	for {
		line, err := f.r.ReadSlice('\n')
		if err != nil {
			return nil, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		if v, ok := bytes.CutPrefix(line, []byte("Content-Length: ")); ok {
			length, _ = strconv.Atoi(string(v))
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("frame without Content-Length")
	}
	if cap(f.buf) < length {
		f.buf = make([]byte, length)
	}
	body := f.buf[:length]
	_, err := io.ReadFull(f.r, body)
	return body, err
}

// publishHead reads a publishDiagnostics' uri and version from its params
// without decoding the diagnostics; ok false when they are not plain
// (escapes, an odd version), for json.Unmarshal to read.
func publishHead(params []byte) (u string, version int32, hasVersion, ok bool) {
	sc := &jsonScan{b: params}
	i, found := sc.member(0, "uri")
	if !found || params[i] != '"' {
		return "", 0, false, false
	}
	end := sc.skip(i)
	if end < 0 || strings.IndexByte(string(params[i:end]), '\\') >= 0 {
		return "", 0, false, false
	}
	u = string(params[i+1 : end-1])
	v, found := sc.member(0, "version")
	if !found {
		return u, 0, false, true
	}
	vend := sc.skip(v)
	n, err := strconv.ParseInt(string(params[v:vend]), 10, 32)
	if err != nil {
		return "", 0, false, false
	}
	return u, int32(n), true, true
}

// appendJSONQuoted quotes s as json.Marshal does: verbatim when it needs no
// escape (method names do not), else by json.Marshal itself.
func appendJSONQuoted(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(dst, q...)
		}
	}
	return append(append(append(dst, '"'), s...), '"')
}
