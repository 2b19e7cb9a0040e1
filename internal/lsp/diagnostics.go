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
	"os"
	"path/filepath"
	"sort"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/djls-dev/djls/docs"
	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/project"
)

// published remembers the last publish for one file, so unchanged results
// are not sent again and vanished files are cleared.
type published struct {
	version int32
	sum     uint64
	folder  *folder
	empty   bool
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
}

// snapshot copies the open documents of f: immutable values, so analysis
// can run while the next edit is applied. Documents over the size limit are
// left out of the overlays (and listed in big): like a file on disk over
// the limit, they are not judged.
func (s *Server) snapshot(f *folder) (overlays map[string]engine.Overlay, versions map[string]int32, big []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	overlays = make(map[string]engine.Overlay, len(s.docs))
	versions = make(map[string]int32, len(s.docs))
	for path, d := range s.docs {
		if f.contains(path) {
			versions[path] = d.version
			if d.tooBig {
				big = append(big, path)
				continue
			}
			overlays[path] = d.overlay()
		}
	}
	return overlays, versions, big
}

func (s *Server) analyzeOnce(f *folder) {
	ws := f.workspace()
	if ws == nil || s.ctx.Err() != nil {
		return
	}
	overlays, versions, big := s.snapshot(f)
	res, err := ws.Analyze(s.ctx, overlays)
	a := &analysis{result: res, err: err, versions: versions}
	if err != nil {
		if s.ctx.Err() == nil {
			s.log.Warn("analysis failed", zap.String("root", f.root), zap.Error(err))
		}
	} else {
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

// publish sends publishDiagnostics for every file of the result whose
// diagnostics (or, for an open document, version) changed, skipping open
// documents edited since the snapshot: a newer analysis is on its way.
func (s *Server) publish(f *folder, a *analysis) {
	f.pubMu.Lock()
	defer f.pubMu.Unlock()
	if f.removed {
		return // removeFolder cleared what it published
	}
	s.mu.Lock()
	pull := s.caps.pullDiagnostics
	enc := s.caps.enc
	s.mu.Unlock()
	refresh := false
	seen := map[string]bool{}
	paths := make([]string, 0, len(a.result.Files))
	for path := range a.result.Files {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		fr := a.result.Files[path]
		if s.folderFor(path) != f {
			continue // a nested folder publishes it
		}
		s.mu.Lock()
		doc := s.docs[path]
		s.mu.Unlock()
		if doc != nil && doc.tooBig {
			continue // not judged: the findings are of the file on disk; cleared below
		}
		seen[path] = true
		if doc != nil && doc.version != a.versions[path] {
			continue // stale
		}
		if doc == nil && a.versions[path] != 0 {
			continue // closed since the snapshot; the close scheduled a new analysis
		}
		diags := s.toDiagnostics(a.result, fr, doc, enc)
		sum := checksum(diags)
		s.mu.Lock()
		prev, had := s.published[path]
		send := !had || prev.sum != sum || (doc != nil && prev.version != doc.version)
		if !had && len(diags) == 0 && doc == nil {
			send = false // nothing to say about a clean file on disk
		}
		version := int32(0)
		if doc != nil {
			version = doc.version
		}
		pulled := pull && doc != nil
		if send {
			s.published[path] = published{version: version, sum: sum, folder: f, empty: len(diags) == 0, pushed: !pulled && len(diags) > 0}
		}
		s.mu.Unlock()
		if !send {
			continue
		}
		if pulled {
			// The client pulls open documents itself; it only needs telling
			// when one changed because of another file. Findings pushed
			// while the file was closed must go, or a client that keeps
			// pushed and pulled diagnostics apart (VS Code) shows both.
			if had && prev.pushed {
				s.send(path, doc, nil)
			}
			refresh = refresh || (had && prev.version == doc.version)
			continue
		}
		s.send(path, doc, diags)
	}
	// Open documents the engine does not judge (an __init__.py, a module
	// that is not settings) still get a versioned, empty publish.
	s.mu.Lock()
	var unjudged []*document
	for path, doc := range s.docs {
		if !seen[path] && a.versions[path] == doc.version && s.ownerLocked(path) == f {
			prev, had := s.published[path]
			if !had || prev.version != doc.version || !prev.empty {
				s.published[path] = published{version: doc.version, sum: checksum(nil), folder: f, empty: true}
				unjudged = append(unjudged, doc)
			}
			seen[path] = true
		}
	}
	s.mu.Unlock()
	for _, doc := range unjudged {
		if !pull && s.folderFor(doc.path) == f {
			s.send(doc.path, doc, nil)
		}
	}
	// Files that left the result (deleted, or now outside the project).
	s.mu.Lock()
	var gone []string
	for path, p := range s.published {
		if p.folder == f && !seen[path] && !p.empty {
			gone = append(gone, path)
			s.published[path] = published{folder: f, empty: true}
		}
	}
	s.mu.Unlock()
	for _, path := range gone {
		s.send(path, nil, nil)
	}
	if refresh {
		s.mu.Lock()
		canRefresh := s.caps.diagnosticRefresh
		s.mu.Unlock()
		if canRefresh {
			go func() { _ = s.client.DiagnosticRefresh(s.ctx) }()
		}
	}
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

func checksum(diags []protocol.Diagnostic) uint64 {
	raw, _ := protocol.Marshal(diags)
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
	if len(fr.Findings) == 0 {
		return []protocol.Diagnostic{}
	}
	m := mapperFor(fr, doc)
	others := map[string]*mapper{}
	out := make([]protocol.Diagnostic, 0, len(fr.Findings))
	for _, f := range fr.Findings {
		if f.Silenced {
			continue
		}
		d := toDiagnostic(f, m, enc)
		for _, rel := range f.Related {
			rm := others[rel.Path]
			if rm == nil {
				rm = s.relatedMapper(res, rel.Path)
				others[rel.Path] = rm
			}
			if rm == nil {
				continue
			}
			d.RelatedInformation = append(d.RelatedInformation, protocol.DiagnosticRelatedInformation{
				Location: protocol.Location{URI: s.fileURI(rel.Path), Range: toRange(rm, rel.Start, rel.End, enc)},
				Message:  rel.Message,
			})
		}
		out = append(out, d)
	}
	return out
}

// relatedMapper finds the text of another file: from the result, an open
// document, or the disk.
func (s *Server) relatedMapper(res *engine.Result, path string) *mapper {
	if fr := res.Files[path]; fr != nil {
		return newMapper(fr.Text)
	}
	s.mu.Lock()
	doc := s.docs[path]
	s.mu.Unlock()
	if doc != nil {
		return doc.m
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return newMapper(text)
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
		switch t {
		case diagnostics.TagUnnecessary:
			tags = append(tags, protocol.DiagnosticTagUnnecessary)
		case diagnostics.TagDeprecated:
			tags = append(tags, protocol.DiagnosticTagDeprecated)
		}
	}
	if len(tags) > 0 {
		d.Tags = protocol.NewDiagnosticTags(tags...)
	}
	return d
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
// covers the document's version, and a mapper over the analysed text.
type fileAnalysis struct {
	path    string
	folder  *folder
	a       *analysis
	file    *engine.FileResult // nil when the engine did not judge the file
	m       *mapper
	version int32 // the analysed overlay version, 0 for a disk file
}

// analysisOf waits (off the read loop) for an analysis of u at least as new
// as the document's current version.
func (s *Server) analysisOf(ctx context.Context, u uri.URI) (*fileAnalysis, error) {
	path := uriPath(u)
	if path == "" {
		return nil, invalidParams("textDocument.uri %q is not a file URI", u)
	}
	s.mu.Lock()
	doc := s.docs[path]
	s.mu.Unlock()
	f := s.folderFor(path)
	version := int32(0)
	if doc != nil {
		version = doc.version
	}
	jsonrpc2.Async(ctx)
	if s.hooks != nil && s.hooks.afterRelease != nil {
		s.hooks.afterRelease(ctx)
	}
	a, err := f.waitFor(ctx, path, version)
	if ctx.Err() != nil {
		return nil, protocol.ErrRequestCancelled
	}
	if err != nil {
		return nil, err
	}
	if a.err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "analysis failed: %v", a.err)
	}
	fa := &fileAnalysis{path: path, folder: f, a: a, file: a.result.Files[path], version: a.versions[path]}
	if doc != nil && doc.tooBig {
		fa.file = nil // the result is of the file on disk, not of this text
	}
	if fa.file != nil {
		if doc != nil && doc.version != fa.version {
			doc = nil
		}
		fa.m = mapperFor(fa.file, doc)
	}
	return fa, nil
}

func handleDiagnostic(s *Server, ctx context.Context, p *protocol.DocumentDiagnosticParams) (any, error) {
	fa, err := s.analysisOf(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	enc := s.caps.enc
	doc := s.docs[fa.path]
	s.mu.Unlock()
	items := []protocol.Diagnostic{}
	if fa.file != nil {
		if doc != nil && doc.version != fa.version {
			doc = nil
		}
		items = s.toDiagnostics(fa.a.result, fa.file, doc, enc)
	}
	return &protocol.RelatedFullDocumentDiagnosticReport{
		FullDocumentDiagnosticReport: protocol.FullDocumentDiagnosticReport{Kind: "full", Items: items},
	}, nil
}

// ruleURL links a rule to its documentation.
func ruleURL(code string) string { return docs.URL(code) }
