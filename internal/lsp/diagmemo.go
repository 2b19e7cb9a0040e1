package lsp

import (
	"slices"

	"go.lsp.dev/uri"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/finding"
)

// A keystroke re-analyses the folder, and every file of the result used to
// be converted to LSP diagnostics and marshalled for its checksum, although
// only the edited document's findings changed: with 50 open 200-line
// modules that was half of a keystroke's allocations (765 KB, against 86 KB
// with one module open). diagMemo keeps, per file, the diagnostics last
// built and their checksum, and gives them back while what they were built
// from is the same.
//
// An entry keeps the checksum, not the diagnostics: those (with their
// encoded data and rule URLs, ~1.3 KB per open module) are needed only
// when a publish sends them, which an unchanged file's rarely does; then
// they are built again from the same findings (memoizable says when that
// gives the same).

// diagMemo maps a path to its memoEntry. A folder's memo is read and
// written only under its pubMu (publish).
type diagMemo map[string]*memoEntry

// memoEntry is what one file's diagnostics were built from, and them.
type memoEntry struct {
	doc      *document // the open document (nil for a file on disk)
	text     []byte    // the text the findings' offsets refer to
	uri      uri.URI   // the file's URI then (its spelling, once opened)
	enc      posEncoding
	findings []diagnostics.Finding
	empty    bool   // no diagnostics
	sum      uint64 // the diagnostics' checksum, once summed (the publish encodes them)
	summed   bool
}

// fileDiagnostics returns the entry for fr's diagnostics and, when it is
// a new one (kept in the memo when it may be reused), the diagnostics as
// JSON, appended to dst; f's memo entry and nil when fr's findings, text,
// document and URI are those it was built from.
func (s *Server) fileDiagnostics(f *folder, res *engine.Result, fr *engine.FileResult, doc *document, enc posEncoding, dst []byte) (*memoEntry, []byte) {
	u := s.fileURI(fr.Path)
	if e := f.diagMemo[fr.Path]; e != nil && e.summed && e.doc == doc && sameBytes(e.text, fr.Text) && e.uri == u && e.enc == enc &&
		slices.EqualFunc(e.findings, fr.Findings, finding.Equal) {
		return e, nil
	}
	raw := s.appendFileDiagnosticsJSON(dst, res, fr, doc, enc) // diagjson.go
	e := &memoEntry{doc: doc, text: fr.Text, uri: u, enc: enc, findings: fr.Findings, empty: len(raw) == len(dst)+len("[]")}
	if f.diagMemo == nil {
		f.diagMemo = diagMemo{}
	}
	if memoizable(fr, doc) {
		f.diagMemo[fr.Path] = e
	} else {
		delete(f.diagMemo, fr.Path)
	}
	return e, raw
}

// memoizable reports whether fr's diagnostics depend only on what a
// memoEntry compares. They do not while the document has syntax errors
// (steady.go adds findings of an earlier text), nor when a finding points
// into another file, whose text may have changed.
func memoizable(fr *engine.FileResult, doc *document) bool {
	if doc != nil && doc.tree != nil && doc.tree.HasError() {
		return false
	}
	for _, f := range fr.Findings {
		for _, r := range f.Related {
			if r.Path != fr.Path {
				return false
			}
		}
	}
	return true
}

// prune drops the entries of files not in keep (closed, deleted, or now
// another folder's).
func (m diagMemo) prune(keep map[string]bool) {
	for path := range m {
		if !keep[path] {
			delete(m, path)
		}
	}
}

// sameBytes reports whether a and b are the same slice of the same array:
// texts are never written once made, so that is the same text.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
