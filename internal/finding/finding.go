// Package finding holds what a rule reports, apart from the rules: a
// Finding with its Severity, byte Location and Related places. It is pure Go
// and imports nothing of djls, so the output packages (internal/report)
// need neither the rules nor a C compiler.
package finding

import "fmt"

// Severity orders findings; the zero value is invalid.
type Severity int

const (
	Info Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return "unknown"
}

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// Tag marks findings that editors render specially.
type Tag int

const (
	TagUnnecessary Tag = iota + 1 // code that has no effect (rendered faded)
	TagDeprecated                 // obsolete (rendered struck through)
)

// Location is a byte range in one file.
type Location struct {
	Path       string // absolute path
	Start, End int    // byte offsets into the file's text
}

// Related points at another place that explains a finding, such as the
// base.py line an inherited value comes from.
type Related struct {
	Location
	Message string
}

// MaxHeadline is the longest a finding's headline may be, in characters:
// what VS Code's Problems panel and Neovim's virtual text show uncut.
const MaxHeadline = 100

// Finding is one reported problem.
type Finding struct {
	Code        string // rule ID, e.g. "DJS001"
	Name        string // rule name, e.g. "debug-enabled"
	Severity    Severity
	DjangoCheck string // the Django check this finding equals, e.g. "security.W018"; "" when none
	Location
	// Message is the headline: one line, under MaxHeadline characters, in
	// sentence case, the setting first where there is one, saying what is
	// wrong. Editors show it in lists that cut long lines.
	Message string
	// Detail is the rest: why it matters in production, how the value gets
	// there, what an attacker could do. Shown under the headline (CLI),
	// in related information and hover (LSP), in properties (SARIF).
	Detail   string
	Setting  string // the setting the finding is about, when there is one
	Related  []Related
	Tags     []Tag
	Silenced bool // silenced by SILENCED_SYSTEM_CHECKS (kept for --show-silenced)
	// Absence: reported because a setting is not set (a missing-setting
	// rule). Such rules are silent on a module with syntax errors, so an
	// editor keeps the last ones while a statement is half-typed.
	Absence bool
	// Root is the judged settings module the finding was found through
	// (for a value written in a fragment, not the file it sits in).
	Root string
}
