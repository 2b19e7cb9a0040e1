package lsp

// Text synchronisation: didOpen / didChange (incremental) / didClose /
// didSave. Edits are applied in order on the handler; each version is an
// immutable document that analysis can read while the next edit arrives.

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/treesitter"
)

// document is one version of an open file. It is never mutated: an edit
// makes a new document.
type document struct {
	uri     uri.URI // as the client spelled it (publishes go back to it)
	path    string  // absolute, cleaned
	version int32
	seq     uint64 // the document event that made this state (see Server.seq)
	text    []byte
	tree    *treesitter.Document // nil for files other than Python, and when tooBig
	m       *mapper
	// tooBig: the text is over engine.MaxFileSize, the limit for files on
	// disk. It is neither parsed nor judged (the engine sees the file on
	// disk instead, if at all); the user is told once (reportSkipped).
	tooBig bool
}

// tooBig reports a text over the size limit djls judges.
func tooBig(text []byte) bool { return len(text) > engine.MaxFileSize }

func isPython(path string) bool { return strings.EqualFold(filepath.Ext(path), ".py") }

// uriPath returns the cleaned file path of a file: URI, or "" for other
// schemes (untitled buffers are not analysed).
func uriPath(u uri.URI) string {
	if !u.IsFile() {
		return ""
	}
	p := u.FsPath()
	if p == "" {
		return ""
	}
	return filepath.Clean(p)
}

func newDocument(u uri.URI, path string, version int32, text []byte) *document {
	d := &document{uri: u, path: path, version: version, text: text, m: newMapper(text), tooBig: tooBig(text)}
	if isPython(path) && !d.tooBig {
		d.tree = lean(treesitter.Parse(text))
	}
	return d
}

// keepCTreeFrom is the size from which an open document keeps tree-sitter's
// C tree for incremental re-parsing. Most edits are spliced (only the edited
// statements are parsed, see treesitter.Document.Edit) and need no C tree;
// the others re-parse from scratch, which below this size takes about as
// long as an incremental parse (a few ms), while each C tree costs ~200 KB
// of memory: 50 open 200-line modules peaked at 50 MB with them, 39 without.
const keepCTreeFrom = 16 << 10

// lean frees a small document's C tree; its Go nodes stay readable.
func lean(doc *treesitter.Document) *treesitter.Document {
	if len(doc.Text) < keepCTreeFrom {
		doc.Close()
	}
	return doc
}

// overlay is the engine's view of this document.
func (d *document) overlay() engine.Overlay {
	return engine.Overlay{Version: d.version, Text: d.text, Doc: d.tree}
}

// applyChanges returns the document after the client's content changes,
// applied in order (each range refers to the text after the previous change).
func (d *document) applyChanges(version int32, changes []protocol.TextDocumentContentChangeEvent, enc posEncoding) (*document, error) {
	text, tree, m := d.text, d.tree, d.m
	for i, ch := range changes {
		switch c := ch.(type) {
		case *protocol.TextDocumentContentChangeWholeDocument:
			text = []byte(c.Text)
			if tree != nil {
				tree = replaceTree(d.tree, tree, nil) // parsed once at the end, if not too big
			}
		case *protocol.TextDocumentContentChangePartial:
			start := m.Offset(int(c.Range.Start.Line), int(c.Range.Start.Character), enc)
			end := m.Offset(int(c.Range.End.Line), int(c.Range.End.Character), enc)
			if end < start {
				return nil, fmt.Errorf("change %d: range end before start", i)
			}
			next := make([]byte, 0, len(text)-(end-start)+len(c.Text))
			next = append(append(append(next, text[:start]...), c.Text...), text[end:]...)
			switch {
			case tree != nil && tooBig(next):
				tree = replaceTree(d.tree, tree, nil)
			case tree != nil:
				tree = replaceTree(d.tree, tree, reparse(tree, start, end, next))
			}
			text = next
		default:
			return nil, fmt.Errorf("change %d: unknown content change", i)
		}
		m = newMapper(text)
	}
	big := tooBig(text)
	switch {
	case big && tree != nil:
		tree = replaceTree(d.tree, tree, nil)
	case !big && tree == nil && isPython(d.path):
		tree = treesitter.Parse(text)
	}
	if tree != nil && tree != d.tree {
		tree = lean(tree)
	}
	return &document{uri: d.uri, path: d.path, version: version, text: text, tree: tree, m: m, tooBig: big}, nil
}

