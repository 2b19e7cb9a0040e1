package report

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/djls-dev/djls/internal/finding"
)

// The finding for a settings module that could not be judged (unreadable,
// over the size limit, not decodable). It is not a rule of the catalog,
// which judges settings that were read, but it is reported like one, in
// every format, and fails the run at the default --fail-on: a module that
// cannot be read hides every finding it has.
const (
	UnjudgedCode    = "DJS000"
	UnjudgedName    = "settings-not-checked"
	UnjudgedSummary = "a settings module could not be read, so none of its settings were checked"
)

// Unjudged is the finding for a settings module that could not be judged
// for reason, at its first line.
func Unjudged(path, relPath, reason string) Item {
	it := Item{
		Finding: finding.Finding{
			Code: UnjudgedCode, Name: UnjudgedName, Severity: finding.Error,
			Location: finding.Location{Path: path},
		},
		RelPath: relPath, Line: 1, Column: 1, EndLine: 1, EndColumn: 1,
	}
	it.Message, it.Detail = notChecked("Settings module not checked ("+reason+")", "Settings module not checked", reason)
	it.Detail = strings.TrimSpace(it.Detail + " Any findings in it go unreported.")
	return it
}

// NotRead is the information finding for a settings module in a form djls
// does not read (a django-configurations class it cannot follow, settings
// written by exec): same code, so one rule covers "not checked".
func NotRead(path, relPath, reason string) Item {
	it := Unjudged(path, relPath, reason)
	it.Severity = finding.Info
	it.Message, it.Detail = notChecked("Settings module not checked: "+reason, "Settings module not checked", reason)
	if rest, ok := strings.CutPrefix(reason, "judged in part"); ok {
		it.Message, it.Detail = notChecked("Settings module "+reason, "Settings module judged in part", strings.TrimLeft(rest, ": "))
	}
	return it
}

// notChecked is the headline full when it fits the limit, else short, with
// the reason as the detail.
func notChecked(full, short, reason string) (headline, detail string) {
	if utf8.RuneCountInString(full) <= finding.MaxHeadline {
		return full, ""
	}
	if reason != "" {
		r, n := utf8.DecodeRuneInString(reason)
		reason = string(unicode.ToUpper(r)) + reason[n:] + "."
	}
	return short, reason
}
