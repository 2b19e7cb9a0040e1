package lsp

// Diagnostics: analysis of an immutable snapshot off the handler, mapping
// findings to LSP diagnostics, push (publishDiagnostics) with stale versions
// dropped, and pull (textDocument/diagnostic).

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/djls-dev/djls/docs"
	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/project"
	"slices"
)

// published is what the client was told about one file: the last publish,
// so unchanged results are not sent again and vanished files are cleared.
type published struct {
	version int32  // the open document's version; 0 for a file on disk
	seq     uint64 // the open document's event (see docStamp); 0 for a file on disk
	sum     uint64 // checksum of the diagnostics
	folder  *folder
	empty   bool
	pulled  bool // an open document whose diagnostics the client pulls
	pushed  bool // the client holds a non-empty push for the file
}

// diagnosticData travels in Diagnostic.data; code actions use it to find
// the finding again.
type diagnosticData struct {
	DjangoCheck string `json:"djangoCheck,omitempty"`
	Setting     string `json:"setting,omitempty"`
	Name        string `json:"name"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Kept        bool   `json:"kept,omitempty"` // an absence finding kept through a syntax error (steady.go)
}

// snapshot copies the open documents of f: immutable values, so analysis
// can run while the next edit is applied. Documents over the size limit are
// left out of the overlays (and listed in big): like a file on disk over
// the limit, they are not judged.
func (s *Server) snapshot(f *folder) (overlays map[string]engine.Overlay, a *analysis, big []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	overlays = make(map[string]engine.Overlay, len(s.docs))
	a = &analysis{seq: s.seq, docs: make(map[string]docStamp, len(s.docs))}
	for path, d := range s.docs {
		if f.contains(path) {
			a.docs[path] = docStamp{version: d.version, seq: d.seq, big: d.tooBig}
			if d.tooBig {
				big = append(big, path)
				continue
			}
			overlays[path] = d.overlay()
		}
	}
	return overlays, a, big
}

// analyzeOnce analyses f's snapshot and publishes the result. A newer event
// for the folder (f.schedule) or the end of the session cancels it: it then
// stops where it is and publishes nothing; the next analysis follows.
func (s *Server) analyzeOnce(f *folder) {
	ws := f.workspace()
	if ws == nil || s.ctx.Err() != nil {
		return
	}
	s.noteConfigError(f, ws)
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	f.mu.Lock()
	f.cancelRun = cancel // before the snapshot: no later event is missed
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.cancelRun = nil
		f.mu.Unlock()
	}()
	overlays, a, big := s.snapshot(f)
	s.stats.started.Add(1)
	start := time.Now()
	defer func() { f.lastCost.Store(int64(time.Since(start))) }()
	if s.hooks != nil && s.hooks.analysis != nil {
		s.hooks.analysis(ctx, a)
	}
	res, err := ws.Analyze(ctx, overlays)
	if ctx.Err() != nil {
		s.stats.superseded.Add(1)
		return
	}
	a.result, a.err = res, err
	if err != nil {
		s.log.Warn("analysis failed", zap.String("root", f.root), zap.Error(err))
	} else {
		s.stats.published.Add(1) // first: a test that saw the publish reads it
		s.publish(f, a)
		errs := res.Errors
		if len(big) > 0 {
			errs = maps.Clone(errs)
			for _, p := range big {
				errs[p] = fmt.Sprintf("open document over the %d MiB size limit", engine.MaxFileSize>>20)
			}
		}
		s.reportSkipped(f, errs)
	}
	// After publishing: a request answered from this analysis reaches the
	// client after its diagnostics.
	f.setLatest(a)
}

// reportSkipped tells about files the analysis could not judge (over the
// size limit, not UTF-8, unreadable): one log line each and one message to
// the user per batch, once per file for the folder's lifetime.
func (s *Server) reportSkipped(f *folder, errs map[string]string) {
	var fresh []string
	f.mu.Lock()
	if f.reported == nil {
		f.reported = map[string]bool{}
	}
	for path, reason := range errs {
		if reason == project.SkipSymlink {
			continue // by design (loops, links out of the folder): not news
		}
		if !f.reported[path] {
			f.reported[path] = true
			fresh = append(fresh, path)
		}
	}
	f.mu.Unlock()
	if len(fresh) == 0 {
		return
	}
	sort.Strings(fresh)
	for _, p := range fresh {
		s.log.Warn("skipped a file", zap.String("path", p), zap.String("reason", errs[p]))
	}
	rel, _ := filepath.Rel(f.root, fresh[0])
	msg := fmt.Sprintf("djls: skipped %s (%s)", rel, errs[fresh[0]])
	if len(fresh) > 1 {
		msg += fmt.Sprintf(" and %d more files; see the djls log", len(fresh)-1)
	}
	if s.client != nil {
		_ = s.client.ShowMessage(s.ctx, &protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: msg})
	}
}

// pubItem is what one file should show after an analysis.
type pubItem struct {
	path  string
	doc   *document // the open document analysed; nil for a file on disk
	diags []protocol.Diagnostic
	raw   []byte  // diags as JSON, encoded once for the checksum and the send; nil: encode when sent
	buf   *[]byte // the scratch buffer raw is in, released once publish has sent it
	// unbuilt: diags were left to a memo entry, which keeps only their
	// checksum; publish builds them from this file result if it sends them.
	unbuilt *engine.FileResult
	state   published
}

// publish sends publishDiagnostics for every file whose diagnostics (or,
// for an open document, state) changed since the last publish: the next
// set is computed from the analysis, diffed against what was published,
// and the difference sent.
func (s *Server) publish(f *folder, a *analysis) {
	f.pubMu.Lock()
	defer f.pubMu.Unlock()
	if f.removed.Load() {
		return // clearPublished clears what it published
	}
	if s.hooks != nil && s.hooks.publishing != nil {
		s.hooks.publishing(f.root)
	}
	s.clearRespelled(f)
	caps := s.capabilities()
	next, keep := s.nextPublished(f, a, caps)
	s.mu.Lock()
	sends, update, refresh := diffPublished(f, s.published, next, keep)
	for path, p := range update {
		s.published[path] = p
	}
	s.mu.Unlock()
	for _, p := range sends {
		if p.raw != nil {
			s.sendRaw(p.path, p.doc, p.raw)
			continue
		}
		if p.unbuilt != nil {
			bp := getScratch()
			raw := s.appendFileDiagnosticsJSON(*bp, a.result, p.unbuilt, p.doc, caps.enc)
			s.sendRaw(p.path, p.doc, raw)
			putScratch(bp, raw)
			continue
		}
		s.send(p.path, p.doc, p.diags)
	}
	for _, it := range next {
		if it.buf != nil {
			putScratch(it.buf, it.raw)
		}
	}
	clear(next) // no document or buffer held until the next publish
	f.pubItems = next[:0]
	clear(f.pub.docs)
	if refresh && caps.diagnosticRefresh {
		go func() { _ = s.client.DiagnosticRefresh(s.ctx) }()
	}
}

// clearRespelled clears what was published under the URIs f's files had
// before the client opened them under its own spelling (handleDidOpen).
// It runs holding f's pubMu, so it follows any publish that used them.
func (s *Server) clearRespelled(f *folder) {
	f.mu.Lock()
	old := f.respelled
	f.respelled = nil
	f.mu.Unlock()
	for _, u := range old {
		if err := s.client.PublishDiagnostics(s.ctx, &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: []protocol.Diagnostic{}}); err != nil {
			s.log.Debug("publish failed", zap.Error(err))
		}
	}
}

// nextPublished lists what f's files should show after a: each file of the
// result and each open document the engine did not judge (an __init__.py,
// a module that is not settings, a document over the size limit: an empty,
// versioned publish). Open documents edited, opened or closed since the
// snapshot are left as they are (keep): a newer analysis is on its way.
func (s *Server) nextPublished(f *folder, a *analysis, caps clientCaps) (next []pubItem, keep map[string]bool) {
	s.mu.Lock()
	docs := emptied(&f.pub.docs) // pubscratch.go
	for path, d := range s.docs {
		if f.contains(path) {
			docs[path] = d
		}
	}
	s.mu.Unlock()
	keep = emptied(&f.pub.keep)
	current := func(path string, doc *document) bool {
		stamp, open := a.docs[path]
		if open != (doc != nil) || (doc != nil && stamp.seq != doc.seq) {
			keep[path] = true
			return false
		}
		return true
	}
	// item encodes diags once, for the checksum and for the message, when
	// raw does not already hold them (a file's, encoded from its findings
	// with its memo entry); a memo entry (diagmemo.go) that already has
	// their checksum saves it.
	item := func(path string, doc *document, diags []protocol.Diagnostic, raw []byte, buf *[]byte, memo *memoEntry) pubItem {
		var sum uint64
		empty := len(diags) == 0
		if memo != nil {
			empty = memo.empty // diags are nil: raw, or the memo's
		}
		if memo != nil && memo.summed {
			sum = memo.sum
		} else {
			if raw == nil {
				buf = getScratch()
				raw = appendDiagnosticsJSON(*buf, diags)
			}
			sum = sumJSON(raw)
			if memo != nil {
				memo.sum, memo.summed = sum, true
			}
		}
		st := published{sum: sum, folder: f, empty: empty}
		if doc != nil {
			st.version, st.seq, st.pulled = doc.version, doc.seq, caps.pullDiagnostics
		}
		return pubItem{path: path, doc: doc, diags: diags, raw: raw, buf: buf, state: st}
	}
	done := emptied(&f.pub.done)
	next = slices.Grow(f.pubItems, len(a.result.Files)+len(docs)) // the last publish's list (under pubMu)
	f.pubItems = nil
	for _, path := range slices.Sorted(maps.Keys(a.result.Files)) {
		doc := docs[path]
		if !s.publishes(f, path) || (doc != nil && doc.tooBig) || !current(path, doc) {
			continue // a nested folder publishes it; not judged (below); stale
		}
		done[path] = true
		fr := a.result.Files[path]
		buf := getScratch()
		memo, raw := s.fileDiagnostics(f, a.result, fr, doc, caps.enc, *buf) // diagmemo.go
		if raw == nil {
			putScratch(buf, *buf)
			buf = nil
		}
		it := item(path, doc, nil, raw, buf, memo)
		if raw == nil && !memo.empty {
			it.unbuilt = fr
		}
		next = append(next, it)
	}
	f.diagMemo.prune(done)
	cfg := s.configDiagnostics(f, docs, caps.enc)
	for _, path := range slices.Sorted(maps.Keys(docs)) {
		doc := docs[path]
		if done[path] || !s.publishes(f, path) || !current(path, doc) {
			continue
		}
		done[path] = true
		diags := append([]protocol.Diagnostic{}, cfg[path]...)
		next = append(next, item(path, doc, diags, nil, nil, nil))
	}
	for _, path := range slices.Sorted(maps.Keys(cfg)) {
		if !done[path] && docs[path] == nil && s.publishes(f, path) {
			next = append(next, item(path, nil, cfg[path], nil, nil, nil))
		}
	}
	return next, keep
}

// pubSend is one publishDiagnostics to send: to doc's URI and version, or
// (doc nil) to the file's URI without a version; nil diags clear the file.
type pubSend struct {
	path    string
	doc     *document
	diags   []protocol.Diagnostic
	raw     []byte             // diags as JSON, when already encoded
	unbuilt *engine.FileResult // diags to build (pubItem.unbuilt)
}

// diffPublished compares f's next set with what was published (prev, read
// only) and returns the publishes to send, the entries to record, and
// whether the client must re-pull (an open document it pulls changed
// because of another file). A file of f published before that is neither
// in next nor kept left the result (deleted, or now outside the project)
// and is cleared. Files on disk never published with no findings stay
// unpublished.
func diffPublished(f *folder, prev map[string]published, next []pubItem, keep map[string]bool) (sends []pubSend, update map[string]published, refresh bool) {
	update = emptied(&f.pub.update) // pubscratch.go
	in := emptied(&f.pub.in)
	for _, it := range next {
		in[it.path] = true
		old, had := prev[it.path]
		st := it.state
		if !had && st.empty && it.doc == nil {
			continue // nothing to say about a clean file on disk
		}
		if had && old.sum == st.sum && old.seq == st.seq {
			continue
		}
		st.pushed = !st.pulled && !st.empty
		update[it.path] = st
		if st.pulled {
			// The client pulls open documents itself; it only needs telling
			// when one changed because of another file. Findings pushed
			// while the file was closed must go, or a client that keeps
			// pushed and pulled diagnostics apart (VS Code) shows both.
			if had && old.pushed {
				sends = append(sends, pubSend{path: it.path, doc: it.doc})
			}
			refresh = refresh || (had && old.seq == st.seq)
			continue
		}
		sends = append(sends, pubSend{path: it.path, doc: it.doc, diags: it.diags, raw: it.raw, unbuilt: it.unbuilt})
	}
	var gone []string
	for path, old := range prev {
		if old.folder == f && !in[path] && !keep[path] && !old.empty {
			gone = append(gone, path)
		}
	}
	sort.Strings(gone)
	for _, path := range gone {
		update[path] = published{folder: f, empty: true}
		sends = append(sends, pubSend{path: path})
	}
	return sends, update, refresh
}

func (s *Server) send(path string, doc *document, diags []protocol.Diagnostic) {
	if s.ctx.Err() != nil {
		return
	}
	p := &protocol.PublishDiagnosticsParams{URI: s.fileURI(path), Diagnostics: diags}
	if doc != nil {
		p.URI = doc.uri
		p.Version = protocol.NewOptional(doc.version)
	}
	if p.Diagnostics == nil {
		p.Diagnostics = []protocol.Diagnostic{}
	}
	if err := s.client.PublishDiagnostics(s.ctx, p); err != nil {
		s.log.Debug("publish failed", zap.Error(err))
	}
}

// sendRaw is send with the diagnostics already encoded (raw): the params
// are spelled as protocol's encoder spells PublishDiagnosticsParams.
func (s *Server) sendRaw(path string, doc *document, raw []byte) {
	if s.ctx.Err() != nil {
		return
	}
	u := s.fileURI(path)
	if doc != nil {
		u = doc.uri
	}
	version := int32(-1)
	if doc != nil {
		version = doc.version
	}
	bp := getScratch()
	params, err := appendPublishParams(*bp, u, version, raw)
	if err == nil {
		// Notify has written the message when it returns.
		err = s.conn.Notify(s.ctx, protocol.MethodTextDocumentPublishDiagnostics, jsonrpc2.RawMessage(params))
	}
	putScratch(bp, params)
	if err != nil {
		s.log.Debug("publish failed", zap.Error(err))
	}
}

// appendPublishParams appends publishDiagnostics params for u with the
// encoded diagnostics raw, versioned unless version is negative.
func appendPublishParams(dst []byte, u uri.URI, version int32, raw []byte) ([]byte, error) {
	dst, err := protocol.AppendMarshal(append(dst, `{"uri":`...), protocol.String(u))
	if err != nil {
		return dst, err
	}
	if version >= 0 {
		dst = strconv.AppendInt(append(dst, `,"version":`...), int64(version), 10)
	}
	return append(append(append(dst, `,"diagnostics":`...), raw...), '}'), nil
}

// appendDiagnosticsJSON appends diagnostics as publishDiagnostics carries
// them (none is [], never null); nil when they do not encode (send reports
// the error).
func appendDiagnosticsJSON(dst []byte, diags []protocol.Diagnostic) []byte {
	if len(diags) == 0 {
		return append(dst, "[]"...)
	}
	// One diagnostic at a time: protocol encodes a *Diagnostic with its
	// generated encoder, a slice through reflection and a copy of the whole.
	dst = append(dst, '[')
	for i := range diags {
		if i > 0 {
			dst = append(dst, ',')
		}
		var err error
		if dst, err = protocol.AppendMarshal(dst, &diags[i]); err != nil {
			return nil
		}
	}
	return append(dst, ']')
}

// sumJSON is the FNV-1a hash of raw.
func sumJSON(raw []byte) uint64 {
	h := fnv.New64a()
	h.Write(raw)
	return h.Sum64()
}

// mapperFor returns a position mapper over the text a file result refers to.
func mapperFor(fr *engine.FileResult, doc *document) *mapper {
	if doc != nil && bytes.Equal(doc.text, fr.Text) {
		return doc.m
	}
	return newMapper(fr.Text)
}

// toDiagnostics maps one file's findings. Silenced findings are left out:
// the editor shows what `djls check` shows by default.
func (s *Server) toDiagnostics(res *engine.Result, fr *engine.FileResult, doc *document, enc posEncoding) []protocol.Diagnostic {
	findings, kept := s.steadyFindings(fr, doc)
	if len(findings) == 0 {
		return []protocol.Diagnostic{}
	}
	w := findingWriter{s: s, res: res, m: mapperFor(fr, doc), enc: enc} // diagjson.go
	out := make([]protocol.Diagnostic, 0, len(findings))
	for i, f := range findings {
		if !f.Silenced {
			out = append(out, w.diagnostic(f, i >= len(findings)-kept))
		}
	}
	return out
}

// relatedMapper finds the text of another file as the analysis saw it.
func (s *Server) relatedMapper(res *engine.Result, path string) *mapper {
	if fr := res.Files[path]; fr != nil {
		return newMapper(fr.Text)
	}
	if text, ok := res.Text(path); ok {
		return newMapper(text)
	}
	return nil
}

func toDiagnostic(f diagnostics.Finding, m *mapper, enc posEncoding) protocol.Diagnostic {
	data, _ := json.Marshal(diagnosticData{
		DjangoCheck: f.DjangoCheck, Setting: f.Setting, Name: f.Name,
		Start: f.Start, End: f.End,
	})
	d := protocol.Diagnostic{
		Range:           toRange(m, f.Start, f.End, enc),
		Severity:        toSeverity(f.Severity),
		Code:            protocol.String(f.Code),
		CodeDescription: protocol.CodeDescription{Href: uri.URI(ruleURL(f.Code))},
		Source:          protocol.NewOptional("djls"),
		Message:         protocol.String(f.Message),
		Data:            data,
	}
	var tags []protocol.DiagnosticTag
	for _, t := range f.Tags {
		if v, ok := protocolTag(t); ok {
			tags = append(tags, v)
		}
	}
	if len(tags) > 0 {
		d.Tags = protocol.NewDiagnosticTags(tags...)
	}
	return d
}

// protocolTag is the LSP tag of a finding's tag; false for one LSP has
// no tag for.
func protocolTag(t diagnostics.Tag) (protocol.DiagnosticTag, bool) {
	switch t {
	case diagnostics.TagUnnecessary:
		return protocol.DiagnosticTagUnnecessary, true
	case diagnostics.TagDeprecated:
		return protocol.DiagnosticTagDeprecated, true
	}
	return 0, false
}

func toRange(m *mapper, start, end int, enc posEncoding) protocol.Range {
	sl, sc := m.Position(start, enc)
	el, ec := m.Position(end, enc)
	return protocol.Range{
		Start: protocol.Position{Line: uint32(sl), Character: uint32(sc)},
		End:   protocol.Position{Line: uint32(el), Character: uint32(ec)},
	}
}

func toSeverity(s diagnostics.Severity) protocol.DiagnosticSeverity {
	switch s {
	case diagnostics.Error:
		return protocol.DiagnosticSeverityError
	case diagnostics.Warning:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityInformation
}

// fileAnalysis is one file as a request sees it: the newest analysis that
// covers the document as it is open now, and a mapper over the analysed text.
type fileAnalysis struct {
	path    string
	folder  *folder
	a       *analysis
	file    *engine.FileResult // nil when the engine did not judge the file
	m       *mapper
	doc     *document // the open document analysed, when it is still open
	version int32     // the analysed overlay version, 0 for a disk file
}

// analysisOf waits (off the read loop) for an analysis of u's current state:
// one whose snapshot saw the document's last event (its open, last change,
// or close), so an answer never comes from a buffer since closed, even when
// a reopened one restarts at the same version.
func (s *Server) analysisOf(ctx context.Context, u uri.URI) (*fileAnalysis, error) {
	path := uriPath(u)
	if path == "" {
		return nil, invalidParams("textDocument.uri %q is not a file URI", u)
	}
	s.mu.Lock()
	doc := s.docs[path]
	need := s.closedAt[path]
	if doc != nil {
		need = doc.seq
	}
	s.mu.Unlock()
	f := s.folderFor(path)
	jsonrpc2.Async(ctx)
	if s.hooks != nil && s.hooks.afterRelease != nil {
		s.hooks.afterRelease(ctx)
	}
	a, err := f.waitFor(ctx, need)
	if ctx.Err() != nil {
		return nil, protocol.ErrRequestCancelled
	}
	if err != nil {
		return nil, err
	}
	if a.err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "analysis failed: %v", a.err)
	}
	stamp, open := a.docs[path]
	fa := &fileAnalysis{path: path, folder: f, a: a, file: a.result.Files[path], version: stamp.version}
	if open && stamp.big {
		fa.file = nil // the result is of the file on disk, not of this text
	}
	if doc != nil && open && doc.seq == stamp.seq {
		fa.doc = doc
	}
	if fa.file != nil {
		fa.m = mapperFor(fa.file, fa.doc)
	}
	return fa, nil
}

func handleDiagnostic(s *Server, ctx context.Context, p *protocol.DocumentDiagnosticParams) (any, error) {
	fa, err := s.analysisOf(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	items := []protocol.Diagnostic{}
	enc := s.capabilities().enc
	if fa.file != nil {
		items = s.toDiagnostics(fa.a.result, fa.file, fa.doc, enc)
	}
	items = append(items, s.configDiagnostics(fa.folder, map[string]*document{fa.path: fa.doc}, enc)[fa.path]...)
	return &protocol.RelatedFullDocumentDiagnosticReport{
		FullDocumentDiagnosticReport: protocol.FullDocumentDiagnosticReport{Kind: "full", Items: items},
	}, nil
}

// ruleURL links a rule to its documentation.
func ruleURL(code string) string { return docs.URL(code) }