// replaceTree closes an intermediate tree of a multi-change edit (never the
// document's own, which a running analysis may be reading).
func replaceTree(own, prev, next *treesitter.Document) *treesitter.Document {
	if prev != own {
		prev.Close()
	}
	return next
}

// reparse updates the syntax tree after [start, oldEnd) of the old text was
// replaced, giving next: tree-sitter re-parses incrementally from old.
func reparse(old *treesitter.Document, start, oldEnd int, next []byte) *treesitter.Document {
	doc := old.Edit(start, oldEnd, next[start:len(next)-(len(old.Text)-oldEnd)])
	if !doc.Exact() {
		// An incremental tree with syntax errors may differ from a fresh
		// parse; the editor must show what `djls check` would.
		doc.Close()
		return treesitter.Parse(next)
	}
	return doc
}

func invalidParams(format string, args ...any) error {
	return jsonrpc2.Errorf(jsonrpc2.InvalidParams, format, args...)
}

func handleDidOpen(s *Server, ctx context.Context, p *protocol.DidOpenTextDocumentParams) error {
	path := uriPath(p.TextDocument.URI)
	if path == "" {
		return invalidParams("textDocument.uri %q is not a file URI", p.TextDocument.URI)
	}
	doc := newDocument(p.TextDocument.URI, path, p.TextDocument.Version, []byte(p.TextDocument.Text))
	f := s.folderFor(path)
	s.mu.Lock()
	if old := s.docs[path]; old != nil && old.tree != nil && old.tree != doc.tree {
		defer old.tree.Close()
	}
	s.seq++
	doc.seq = s.seq
	s.docs[path] = doc
	s.mu.Unlock()
	f.schedule()
	return nil
}

func handleDidChange(s *Server, ctx context.Context, p *protocol.DidChangeTextDocumentParams) error {
	path := uriPath(p.TextDocument.URI)
	s.mu.Lock()
	doc := s.docs[path]
	enc := s.capabilities().enc
	s.mu.Unlock()
	if doc == nil {
		return fmt.Errorf("didChange for %s, which is not open", p.TextDocument.URI)
	}
	if p.TextDocument.Version <= doc.version {
		s.log.Warn("didChange version does not increase", zap.String("uri", string(p.TextDocument.URI)), zap.Int32("have", doc.version), zap.Int32("got", p.TextDocument.Version))
	}
	next, err := doc.applyChanges(p.TextDocument.Version, p.ContentChanges, enc)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.seq++
	next.seq = s.seq
	s.docs[path] = next
	s.mu.Unlock()
	// The old C tree is no longer needed; its Go nodes, which a running
	// analysis may still read, stay valid after Close.
	if doc.tree != nil && doc.tree != next.tree {
		doc.tree.Close()
	}
	f := s.folderFor(path)
	f.schedule()
	return nil
}

func handleDidClose(s *Server, ctx context.Context, p *protocol.DidCloseTextDocumentParams) error {
	path := uriPath(p.TextDocument.URI)
	s.mu.Lock()
	doc := s.docs[path]
	delete(s.docs, path)
	if doc != nil {
		s.seq++
		s.closedAt[path] = s.seq
	}
	s.mu.Unlock()
	if doc == nil {
		return nil
	}
	// The file on disk wins again; analysis republishes it.
	s.folderFor(path).schedule()
	return nil
}

func handleDidSave(s *Server, ctx context.Context, p *protocol.DidSaveTextDocumentParams) error {
	path := uriPath(p.TextDocument.URI)
	if path == "" {
		return nil
	}
	f := s.folderFor(path)
	if s.reindexCancelled(f, []string{path}) {
		return nil
	}
	if ws := f.workspace(); ws != nil {
		f.supersede()
		if err := ws.Invalidate(path); err != nil {
			s.log.Warn("re-indexing failed", zap.Error(err))
		}
	}
	f.schedule()
	return nil
}
