package engine

import (
	"cmp"
	"slices"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/finding"
)

// An analysis collects every rule's findings in one list, then hands each
// file a list of its own: the first list is scratch, and a keystroke used
// to allocate it anew (~1 KB for a 200-line module), and a new list for
// every file with findings, although a file whose findings did not change
// ends up with the last analysis's list (findingshare.go). Analyses of a
// workspace run one at a time (w.mu), so the scratch is kept between them.

// findingScratch is what an analysis reuses of the one before.
type findingScratch struct {
	findings []diagnostics.Finding // every rule's findings, before grouping
	order    []int32               // findings' indices in file order
	at       map[findingKey]int    // postProcess's index of findings by key
}

// findingIndex returns postProcess's index, empty.
func (w *workspaceState) findingIndex(n int) map[findingKey]int {
	at := w.scratch.at
	w.scratch.at = nil
	if at == nil {
		return make(map[findingKey]int, n)
	}
	clear(at)
	return at
}

// takeFindings returns an empty list with room for n findings.
func (w *workspaceState) takeFindings(n int) []diagnostics.Finding {
	s := w.scratch.findings
	w.scratch.findings = nil // an analysis cut short keeps its own
	if cap(s) < n {
		return make([]diagnostics.Finding, 0, n)
	}
	return s
}

// putFindings keeps s for the next analysis, once no file's list refers
// to it.
func (w *workspaceState) putFindings(s []diagnostics.Finding) {
	clear(s) // no old messages held for nothing
	w.scratch.findings = s[:0]
}

// groupFindings gives each file its findings, sorted by start and code
// (ties in the order found), as a list of its own, or as the last
// analysis's list when they are the same findings.
func (a *analysis) groupFindings(findings []diagnostics.Finding, file func(string) *FileResult) {
	order := a.w.scratch.order[:0]
	for i := range findings {
		order = append(order, int32(i))
	}
	slices.SortFunc(order, func(i, j int32) int {
		x, y := &findings[i], &findings[j]
		return cmp.Or(strings.Compare(x.Path, y.Path), cmp.Compare(x.Start, y.Start), strings.Compare(x.Code, y.Code), cmp.Compare(i, j))
	})
	for start := 0; start < len(order); {
		path := findings[order[start]].Path
		end := start + 1
		for end < len(order) && findings[order[end]].Path == path {
			end++
		}
		fr := file(path)
		if last := a.w.lastFound[path]; sameFindings(last, findings, order[start:end]) {
			fr.Findings = last
		} else {
			fr.Findings = make([]diagnostics.Finding, 0, end-start)
			for _, i := range order[start:end] {
				fr.Findings = append(fr.Findings, findings[i])
			}
		}
		start = end
	}
	a.w.scratch.order = order[:0]
}

// sameFindings reports whether list holds the findings at the given
// indices, in that order.
func sameFindings(list, findings []diagnostics.Finding, indices []int32) bool {
	if len(list) != len(indices) {
		return false
	}
	for k, i := range indices {
		if !finding.Equal(list[k], findings[i]) {
			return false
		}
	}
	return true
}
