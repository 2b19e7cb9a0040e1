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

// TestUndecodableChangesAreRejected: a content change whose range does not
// decode as the protocol's Range (negative, fractional, over 2^32-1, null,
// missing positions) or without text is rejected: the document keeps its
// text and version, nothing is published for the rejected version, the user
// is told once, and incremental changes are refused until a whole-document
// change brings the document back in step.
func TestUndecodableChangesAreRejected(t *testing.T) {
	root, path := projectWithDebug(t)
	c := startServer(t, nil)
	c.initialize(root, "", "")
	u := c.open(path, 1, "DEBUG = True\n")
	if got := withCode(c.waitPublish(u, 1).Diagnostics, "DJS001"); len(got) != 1 || fmtRange(got[0].Range) != "0:8-0:12" {
		t.Fatalf("v1: DJS001 %v", got)
	}
	pos := func(line, char string) string { return `{"line":` + line + `,"character":` + char + `}` }
	rng := func(start, end string) string { return `"range":{"start":` + start + `,"end":` + end + `}` }
	ok := pos("0", "0")
	for i, change := range []string{
		`{` + rng(pos("-1", "0"), ok) + `,"text":"X"}`,
		`{` + rng(ok, pos("0", "-3")) + `,"text":"X"}`,
		`{` + rng(pos("4294967296", "0"), ok) + `,"text":"X"}`,
		`{` + rng(ok, pos("0", "99999999999999999999")) + `,"text":"X"}`,
		`{` + rng(pos("1.0", "0"), ok) + `,"text":"X"}`,
		`{` + rng(pos("0", "1e0"), ok) + `,"text":"X"}`,
		`{` + rng(pos("null", "0"), ok) + `,"text":"X"}`,
		`{` + rng(pos(`"0"`, "0"), ok) + `,"text":"X"}`,
		`{` + rng("null", ok) + `,"text":"X"}`,
		`{"range":{"start":{"line":0},"end":{"line":0,"character":0}},"text":"X"}`,
		`{"range":{},"text":"X"}`,
		`{"range":null,"text":"X"}`,
		`{` + rng(ok, ok) + `}`,
		`{` + rng(ok, ok) + `,"text":null}`,
		`{"text":5}`,
		`"X"`,
		`{` + rng(ok, ok) + `,"text":"X"},{"range":null,"text":"Y"}`,
	} {
		params := `{"textDocument":{"uri":"` + string(u) + `","version":` + string(rune('2'+i%8)) + `},"contentChanges":[` + change + `]}`
		c.notify(protocol.MethodTextDocumentDidChange, json.RawMessage(params))
		c.barrier(u)
	}
	// In step with the client again only after a whole-document change.
	c.change(u, 20, edit(0, 0, 0, 0, "# typed\n"))
	c.barrier(u)
	for _, p := range c.publications() {
		if p.URI == string(u) && p.Version != 1 {
			t.Fatalf("published version %d of a document whose changes were rejected: %q", p.Version, diagSummary(p.Diagnostics))
		}
	}
	msgs := c.showMessages()
	if len(msgs) != 1 || msgs[0].Type != protocol.MessageTypeError || !strings.Contains(msgs[0].Message, "rejected a change to "+string(u)+": change 0: range: start.line -1 is not an integer") {
		t.Errorf("showMessage = %+v, want one error about the first rejected change", msgs)
	}
	c.change(u, 21, &protocol.TextDocumentContentChangeWholeDocument{Text: "import os\nDEBUG = True\n"})
	if got := withCode(c.waitPublish(u, 21).Diagnostics, "DJS001"); len(got) != 1 || fmtRange(got[0].Range) != "1:8-1:12" {
		t.Errorf("v21 (whole document): DJS001 %v, want 1:8-1:12", got)
	}
	c.change(u, 22, edit(0, 0, 0, 0, "# typed\n"))
	if got := withCode(c.waitPublish(u, 22).Diagnostics, "DJS001"); len(got) != 1 || fmtRange(got[0].Range) != "2:8-2:12" {
		t.Errorf("v22 (incremental again): DJS001 %v, want 2:8-2:12", got)
	}
}

