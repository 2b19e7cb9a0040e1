package lsp

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/djls-dev/djls/internal/corpus"
)

// TestRacingEditsWithRequests types 2,000 edits as fast as the pipe takes
// them, interleaving code actions, hovers, completions and cancellations of
// some of them. Every request is answered (a result or RequestCancelled),
// publications of the document never go back to an older version, and the
// final diagnostics equal those of a fresh open of the final text.
func TestRacingEditsWithRequests(t *testing.T) {
	root := copyTree(t, filepath.Join(corpus.Dir(t), "maisha"))
	path := filepath.Join(root, "Maisha_backend", "settings.py")
	orig, _ := os.ReadFile(path)
	text := string(orig)
	c := startServer(t, nil)
	c.initialize(root, "", "")
	u := c.open(path, 1, text)
	r := rand.New(rand.NewPCG(11, 12))
	edits := int32(2000)
	if testing.Short() {
		edits = 300 // the race detector run
	}
	var pending []string
	for v := int32(2); v <= edits+1; v++ {
		start, end, repl := typingEdit(r, text)
		c.change(u, v, &protocol.TextDocumentContentChangePartial{
			Range: protocol.Range{Start: refPosition(text, start, encUTF16), End: refPosition(text, end, encUTF16)},
			Text:  repl,
		})
		text = text[:start] + repl + text[end:]
		pos := refPosition(text, r.IntN(len(text)+1), encUTF16)
		var id string
		switch v % 4 {
		case 0:
			id = c.send(int(v), protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: u},
				Range:        protocol.Range{Start: pos, End: pos},
			})
		case 1:
			id = c.send(int(v), protocol.MethodTextDocumentHover, hoverParams(u, pos.Line, pos.Character))
		case 2:
			id = c.send(int(v), protocol.MethodTextDocumentCompletion, &protocol.CompletionParams{
				TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: pos},
			})
		}
		if id == "" {
			continue
		}
		if r.IntN(3) == 0 {
			c.notify(protocol.MethodCancelRequest, json.RawMessage(`{"id":`+id+`}`))
		}
		pending = append(pending, id)
	}
	for _, id := range pending {
		m := c.reply(id)
		if m.Error != nil && m.Error.Code != -32800 {
			t.Errorf("request %s failed: %d %s", id, m.Error.Code, m.Error.Message)
		}
	}
	// Absence findings kept through a syntax error depend on the history;
	// a fresh open has none.
	final := withoutKept(c.waitPublish(u, edits+1).Diagnostics)

	last := int32(0)
	for _, p := range c.publications() {
		if p.URI != string(u) || !p.HasVersion {
			continue
		}
		if p.Version < last {
			t.Fatalf("version %d published after version %d", p.Version, last)
		}
		last = p.Version
	}

	c.notify(protocol.MethodTextDocumentDidClose, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	c.open(path, 9000, text)
	fresh := c.waitPublish(u, 9000).Diagnostics
	a, _ := protocol.Marshal(final)
	b, _ := protocol.Marshal(fresh)
	if string(a) != string(b) {
		t.Errorf("after racing edits:\n%s\nfresh open:\n%s", a, b)
	}
}
