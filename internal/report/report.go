// Package report prints findings for the command line: text like other
// linters, JSON, SARIF 2.1.0 for code scanning, and GitHub annotations.
// Lines and columns are 1-based; columns count code points.
package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/djls-dev/djls/internal/finding"
	"github.com/djls-dev/djls/internal/textpos"
)

// Item is one finding with its position resolved for display.
type Item struct {
	finding.Finding
	RelPath                          string // slash path relative to the working folder
	Line, Column, EndLine, EndColumn int
	Related                          []RelatedItem
	// LineHash identifies the text of the finding's first line (its
	// surrounding whitespace aside), for fingerprints that survive edits
	// elsewhere in the file.
	LineHash string
}

// RelatedItem is a related location resolved for display.
type RelatedItem struct {
	RelPath      string
	Line, Column int
	Message      string
}

// Skipped is a file that could not be judged.
type Skipped struct {
	Path, Reason string
}

// Report is everything one `djls check` run prints.
type Report struct {
	Items   []Item
	Skipped []Skipped
	Files   int // files checked (judged), with findings or not
	Silent  int // findings silenced by SILENCED_SYSTEM_CHECKS and not shown
}

// Resolve converts a finding's byte range into 1-based code-point
// positions through the file's mapper.
func Resolve(f finding.Finding, text []byte, relPath string, related func(finding.Related) RelatedItem) Item {
	m := textpos.NewMapper(text)
	l, c := m.Position(f.Start, textpos.UTF32)
	el, ec := m.Position(f.End, textpos.UTF32)
	it := Item{Finding: f, RelPath: relPath, Line: l + 1, Column: c + 1, EndLine: el + 1, EndColumn: ec + 1}
	line := bytes.TrimSpace(text[m.LineStart(l):m.LineStart(l+1)])
	sum := sha256.Sum256(line)
	it.LineHash = hex.EncodeToString(sum[:8])
	for _, r := range f.Related {
		it.Related = append(it.Related, related(r))
	}
	return it
}

// Sort orders items by path, then position, then code.
func (r *Report) Sort() {
	sort.SliceStable(r.Items, func(i, j int) bool {
		a, b := r.Items[i], r.Items[j]
		if a.RelPath != b.RelPath {
			return a.RelPath < b.RelPath
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Code < b.Code
	})
}

// Counts returns how many items there are per severity.
func (r *Report) Counts() (errors, warnings, infos int) {
	for _, it := range r.Items {
		switch it.Severity {
		case finding.Error:
			errors++
		case finding.Warning:
			warnings++
		default:
			infos++
		}
	}
	return
}

const (
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	blue   = "\x1b[34m"
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	reset  = "\x1b[0m"
)

// Text prints `path:line:col: DJS001 [error] message` lines and a summary.
func Text(w io.Writer, r *Report, color bool) {
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return code + s + reset
	}
	for _, it := range r.Items {
		sev := it.Severity.String()
		switch it.Severity {
		case finding.Error:
			sev = paint(red, sev)
		case finding.Warning:
			sev = paint(yellow, sev)
		default:
			sev = paint(blue, sev)
		}
		silenced := ""
		if it.Silenced {
			silenced = " (silenced by SILENCED_SYSTEM_CHECKS)"
		}
		fmt.Fprintf(w, "%s:%d:%d: %s [%s] %s%s\n", paint(bold, it.RelPath), it.Line, it.Column, paint(bold, it.Code), sev, it.Message, silenced)
		if it.Detail != "" { // the why, under the headline, like a linter's help line
			fmt.Fprintf(w, "    %s\n", it.Detail)
		}
		for _, rel := range it.Related {
			fmt.Fprintf(w, "    %s %s:%d:%d: %s\n", paint(dim, "note:"), rel.RelPath, rel.Line, rel.Column, rel.Message)
		}
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "%s: skipped: %s\n", s.Path, s.Reason)
	}
	e, wn, in := r.Counts()
	total := len(r.Items)
	if total == 0 {
		fmt.Fprintf(w, "No findings; %d %s checked.\n", r.Files, plural(r.Files, "file"))
		return
	}
	with := r.FilesWithFindings()
	fmt.Fprintf(w, "Found %d %s (%d %s, %d %s, %d info) in %d %s; %d %s checked.\n", total, plural(total, "finding"),
		e, plural(e, "error"), wn, plural(wn, "warning"), in, with, plural(with, "file"), r.Files, plural(r.Files, "file"))
}

// FilesWithFindings counts the files the items are in.
func (r *Report) FilesWithFindings() int {
	seen := map[string]bool{}
	for _, it := range r.Items {
		seen[it.RelPath] = true
	}
	return len(seen)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

type jsonFinding struct {
	Path        string        `json:"path"`
	Line        int           `json:"line"`
	Column      int           `json:"column"`
	EndLine     int           `json:"end_line"`
	EndColumn   int           `json:"end_column"`
	Code        string        `json:"code"`
	Name        string        `json:"name"`
	Severity    string        `json:"severity"`
	Message     string        `json:"message"`
	Detail      string        `json:"detail,omitempty"`
	DjangoCheck string        `json:"django_check,omitempty"`
	URL         string        `json:"url"`
	Setting     string        `json:"setting,omitempty"`
	Silenced    bool          `json:"silenced,omitempty"`
	Related     []jsonRelated `json:"related,omitempty"`
}

type jsonRelated struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// JSON prints {"findings": [...], "summary": {...}}.
func JSON(w io.Writer, r *Report, docURL func(string) string) error {
	out := struct {
		Findings []jsonFinding `json:"findings"`
		Summary  any           `json:"summary"`
	}{Findings: []jsonFinding{}}
	for _, it := range r.Items {
		jf := jsonFinding{Path: it.RelPath, Line: it.Line, Column: it.Column, EndLine: it.EndLine, EndColumn: it.EndColumn,
			Code: it.Code, Name: it.Name, Severity: it.Severity.String(), Message: it.Message, Detail: it.Detail, DjangoCheck: it.DjangoCheck,
			URL: docURL(it.Code), Setting: it.Setting, Silenced: it.Silenced}
		for _, rel := range it.Related {
			jf.Related = append(jf.Related, jsonRelated{rel.RelPath, rel.Line, rel.Column, rel.Message})
		}
		out.Findings = append(out.Findings, jf)
	}
	e, wn, in := r.Counts()
	skipped := []map[string]string{}
	for _, s := range r.Skipped {
		skipped = append(skipped, map[string]string{"path": s.Path, "reason": s.Reason})
	}
	out.Summary = map[string]any{"files": r.Files, "files_with_findings": r.FilesWithFindings(), "findings": len(r.Items), "errors": e, "warnings": wn, "infos": in, "skipped": skipped}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// GitHub prints workflow commands that annotate a pull request.
func GitHub(w io.Writer, r *Report) {
	for _, it := range r.Items {
		level := map[finding.Severity]string{finding.Error: "error", finding.Warning: "warning", finding.Info: "notice"}[it.Severity]
		fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n", level,
			escapeProperty(it.RelPath), it.Line, it.Column, it.EndLine, it.EndColumn, escapeProperty(it.Code+" "+it.Name), escapeData(withDetail(it)))
	}
}

// withDetail is the headline and, on the lines below it, the detail: an
// annotation shows both.
func withDetail(it Item) string {
	if it.Detail == "" {
		return it.Message
	}
	return it.Message + "\n\n" + it.Detail
}

func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// RelPath returns path relative to base with slashes, or path itself.
func RelPath(base, path string) string {
	if rel, err := filepath.Rel(base, path); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(path)
}
