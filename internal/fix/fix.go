// Package fix turns findings into edits: quick fixes, fix-all, the
// production security block and suppression comments. Every edit is exact
// (byte ranges into the text that was analysed), minimal and idempotent.
package fix

import "strings"

// Edit replaces [Start, End) of the file at Path with NewText.
type Edit struct {
	Path       string
	Start, End int
	NewText    string
}

// Kind says where an editor shows a fix.
type Kind string

const (
	KindQuickFix        Kind = "quickfix"
	KindFixAll          Kind = "source.fixAll.djls"
	KindProductionBlock Kind = "source.djls.productionBlock"
)

// SuppressTitle is the title of the fix that suppresses code on its line.
// Editors list it apart from real fixes (last, grouped) and the review
// does not show it as a fix: Suppresses tells it from the others.
func SuppressTitle(code string) string { return suppressPrefix + code + " on this line" }

const suppressPrefix = "Suppress "

// Suppresses reports whether fx is a suppression, not a fix.
func (fx Fix) Suppresses() bool { return strings.HasPrefix(fx.Title, suppressPrefix) }

// Fix is one action a user can take.
type Fix struct {
	Title string
	Kind  Kind
	Code  string // rule ID the fix is for, "" for source actions
	// Safe fixes keep behaviour a developer relies on and may run in fix-all;
	// unsafe ones (e.g. requiring a secret that had a default) are offered
	// one at a time and say so in their title.
	Safe      bool
	Preferred bool
	Edits     []Edit
}
