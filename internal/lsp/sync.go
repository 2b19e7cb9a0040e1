package lsp

// Text synchronisation: didOpen / didChange (incremental) / didClose /
// didSave. Edits are applied in order on the handler; each version is an
// immutable document that analysis can read while the next edit arrives.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"runtime"
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
	// unsynced: why a change to this document was rejected. The client's
	// text is no longer known, so later incremental changes are rejected too
	// until a whole-document change or a reopen; the user is told once.
	unsynced string
}

// tooBig reports a text over the size limit djls judges.
func tooBig(text []byte) bool { return len(text) > engine.MaxFileSize }

func isPython(path string) bool { return strings.EqualFold(filepath.Ext(path), ".py") }

// uriPath returns the cleaned file path of a file: URI, or "" for other
// schemes (untitledPath gives untitled buffers a virtual one) and, except on Windows (UNC
// paths), for a file on another host. file://localhost/p is the local /p
// (RFC 8089), not /localhost/p.
func uriPath(u uri.URI) string {
	if !u.IsFile() {
		return untitledPath(u)
	}
	if host := u.Authority(); host != "" {
		if !strings.EqualFold(host, "localhost") {
			if runtime.GOOS != "windows" {
				return ""
			}
		} else {
			c := u.Components()
			c.Authority = ""
			local, err := uri.From(c)
			if err != nil {
				return ""
			}
			u = local
		}
	}
	p := u.FsPath()
	if p == "" {
		return ""
	}
	// A copy: the URI may be a substring of the message it came in, which
	// a path kept as a key (s.docs) would keep whole, a didOpen's text too.
	return strings.Clone(filepath.Clean(p))
}

func newDocument(u uri.URI, path string, version int32, text []byte) *document {
	d := &document{uri: u, path: path, version: version, text: text, m: newMapper(text), tooBig: tooBig(text)}
	if isPython(path) && !d.tooBig {
		d.tree = lean(treesitter.Parse(text))
		d.m = d.tree.AdoptMapper(d.m) // one line index for both
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
			m = newMapper(text)
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
			m = m.Edit(start, end, next) // derived: shared when no line moved
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
		if tree != nil {
			m = tree.AdoptMapper(m) // the next change's re-parse reads it
		}
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
		m = tree.AdoptMapper(m)
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
	doc := old.EditText(start, oldEnd, next) // next is not copied again
	if !doc.Exact() && !doc.Confined() {
		// An incremental tree with syntax errors may differ from a fresh
		// parse; the editor must show what `djls check` would. A Confined
		// one is kept: while the statement being typed is broken (an open
		// bracket), the rest of the module is judged as it was, where a
		// full parse would let the bracket swallow it, at the cost of a
		// second per keystroke on a large module.
		doc.Close()
		return treesitter.Parse(next)
	}
	return doc
}

func invalidParams(format string, args ...any) error {
	return jsonrpc2.Errorf(jsonrpc2.InvalidParams, format, args...)
}

// didOpenParams are didOpen's params together with the document's URI as
// the client spelled it: protocol's decoder re-encodes URIs (file:///a:b.py
// becomes file:///a%3Ab.py), and a client matches published diagnostics to
// its documents by its own spelling.
type didOpenParams struct {
	p       protocol.DidOpenTextDocumentParams
	spelled uri.URI
}

func (d *didOpenParams) UnmarshalJSON(data []byte) error {
	if err := protocol.Unmarshal(data, &d.p); err != nil {
		return err
	}
	d.spelled = d.p.TextDocument.URI
	if raw := clientURI(data); raw != "" {
		d.spelled = uri.URI(raw)
	}
	return nil
}

// clientURI returns params.textDocument.uri as sent, "" when not found. It
// stops there: a document's text after it is not scanned again.
func clientURI(params []byte) string {
	dec := json.NewDecoder(bytes.NewReader(params))
	enter := func(key string) bool { // finds key in the object that starts next
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return false
		}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return false
			}
			if k == key {
				return true
			}
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return false
			}
		}
		return false
	}
	var u string
	if !enter("textDocument") || !enter("uri") || dec.Decode(&u) != nil {
		return ""
	}
	return u
}

func handleDidOpen(s *Server, ctx context.Context, d *didOpenParams) error {
	p := &d.p
	path := uriPath(p.TextDocument.URI)
	if path == "" {
		return invalidParams("textDocument.uri %q is not a local file URI", d.spelled)
	}
	doc := newDocument(d.spelled, path, p.TextDocument.Version, []byte(p.TextDocument.Text))
	f := s.folderFor(path)
	s.mu.Lock()
	if old := s.docs[path]; old != nil && old.tree != nil && old.tree != doc.tree {
		defer old.tree.Close()
	}
	s.seq++
	doc.seq = s.seq
	s.docs[path] = doc
	respelled := s.spelled[path]
	if pub, had := s.published[path]; respelled == "" && had && !pub.empty {
		respelled = uri.File(path)
	}
	if s.spelled == nil {
		s.spelled = map[string]uri.URI{}
	}
	s.spelled[path] = doc.uri
	s.mu.Unlock()
	s.keepCTree(path, doc)
	if respelled != "" && respelled != doc.uri {
		// Findings published under the old spelling would stay with it:
		// the folder's next publish clears them first (publish).
		f.mu.Lock()
		f.respelled = append(f.respelled, respelled)
		f.mu.Unlock()
	}
	f.refreshProject()
	return nil
}

