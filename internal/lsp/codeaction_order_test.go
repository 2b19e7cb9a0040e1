package lsp

import (
	"fmt"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/rules"
)

// invokedActions asks for every action on d's range, as Ctrl+. does.
func invokedActions(t *testing.T, c *testClient, u uri.URI, d protocol.Diagnostic) []protocol.CodeAction {
	t.Helper()
	var actions []protocol.CodeAction
	c.callOK(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Range:        d.Range,
		Context:      protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{d}, TriggerKind: protocol.CodeActionTriggerKindInvoked},
	}, &actions)
	return actions
}

// checkActionOrder: the first action is the preferred fix, suppressions
// come last, every title is prefixed with djls, and none appears twice.
func checkActionOrder(t *testing.T, actions []protocol.CodeAction, wantFirst string) {
	t.Helper()
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Title)
	}
	if len(actions) == 0 {
		t.Fatal("no code actions")
	}
	if actions[0].Title != wantFirst || actions[0].IsPreferred == nil || !*actions[0].IsPreferred {
		t.Errorf("first action = %q (preferred %v), want preferred %q; all: %q", actions[0].Title, actions[0].IsPreferred, wantFirst, titles)
	}
	seen := map[string]bool{}
	suppressing := false
	for _, a := range actions {
		if seen[a.Title] {
			t.Errorf("%q offered twice: %q", a.Title, titles)
		}
		seen[a.Title] = true
		if !strings.HasPrefix(a.Title, "djls") {
			t.Errorf("%q: title not prefixed with djls", a.Title)
		}
		isSuppress := strings.HasSuffix(a.Title, "Suppress on this line")
		if suppressing && !isSuppress {
			t.Errorf("%q comes after a suppression: %q", a.Title, titles)
		}
		suppressing = suppressing || isSuppress
		if isSuppress && a.IsPreferred != nil && *a.IsPreferred {
			t.Errorf("%q is preferred", a.Title)
		}
	}
	if !suppressing {
		t.Errorf("no suppression offered: %q", titles)
	}
}

func TestCodeActionOrderOnAbsenceFinding(t *testing.T) {
	c, u, _, diags := openEmining(t)
	d, ok := firstWithCode(diags, "DJS101")
	if !ok {
		t.Fatal("no DJS101 on emining/settings.py")
	}
	actions := invokedActions(t, c, u, d)
	checkActionOrder(t, actions, "djls: "+fix.ProductionBlockTitle)
	if !strings.Contains(actions[0].Title, "unsafe") {
		t.Errorf("block title %q does not say unsafe", actions[0].Title)
	}
	if want := "djls (DJS101): Suppress on this line"; actions[len(actions)-1].Title != want && !hasTitle(actions, want) {
		t.Errorf("no %q", want)
	}
}

func TestCodeActionOrderOnDebug(t *testing.T) {
	c, u, _, diags := openEmining(t)
	d, ok := firstWithCode(diags, "DJS001")
	if !ok {
		t.Fatal("no DJS001 on emining/settings.py")
	}
	actions := invokedActions(t, c, u, d)
	// The DEBUG fix flips what runserver does: unsafe (fix-all leaves it),
	// but asked for here, so listed first and preferred.
	want := "djls (DJS001): " + rules.DebugTitle + " (unsafe)"
	if actions[0].Title != want || actions[0].IsPreferred == nil || !*actions[0].IsPreferred {
		t.Errorf("first action = %q (preferred %v), want %q, preferred", actions[0].Title, actions[0].IsPreferred, want)
	}
	if !hasTitle(actions, "djls (DJS001): Suppress on this line") {
		t.Errorf("no DJS001 suppression")
	}
}

func TestActionTitle(t *testing.T) {
	for _, tc := range []struct {
		fx   fix.Fix
		want string
	}{
		{fix.Fix{Title: "Read DEBUG", Code: "DJS001", Safe: true}, "djls (DJS001): Read DEBUG"},
		{fix.Fix{Title: "Suppress DJS001 on this line", Code: "DJS001", Safe: true}, "djls (DJS001): Suppress on this line"},
		{fix.Fix{Title: "Remove X", Code: "DJS005"}, "djls (DJS005): Remove X (unsafe)"},
		{fix.Fix{Title: "Require K (unsafe: start-up fails)", Code: "DJS002"}, "djls (DJS002): Require K (unsafe: start-up fails)"},
		{fix.Fix{Title: fix.ProductionBlockTitle}, "djls: " + fix.ProductionBlockTitle},
	} {
		if got := actionTitle(tc.fx); got != tc.want {
			t.Errorf("actionTitle(%q) = %q, want %q", tc.fx.Title, got, tc.want)
		}
	}
}

func firstWithCode(diags []protocol.Diagnostic, code string) (protocol.Diagnostic, bool) {
	for _, d := range diags {
		if diagCode(d) == code {
			return d, true
		}
	}
	return protocol.Diagnostic{}, false
}

func hasTitle(actions []protocol.CodeAction, title string) bool {
	for _, a := range actions {
		if a.Title == title {
			return true
		}
	}
	return false
}

// TestActionListDedupes: an action with the same title and edit is listed
// once, in the place it was first added, and preferred if either was.
func TestActionListDedupes(t *testing.T) {
	edit := func(text string) *protocol.WorkspaceEdit {
		return &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{"file:///s.py": {{NewText: text}}}}
	}
	var l actionList
	l.add(&l.fixes, &protocol.CodeAction{Title: "djls: block", Edit: edit("B")})
	l.add(&l.suppressions, &protocol.CodeAction{Title: "djls (DJS101): Suppress on this line", Edit: edit("S")})
	l.add(&l.source, &protocol.CodeAction{Title: "djls: block", Edit: edit("B")})
	l.add(&l.fixes, &protocol.CodeAction{Title: "djls: block", Edit: edit("B"), IsPreferred: ptr(true)})
	l.add(&l.fixes, &protocol.CodeAction{Title: "djls: block", Edit: edit("other")}) // another edit: kept
	var got []string
	for _, a := range l.all() {
		ca := a.(*protocol.CodeAction)
		got = append(got, fmt.Sprintf("%s %v", ca.Title, ca.IsPreferred != nil && *ca.IsPreferred))
	}
	want := []string{"djls: block true", "djls: block false", "djls (DJS101): Suppress on this line false"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("actions = %q, want %q", got, want)
	}
}
