package lsp

// The order, titles and uniqueness of one code action response: a
// diagnostic's fix comes first and is the preferred one (Ctrl+. Enter
// fixes, never suppresses), then fix-all and the production block, then
// the suppressions, grouped last. Titles name the rule, and every unsafe
// action says so.

import (
	"encoding/json"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/djls-dev/djls/internal/fix"
)

// actionList collects a response's actions in three groups and drops an
// action whose title and edit are already in it (the production block is
// offered for each absence finding and as a source action).
type actionList struct {
	fixes, source, suppressions []protocol.CommandOrCodeAction
	seen                        map[string]*protocol.CodeAction
}

// add appends a to its group unless an equal action is already listed; a
// listed one becomes preferred when a is (the block is offered first for a
// finding with a fix of its own, then for one it is the fix of).
func (l *actionList) add(group *[]protocol.CommandOrCodeAction, a *protocol.CodeAction) {
	edit, _ := json.Marshal(a.Edit)
	key := a.Title + "\x00" + string(edit)
	if l.seen == nil {
		l.seen = map[string]*protocol.CodeAction{}
	}
	if listed := l.seen[key]; listed != nil {
		if a.IsPreferred != nil && *a.IsPreferred {
			listed.IsPreferred = a.IsPreferred
		}
		return
	}
	l.seen[key] = a
	*group = append(*group, a)
}

func (l *actionList) all() []protocol.CommandOrCodeAction {
	out := append([]protocol.CommandOrCodeAction{}, l.fixes...)
	out = append(out, l.source...)
	return append(out, l.suppressions...)
}

// isSuppression reports whether fx is the engine's "suppress on this line".

// actionTitle is fx's title as editors show it: prefixed with djls and the
// rule, and marked unsafe when the fix is and its title does not say so.
func actionTitle(fx fix.Fix) string {
	title := fx.Title
	if fx.Suppresses() {
		title = "Suppress on this line" // the rule is in the prefix
	}
	if !fx.Safe && !strings.Contains(title, "unsafe") {
		title += " (unsafe)"
	}
	if fx.Code == "" {
		return "djls: " + title
	}
	return "djls (" + fx.Code + "): " + title
}
