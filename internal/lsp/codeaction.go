package lsp

// Code actions: the engine's fixes (quick fixes, suppressions, fix-all, the
// production security block) mapped to versioned WorkspaceEdits.

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/fix"
)

const (
	kindFixAll          = protocol.CodeActionKind(fix.KindFixAll)
	kindProductionBlock = protocol.CodeActionKind(fix.KindProductionBlock)
)

// kindWanted reports whether kind passes the client's `only` filter: a kind
// matches an entry equal to it or to one of its dot-separated prefixes.
func kindWanted(only []protocol.CodeActionKind, kind protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if kind == o || strings.HasPrefix(string(kind), string(o)+".") {
			return true
		}
	}
	return false
}

func handleCodeAction(s *Server, ctx context.Context, p *protocol.CodeActionParams) (any, error) {
	fa, err := s.analysisOf(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	if fa.file == nil {
		return []protocol.CommandOrCodeAction{}, nil
	}
	enc := s.capabilities().enc
	res := fa.a.result
	only := p.Context.Only
	start := fa.m.Offset(int(p.Range.Start.Line), int(p.Range.Start.Character), enc)
	end := fa.m.Offset(int(p.Range.End.Line), int(p.Range.End.Character), enc)

	// The production block is built at most once per request.
	var block *fix.Fix
	blockBuilt := false
	productionBlock := func() *fix.Fix {
		if !blockBuilt {
			block, blockBuilt = res.ProductionBlock(fa.path), true
		}
		return block
	}
	var actions actionList
	if kindWanted(only, protocol.CodeActionKindQuickFix) {
		for _, f := range fa.file.Findings {
			if f.Silenced || !s.findingSelected(f, start, end, p.Context.Diagnostics) {
				continue
			}
			diag := toDiagnostic(f, fa.m, enc)
			ownFix := false
			for _, fx := range res.FixesFor(f) {
				if fx.Suppresses() {
					actions.add(&actions.suppressions, s.toCodeAction(fa, fx, protocol.CodeActionKindQuickFix, diag))
					continue
				}
				ownFix = true
				actions.add(&actions.fixes, s.toCodeAction(fa, fx, protocol.CodeActionKindQuickFix, diag))
			}
			if engine.OffersProductionBlock(f.Code) {
				if fx := productionBlock(); fx != nil {
					// An absence finding has no fix of its own: the block
					// is its fix, and the preferred one.
					b := *fx
					b.Preferred = !ownFix
					actions.add(&actions.fixes, s.toCodeAction(fa, b, protocol.CodeActionKindQuickFix, diag))
				}
			}
		}
	}
	// Source actions re-judge the workspace (fix-all once per fix round):
	// not on the automatic requests a client makes as the cursor moves,
	// only when asked for or invoked.
	automatic := p.Context.TriggerKind == protocol.CodeActionTriggerKindAutomatic && len(only) == 0
	if kindWanted(only, kindFixAll) && !automatic && s.fixAllOffered() {
		if fx := res.FixAllContext(ctx, fa.path, false); fx != nil {
			actions.add(&actions.source, s.toCodeAction(fa, *fx, kindFixAll))
		}
	}
	if kindWanted(only, kindProductionBlock) && !automatic {
		if fx := productionBlock(); fx != nil {
			actions.add(&actions.source, s.toCodeAction(fa, *fx, kindProductionBlock))
		}
	}
	return actions.all(), nil
}

// findingSelected: the finding touches the requested range, or is one of
// the diagnostics the client sent (matched by the byte range in its data).
func (s *Server) findingSelected(f diagnostics.Finding, start, end int, sent []protocol.Diagnostic) bool {
	if f.Start <= end && start <= f.End {
		return true
	}
	for _, d := range sent {
		var data diagnosticData
		if len(d.Data) > 0 && json.Unmarshal(d.Data, &data) == nil &&
			data.Start == f.Start && data.End == f.End && d.Code == protocol.String(f.Code) {
			return true
		}
	}
	return false
}

func (s *Server) toCodeAction(fa *fileAnalysis, fx fix.Fix, kind protocol.CodeActionKind, diags ...protocol.Diagnostic) *protocol.CodeAction {
	a := &protocol.CodeAction{
		Title:       actionTitle(fx),
		Kind:        &kind,
		Diagnostics: diags,
		Edit:        s.toWorkspaceEdit(fa, fx.Edits),
	}
	if fx.Preferred {
		a.IsPreferred = ptr(true)
	}
	return a
}

// toWorkspaceEdit maps byte-range edits, grouped per file, each bound to the
// version the engine analysed (null for files read from disk).
func (s *Server) toWorkspaceEdit(fa *fileAnalysis, edits []fix.Edit) *protocol.WorkspaceEdit {
	enc := s.capabilities().enc
	versioned := s.capabilities().documentChanges
	byPath := map[string][]fix.Edit{}
	var paths []string
	for _, e := range edits {
		path := e.Path
		if path == "" {
			path = fa.path
		}
		if _, ok := byPath[path]; !ok {
			paths = append(paths, path)
		}
		byPath[path] = append(byPath[path], e)
	}
	sort.Strings(paths)
	we := &protocol.WorkspaceEdit{}
	for _, path := range paths {
		if fa.a.docs[path].big {
			continue // offsets of the file on disk would land anywhere in the open text
		}
		if untitledSibling(path) {
			continue // an untitled buffer's folder is a stand-in: nothing is written there
		}
		m, version, exists := s.editTarget(fa, path)
		u := s.fileURI(path)
		var textEdits []protocol.TextEdit
		for _, e := range byPath[path] {
			textEdits = append(textEdits, protocol.TextEdit{Range: toRange(m, e.Start, e.End, enc), NewText: e.NewText})
		}
		if !versioned {
			if we.Changes == nil {
				we.Changes = map[uri.URI][]protocol.TextEdit{}
			}
			we.Changes[u] = textEdits
			continue
		}
		if !exists {
			we.DocumentChanges = append(we.DocumentChanges, &protocol.CreateFile{Kind: "create", URI: u, Options: &protocol.CreateFileOptions{IgnoreIfExists: ptr(true)}})
		}
		tde := &protocol.TextDocumentEdit{TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}}}
		if version != 0 {
			tde.TextDocument.Version = ptr(version)
		}
		for i := range textEdits {
			tde.Edits = append(tde.Edits, &textEdits[i])
		}
		we.DocumentChanges = append(we.DocumentChanges, tde)
	}
	return we
}

// editTarget returns the mapper and version for the text the engine's edit
// offsets refer to: the text the analysis saw, never the disk as it is now.
func (s *Server) editTarget(fa *fileAnalysis, path string) (m *mapper, version int32, exists bool) {
	if path == fa.path && fa.m != nil {
		return fa.m, fa.version, true
	}
	if fr := fa.a.result.Files[path]; fr != nil {
		return newMapper(fr.Text), fa.a.docs[path].version, true
	}
	text, ok := fa.a.result.Text(path)
	return newMapper(text), fa.a.docs[path].version, ok
}
