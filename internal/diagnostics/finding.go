// Package diagnostics is what rules judge with and report: the Context a
// check reads the judged module through, and the Finding it reports. The
// rules themselves live in internal/rules. Nothing here knows about LSP or
// the command line.
package diagnostics

import "github.com/djls-dev/djls/internal/finding"

// The types of a finding live in internal/finding, which needs no cgo; these
// names keep the rules' and the engine's spelling.
type (
	Severity = finding.Severity
	Tag      = finding.Tag
	Location = finding.Location
	Related  = finding.Related
	Finding  = finding.Finding
)

const (
	Info    = finding.Info
	Warning = finding.Warning
	Error   = finding.Error

	TagUnnecessary = finding.TagUnnecessary
	TagDeprecated  = finding.TagDeprecated
)

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) { return finding.ParseSeverity(s) }