func TestIsUinteger(t *testing.T) {
	for in, want := range map[string]bool{
		"0": true, "7": true, "4294967295": true, "4294967296": false, "01": false, "-1": false,
		"1.0": false, "1e3": false, "": false, "null": false, `"1"`: false, "99999999999": false,
	} {
		if got := isUinteger(json.RawMessage(in)); got != want {
			t.Errorf("isUinteger(%s) = %v, want %v", in, got, want)
		}
	}
}

// TestClientURISpellingIsKept: a document opened as
// file://localhost/<dir>/a:b/settings.py (the colon left unencoded, as
// Neovim sends it) is the local file, and every publish for it, while open
// and after close, uses exactly that spelling, never a re-encoded one.
func TestClientURISpellingIsKept(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "a:b")
	writeFiles(t, root, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n", "a:b/settings.py": "DEBUG = True\n"})
	path := filepath.Join(dir, "settings.py")
	spelled := uri.URI("file://localhost" + filepath.ToSlash(path))
	c := startServer(t, nil)
	c.initialize(root, "", "")
	c.notify(protocol.MethodTextDocumentDidOpen, json.RawMessage(`{"textDocument":{"uri":"`+string(spelled)+`","languageId":"python","version":1,"text":"import os\nDEBUG = True\n"}}`))
	if got := withCode(c.waitPublish(spelled, 1).Diagnostics, "DJS001"); len(got) != 1 || fmtRange(got[0].Range) != "1:8-1:12" {
		t.Fatalf("open: DJS001 %v, want 1:8-1:12", got)
	}
	c.barrier(spelled)
	n := c.noteCount()
	c.notify(protocol.MethodTextDocumentDidClose, json.RawMessage(`{"textDocument":{"uri":"`+string(spelled)+`"}}`))
	var after *rpcMsg
	c.waitUntil("the file on disk after close", func() bool {
		for _, m := range c.notes[n:] {
			if m.Method == protocol.MethodTextDocumentPublishDiagnostics && !m.hasVersion && m.pubURI == string(spelled) {
				after = m
				return true
			}
		}
		return false
	})
	if d := withCode(decodePublication(t, after).Diagnostics, "DJS001"); len(d) != 1 || fmtRange(d[0].Range) != "0:8-0:12" {
		t.Errorf("after close: DJS001 %v, want the disk file's at 0:8-0:12", d)
	}
	// Findings published before the open, under the server's spelling, were
	// cleared when the client named the file its own way.
	c.mu.Lock()
	last := map[string]*rpcMsg{}
	for _, m := range c.notes {
		if m.Method == protocol.MethodTextDocumentPublishDiagnostics {
			last[m.pubURI] = m
		}
	}
	c.mu.Unlock()
	for u, m := range last {
		if u != string(spelled) && len(decodePublication(t, m).Diagnostics) > 0 {
			t.Errorf("%s keeps %d diagnostics beside the client's %s", u, len(decodePublication(t, m).Diagnostics), spelled)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "localhost")); err == nil {
		t.Error("a localhost folder appeared")
	}
}

func TestURIPath(t *testing.T) {
	for in, want := range map[string]string{
		"file:///srv/app/settings.py":          "/srv/app/settings.py",
		"file://localhost/srv/app/settings.py": "/srv/app/settings.py",
		"file://LocalHost/srv/a%20b.py":        "/srv/a b.py",
		"file://fileserver/share/settings.py":  "",
		"untitled:Untitled-1":                  filepath.ToSlash(untitledPath("untitled:Untitled-1")), // untitled.go
		"git:/srv/app/settings.py":             "",
		"file:///srv/app/../app/./x.py":        "/srv/app/x.py",
	} {
		if got := uriPath(uri.URI(in)); got != filepath.FromSlash(want) {
			t.Errorf("uriPath(%s) = %q, want %q", in, got, want)
		}
	}
}