// didChangeParams are didChange's params with every content change checked
// against the protocol's schema. protocol's decoder guesses: a range it
// cannot decode (a negative, fractional or null number, one over 2^32-1)
// makes the change a whole-document replacement, and "range": null (or a
// range without positions) an insert at 0:0. A change that is not exactly
// {"range": Range, "text": string} or {"text": string} is rejected instead.
type didChangeParams struct {
	p       protocol.DidChangeTextDocumentParams
	invalid error // why the content changes were rejected
}

func (d *didChangeParams) UnmarshalJSON(data []byte) error {
	if err := protocol.Unmarshal(data, &d.p); err != nil {
		return err
	}
	d.invalid = checkContentChanges(data)
	return nil
}

// checkContentChanges checks params.contentChanges of a didChange. It
// reads the changes' members in place (a 50 MB text is skipped with a scan
// for its closing quote, not decoded again); only ranges are decoded.
func checkContentChanges(params []byte) error {
	sc := &jsonScan{b: params}
	changes, ok := sc.member(0, "contentChanges")
	if !ok {
		return nil // protocol's decoder has checked the rest
	}
	if changes >= len(params) || params[changes] != '[' {
		return fmt.Errorf("contentChanges is not an array")
	}
	i := sc.ws(changes + 1)
	for n := 0; i < len(params) && params[i] != ']'; n++ {
		if params[i] != '{' {
			return fmt.Errorf("change %d is not an object", n)
		}
		end := sc.skip(i)
		if end < 0 {
			return fmt.Errorf("change %d: malformed JSON", n)
		}
		text, hasText := sc.member(i, "text")
		if !hasText || params[text] != '"' {
			return fmt.Errorf("change %d: text is missing or not a string", n)
		}
		if r, hasRange := sc.member(i, "range"); hasRange {
			rend := sc.skip(r)
			if rend < 0 {
				return fmt.Errorf("change %d: malformed JSON", n)
			}
			if err := checkRange(params[r:rend]); err != nil {
				return fmt.Errorf("change %d: range: %v", n, err)
			}
		}
		i = sc.ws(end)
		if i < len(params) && params[i] == ',' {
			i = sc.ws(i + 1)
		}
	}
	return nil
}

// jsonScan walks JSON already known to be valid, without decoding it.
type jsonScan struct{ b []byte }

func (s *jsonScan) ws(i int) int {
	for i < len(s.b) && (s.b[i] == ' ' || s.b[i] == '\t' || s.b[i] == '\n' || s.b[i] == '\r') {
		i++
	}
	return i
}

// skip returns the end of the value starting at i (-1 when malformed).
func (s *jsonScan) skip(i int) int {
	i = s.ws(i)
	if i >= len(s.b) {
		return -1
	}
	switch s.b[i] {
	case '"':
		for j := i + 1; ; {
			k := bytes.IndexByte(s.b[j:], '"')
			if k < 0 {
				return -1
			}
			j += k
			escapes := 0 // a quote after an odd run of backslashes is escaped
			for e := j - 1; e > i && s.b[e] == '\\'; e-- {
				escapes++
			}
			if escapes%2 == 0 {
				return j + 1
			}
			j++
		}
	case '{', '[':
		close := byte('}')
		if s.b[i] == '[' {
			close = ']'
		}
		j := s.ws(i + 1)
		for j < len(s.b) && s.b[j] != close {
			if close == '}' { // a key, a colon
				if j = s.skip(j); j < 0 {
					return -1
				}
				if j = s.ws(j); j >= len(s.b) || s.b[j] != ':' {
					return -1
				}
				j++
			}
			if j = s.skip(j); j < 0 {
				return -1
			}
			if j = s.ws(j); j < len(s.b) && s.b[j] == ',' {
				j = s.ws(j + 1)
			}
		}
		if j >= len(s.b) {
			return -1
		}
		return j + 1
	}
	j := i
	for j < len(s.b) && !strings.ContainsRune(",]} \t\r\n", rune(s.b[j])) {
		j++
	}
	return j
}

// member returns where the value of key starts in the object at i.
func (s *jsonScan) member(i int, key string) (int, bool) {
	i = s.ws(i)
	if i >= len(s.b) || s.b[i] != '{' {
		return 0, false
	}
	j := s.ws(i + 1)
	for j < len(s.b) && s.b[j] != '}' {
		k := s.skip(j)
		if k < 0 {
			return 0, false
		}
		name, ok := s.isName(j, k, key) // syncscan.go
		if !ok {
			return 0, false
		}
		if k = s.ws(k); k >= len(s.b) || s.b[k] != ':' {
			return 0, false
		}
		v := s.ws(k + 1)
		if name {
			return v, v < len(s.b)
		}
		if j = s.skip(v); j < 0 {
			return 0, false
		}
		if j = s.ws(j); j < len(s.b) && s.b[j] == ',' {
			j = s.ws(j + 1)
		}
	}
	return 0, false
}

