package engine

import (
	"maps"
	"slices"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/report"
)

// ReportOptions say which of a result's files a report lists and how.
type ReportOptions struct {
	// Rel names a file as the report shows it (relative to the working
	// directory or the project).
	Rel func(path string) string
	// Include reports whether a file is one asked for (nil: all are).
	Include func(path string) bool
	// ShowSilenced lists findings silenced by SILENCED_SYSTEM_CHECKS too.
	ShowSilenced bool
}

// ReportItems are a result as `djls check` and `djls report` list it.
type ReportItems struct {
	Items    []report.Item    // sorted by path, position, code
	Files    int              // judged files listed
	Silenced int              // silenced findings left out
	Skipped  []report.Skipped // files that could not be judged, and why
}

// Report lists the result: each judged file's findings (silenced ones
// counted, not listed, unless asked for), the settings modules that
// could not be judged (DJS000) and those in a form djls does not read.
// Both front ends build their reports from it, so they always agree.
func (r *Result) Report(o ReportOptions) ReportItems {
	include := o.Include
	if include == nil {
		include = func(string) bool { return true }
	}
	var out ReportItems
	rep := &report.Report{}
	related := func(rel diagnostics.Related) report.RelatedItem {
		var text []byte
		if f := r.Files[rel.Path]; f != nil {
			text = f.Text
		}
		it := report.Resolve(diagnostics.Finding{Location: rel.Location}, text, o.Rel(rel.Path), nil)
		return report.RelatedItem{RelPath: it.RelPath, Line: it.Line, Column: it.Column, Message: rel.Message}
	}
	for _, path := range slices.Sorted(maps.Keys(r.Files)) {
		if !include(path) {
			continue
		}
		f := r.Files[path]
		out.Files++
		for _, fd := range f.Findings {
			if fd.Silenced && !o.ShowSilenced {
				out.Silenced++
				continue
			}
			rep.Items = append(rep.Items, report.Resolve(fd, f.Text, o.Rel(path), related))
		}
	}
	for _, p := range slices.Sorted(maps.Keys(r.Errors)) {
		if reason, ok := r.Unjudged[p]; ok && include(p) {
			rep.Items = append(rep.Items, report.Unjudged(p, o.Rel(p), reason))
			continue
		}
		out.Skipped = append(out.Skipped, report.Skipped{Path: o.Rel(p), Reason: r.Errors[p]})
	}
	for _, p := range slices.Sorted(maps.Keys(r.NotRead)) {
		if include(p) {
			rep.Items = append(rep.Items, report.NotRead(p, o.Rel(p), r.NotRead[p]))
		}
	}
	rep.Sort()
	out.Items = rep.Items
	return out
}