// TestCheckContentChanges covers the in-place reader of didChange params.
func TestCheckContentChanges(t *testing.T) {
	for in, want := range map[string]string{
		`{"textDocument":{"uri":"file:///a.py","version":2},"contentChanges":[{"text":"x"}]}`:                                                                   "",
		`{"contentChanges":[{"range":{"start":{"line":0,"character":1},"end":{"line":2,"character":0}},"text":"a\"],}\\"},{"text":"y"}],"textDocument":{}}`:     "",
		` { "contentChanges" : [ { "text" : "\\\\" , "range" : { "end" : { "character" : 0 , "line" : 0 } , "start" : { "line" : 0 , "character" : 0 } } } ] }`: "",
		`{"contentChanges":[]}`: "",
		`{"textDocument":{"contentChanges":[5]},"contentChanges":[{"text":"x"},{"text":"\\\"","range":null}]}`:         "change 1: range: null is not a range",
		`{"contentChanges":[{"text":"x","range":{"start":{"line":0,"character":0},"end":{"line":0,"character":-1}}}]}`: "change 0: range: end.character -1 is not an integer in [0, 2^32-1]",
		`{"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}}}]}`:             "change 0: text is missing or not a string",
		`{"contentChanges":[7]}`:        "change 0 is not an object",
		`{"contentChanges":{}}`:         "contentChanges is not an array",
		`{"contentChanges":[{"text":"x`: "change 0: malformed JSON",
	} {
		got := ""
		if err := checkContentChanges([]byte(in)); err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("checkContentChanges(%s) = %q, want %q", in, got, want)
		}
	}
}

// refCheckContentChanges is checkContentChanges with encoding/json: slow
// on large texts, plain to read.
func refCheckContentChanges(params []byte) bool {
	var top map[string]json.RawMessage // keys match exactly, as in protocol's decoder
	if json.Unmarshal(params, &top) != nil {
		return false
	}
	cc, ok := top["contentChanges"]
	if !ok {
		return true
	}
	var changes []json.RawMessage
	if cc[0] != '[' || json.Unmarshal(cc, &changes) != nil {
		return false
	}
	for _, ch := range changes {
		var fields map[string]json.RawMessage
		if json.Unmarshal(ch, &fields) != nil || fields == nil {
			return false
		}
		if t, ok := fields["text"]; !ok || t[0] != '"' {
			return false
		}
		if r, ok := fields["range"]; ok && checkRange(r) != nil {
			return false
		}
	}
	return true
}

// FuzzCheckContentChanges compares the in-place reader with the reference
// on valid JSON objects without duplicate keys.
func FuzzCheckContentChanges(f *testing.F) {
	f.Add([]byte(`{"contentChanges":[{"range":{"start":{"line":0,"character":1},"end":{"line":2,"character":0}},"text":"a\"],}\\"}]}`))
	f.Add([]byte(`{"contentChanges":[{"text":"x","range":null},{"text":1}]}`))
	f.Add([]byte(`{"x":[{"contentChanges":1}],"contentChanges":[{"text":"\\\\","range":{"start":{"line":1.5,"character":0},"end":{"line":0,"character":0}}}]}`))
	f.Fuzz(func(t *testing.T, params []byte) {
		var v map[string]any
		if !json.Valid(params) || json.Unmarshal(params, &v) != nil || hasDuplicateKeys(params) {
			return
		}
		got := checkContentChanges(params) == nil
		if want := refCheckContentChanges(params); got != want {
			t.Errorf("checkContentChanges(%s) accepts = %v, reference %v", params, got, want)
		}
	})
}

// hasDuplicateKeys reports an object anywhere in data naming a key twice
// (encoding/json keeps the last, the in-place reader the first).
func hasDuplicateKeys(data []byte) bool {
	type level struct {
		keys    map[string]bool // nil in an array
		wantKey bool
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	var stack []*level
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].keys != nil {
			stack[n-1].wantKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &level{keys: map[string]bool{}, wantKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, &level{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			valueDone()
			continue
		}
		if n := len(stack); n > 0 && stack[n-1].keys != nil && stack[n-1].wantKey {
			key, _ := tok.(string)
			if stack[n-1].keys[key] {
				return true
			}
			stack[n-1].keys[key] = true
			stack[n-1].wantKey = false
			continue
		}
		valueDone()
	}
}
