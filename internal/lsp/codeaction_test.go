package lsp

import (
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/fix"
)

func TestWorkspaceEditMapping(t *testing.T) {
	dir := t.TempDir()
	settings := filepath.Join(dir, "settings.py")
	gitignore := filepath.Join(dir, ".gitignore") // not on disk: created by the edit
	text := []byte("X = \"😀\"\r\nDEBUG = True\r\n")
	s := newServer(Options{})
	s.caps.Store(&clientCaps{enc: encUTF16, documentChanges: true})
	doc := newDocument("file:///x", settings, 7, text)
	s.docs[settings] = doc
	fa := &fileAnalysis{
		path: settings,
		a: &analysis{
			result: &engine.Result{Files: map[string]*engine.FileResult{settings: {Path: settings, Text: text, Version: 7}}},
			docs:   map[string]docStamp{settings: {version: 7}},
		},
		m:       doc.m,
		version: 7,
	}
	fa.file = fa.a.result.Files[settings]
	we := s.toWorkspaceEdit(fa, []fix.Edit{
		{Path: settings, Start: 20, End: 24, NewText: "False"}, // True on line 1
		{Path: settings, Start: 5, End: 9, NewText: "x"},       // the emoji
		{Path: gitignore, Start: 0, End: 0, NewText: ".env\n"},
	})
	if len(we.DocumentChanges) != 3 {
		t.Fatalf("documentChanges = %d, want create + 2 edits", len(we.DocumentChanges))
	}
	create, ok := we.DocumentChanges[0].(*protocol.CreateFile)
	if !ok || create.URI != s.fileURI(gitignore) {
		t.Fatalf("first change = %#v, want CreateFile for .gitignore", we.DocumentChanges[0])
	}
	gi := we.DocumentChanges[1].(*protocol.TextDocumentEdit)
	if gi.TextDocument.Version != nil {
		t.Errorf(".gitignore edit bound to version %d, want null", *gi.TextDocument.Version)
	}
	st := we.DocumentChanges[2].(*protocol.TextDocumentEdit)
	if st.TextDocument.URI != "file:///x" || st.TextDocument.Version == nil || *st.TextDocument.Version != 7 {
		t.Errorf("settings edit target = %+v", st.TextDocument)
	}
	var got []string
	for _, e := range st.Edits {
		te := e.(*protocol.TextEdit)
		got = append(got, fmtRange(te.Range)+" "+te.NewText)
	}
	want := []string{"1:8-1:12 False", "0:5-0:7 x"}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("edits = %q, want %q", got, want)
	}

	// Without documentChanges support: plain changes by URI.
	caps := s.capabilities()
	caps.documentChanges = false
	s.caps.Store(&caps)
	we = s.toWorkspaceEdit(fa, []fix.Edit{{Path: settings, Start: 20, End: 24, NewText: "False"}})
	if edits := we.Changes["file:///x"]; len(edits) != 1 || fmtRange(edits[0].Range) != "1:8-1:12" {
		t.Errorf("changes = %+v", we.Changes)
	}
}

func TestKindFilter(t *testing.T) {
	for _, tc := range []struct {
		only []protocol.CodeActionKind
		kind protocol.CodeActionKind
		want bool
	}{
		{nil, kindFixAll, true},
		{[]protocol.CodeActionKind{"quickfix"}, "quickfix", true},
		{[]protocol.CodeActionKind{"quickfix"}, kindFixAll, false},
		{[]protocol.CodeActionKind{"source"}, kindFixAll, true},
		{[]protocol.CodeActionKind{"source.fixAll"}, kindFixAll, true},
		{[]protocol.CodeActionKind{"source.fixAll"}, kindProductionBlock, false},
		{[]protocol.CodeActionKind{"source.djls"}, kindProductionBlock, true},
		{[]protocol.CodeActionKind{"source.fix"}, kindFixAll, false},
	} {
		if got := kindWanted(tc.only, tc.kind); got != tc.want {
			t.Errorf("kindWanted(%v, %s) = %v, want %v", tc.only, tc.kind, got, tc.want)
		}
	}
}

// TestAutomaticCodeActionsSkipSourceActions: the lightbulb's automatic
// requests (no `only`) get quick fixes but not fix-all or the production
// block, which re-judge the workspace; an invoked request gets both (the
// block once: as the absence findings' quick fix, not again as a source
// action).
func TestAutomaticCodeActionsSkipSourceActions(t *testing.T) {
	c, u, _, _ := openEmining(t)
	kinds := func(trigger protocol.CodeActionTriggerKind) map[string]bool {
		var actions []protocol.CodeAction
		c.callOK(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: u},
			Range:        protocol.Range{End: protocol.Position{Line: 1000}},
			Context:      protocol.CodeActionContext{TriggerKind: trigger},
		}, &actions)
		out := map[string]bool{}
		for _, a := range actions {
			if a.Kind != nil {
				out[string(*a.Kind)] = true
			}
			out[a.Title] = true
		}
		return out
	}
	auto := kinds(protocol.CodeActionTriggerKindAutomatic)
	if auto[string(kindFixAll)] || auto[string(kindProductionBlock)] || !auto[string(protocol.CodeActionKindQuickFix)] {
		t.Errorf("automatic request got kinds %v, want quick fixes only", auto)
	}
	invoked := kinds(protocol.CodeActionTriggerKindInvoked)
	if !invoked[string(kindFixAll)] || !invoked["djls: "+fix.ProductionBlockTitle] {
		t.Errorf("invoked request got kinds %v, want fix-all and the production block too", invoked)
	}
}