// checkRange checks a Range: {"start": Position, "end": Position}.
func checkRange(raw json.RawMessage) error {
	if plainRangeOK(raw) { // syncscan.go
		return nil
	}
	return checkRangeDecoded(raw)
}

// checkRangeDecoded is checkRange by decoding, for any range.
func checkRangeDecoded(raw json.RawMessage) error {
	var r map[string]json.RawMessage
	if err := json.Unmarshal(raw, &r); err != nil || r == nil {
		return fmt.Errorf("%s is not a range", clip(raw))
	}
	for _, end := range []string{"start", "end"} {
		var pos map[string]json.RawMessage
		if err := json.Unmarshal(r[end], &pos); err != nil || pos == nil {
			return fmt.Errorf("%s is not a position", end)
		}
		for _, k := range []string{"line", "character"} {
			if !isUinteger(pos[k]) {
				return fmt.Errorf("%s.%s %s is not an integer in [0, 2^32-1]", end, k, clip(pos[k]))
			}
		}
	}
	return nil
}

// isUinteger reports whether raw is a JSON integer in [0, 2^32-1], written
// without fraction or exponent (the protocol's uinteger).
func isUinteger(raw json.RawMessage) bool {
	if len(raw) == 0 || len(raw) > 10 || (raw[0] == '0' && len(raw) > 1) {
		return false
	}
	n := uint64(0)
	for _, c := range raw {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + uint64(c-'0')
	}
	return n <= math.MaxUint32
}

// clip quotes a value for an error message, cut to a readable length.
func clip(raw json.RawMessage) string {
	if raw == nil {
		return "(missing)"
	}
	if len(raw) > 40 {
		return string(raw[:40]) + "..."
	}
	return string(raw)
}

func handleDidChange(s *Server, ctx context.Context, d *didChangeParams) error {
	p := &d.p
	path := s.changedPath(p.TextDocument.URI) // changepath.go
	s.mu.Lock()
	doc := s.docs[path]
	enc := s.capabilities().enc
	s.mu.Unlock()
	if doc == nil {
		return fmt.Errorf("didChange for %s, which is not open", p.TextDocument.URI)
	}
	if d.invalid != nil {
		return s.rejectChange(path, doc, d.invalid)
	}
	if doc.unsynced != "" && !wholeDocument(p.ContentChanges) {
		return fmt.Errorf("didChange for %s ignored: the document is out of sync since %s", p.TextDocument.URI, doc.unsynced)
	}
	if p.TextDocument.Version <= doc.version {
		s.log.Warn("didChange version does not increase", zap.String("uri", string(p.TextDocument.URI)), zap.Int32("have", doc.version), zap.Int32("got", p.TextDocument.Version))
	}
	next, err := doc.applyChanges(p.TextDocument.Version, p.ContentChanges, enc)
	if err != nil {
		return s.rejectChange(path, doc, err)
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
	s.keepCTree(path, next)
	f := s.folderFor(path)
	if !s.analyzeInline(f, next) {
		f.schedule()
	}
	return nil
}

// wholeDocument reports whether changes start with a whole-document
// replacement, which brings an unsynced document back in step.
func wholeDocument(changes []protocol.TextDocumentContentChangeEvent) bool {
	if len(changes) == 0 {
		return false
	}
	_, ok := changes[0].(*protocol.TextDocumentContentChangeWholeDocument)
	return ok
}

// rejectChange keeps doc as it is and marks it out of sync with the
// client: the user is told once (an error in the editor) to reopen it.
func (s *Server) rejectChange(path string, doc *document, why error) error {
	s.mu.Lock()
	first := doc.unsynced == "" && s.docs[path] == doc
	if first {
		kept := *doc
		kept.unsynced = fmt.Sprintf("a rejected change (%v)", why)
		s.docs[path] = &kept
	}
	s.mu.Unlock()
	if first && s.client != nil {
		_ = s.client.ShowMessage(s.ctx, &protocol.ShowMessageParams{Type: protocol.MessageTypeError,
			Message: fmt.Sprintf("djls: rejected a change to %s: %v. djls keeps the text it had (version %d); close and reopen the file to resynchronise.", doc.uri, why, doc.version)})
	}
	return fmt.Errorf("didChange for %s rejected: %w", doc.uri, why)
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
	s.steady.forget(path)
	s.cTrees.forget(path)
	// The file on disk wins again; analysis republishes it.
	s.folderFor(path).refreshProject()
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
	f.markProjectStale()
	f.invalidate([]string{path})
	return nil
}
