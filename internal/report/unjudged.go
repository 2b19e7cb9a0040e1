package report

import (
	"strings"

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
	return Item{
		Finding: finding.Finding{
			Code: UnjudgedCode, Name: UnjudgedName, Severity: finding.Error,
			Location: finding.Location{Path: path},
			Message:  "settings module not checked (" + reason + "): any findings in it go unreported",
		},
		RelPath: relPath, Line: 1, Column: 1, EndLine: 1, EndColumn: 1,
	}
}

// NotRead is the information finding for a settings module in a form djls
// does not read (a django-configurations class it cannot follow, settings
// written by exec): same code, so one rule covers "not checked".
func NotRead(path, relPath, reason string) Item {
	it := Unjudged(path, relPath, reason)
	it.Severity = finding.Info
	it.Message = "settings module not checked: " + reason
	if strings.HasPrefix(reason, "judged in part") {
		it.Message = "settings module " + reason
	}
	return it
}
