package engine

import (
	"slices"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/finding"
)

// An editor re-analyses the workspace on every keystroke, and every file's
// findings came out as a new list, although only the edited module's had
// changed; the language server keeps the lists it built diagnostics from
// (its memo, steady.go), so each open module's findings were held twice:
// as the server last used them, and in the latest result. A file whose
// findings equal the last analysis's gets that list back instead.

// lastFindings maps a path to its findings in the last analysis's result.
type lastFindings map[string][]diagnostics.Finding

// shareUnchanged gives each file of r whose findings equal those of the
// last analysis that list, and keeps r's lists for the next analysis.
// Lists are never written once in a result, so sharing them is safe.
func (a *analysis) shareUnchanged(r *Result) {
	if a.w.lastFound == nil {
		a.w.lastFound = lastFindings{}
	}
	last := a.w.lastFound // updated in place: a keystroke allocates nothing here
	for p, f := range r.Files {
		// groupFindings already gave most files the last list back: only
		// the others are compared.
		if prev, ok := last[p]; ok && !sameList(prev, f.Findings) && slices.EqualFunc(prev, f.Findings, finding.Equal) {
			f.Findings = prev
		}
		last[p] = f.Findings
	}
	for p := range last {
		if r.Files[p] == nil {
			delete(last, p)
		}
	}
}

// sameList reports whether a and b are the very same list.
func sameList(a, b []diagnostics.Finding) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
