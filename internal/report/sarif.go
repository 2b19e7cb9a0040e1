package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/djls-dev/djls/internal/finding"
)

// Rule is one rule of SARIF's rule table (the driver's "rules").
type Rule struct {
	ID, Name    string
	Summary     string
	DjangoCheck string
	Severity    finding.Severity
	// Description is the rule's full description (one paragraph) and Help
	// its documentation page in Markdown; both fall back to Summary.
	Description, Help string
}

// SARIFOptions say what a SARIF log describes and where its paths start.
type SARIFOptions struct {
	Version string
	Rules   []Rule
	DocURL  func(id string) string
	// WorkDir is the absolute folder the report's RelPaths are relative
	// to, Root the repository root (project.RepoRoot): URIs are relative
	// to Root, against %SRCROOT%, which originalUriBaseIds defines. Empty:
	// the RelPaths are used as they are.
	WorkDir, Root string
}

// SARIF prints a SARIF 2.1.0 log with the RelPaths as they are (see
// SARIFWith).
func SARIF(w io.Writer, r *Report, version string, rules []Rule, docURL func(string) string) error {
	return SARIFWith(w, r, SARIFOptions{Version: version, Rules: rules, DocURL: docURL})
}

// SARIFWith prints a SARIF 2.1.0 log with one run, as GitHub code scanning
// reads it, with rules as the driver's rule table (results point into it).
// Columns are code points (columnKind unicodeCodePoints).
func SARIFWith(w io.Writer, r *Report, o SARIFOptions) error {
	version, rules, docURL := o.Version, o.Rules, o.DocURL
	type region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
	type location struct {
		ID               int            `json:"id,omitempty"`
		PhysicalLocation map[string]any `json:"physicalLocation"`
		Message          map[string]any `json:"message,omitempty"`
	}
	level := func(s finding.Severity) string {
		return map[finding.Severity]string{finding.Error: "error", finding.Warning: "warning", finding.Info: "note"}[s]
	}
	phys := func(path string, reg region) map[string]any {
		return map[string]any{"artifactLocation": artifactLocation(o.fromRoot(path)), "region": reg}
	}
	var table []map[string]any
	index := map[string]int{}
	for i, rule := range rules {
		index[rule.ID] = i
		table = append(table, ruleDescriptor(rule, docURL(rule.ID)))
	}
	for _, it := range r.Items {
		if it.Code == UnjudgedCode {
			index[UnjudgedCode] = len(table)
			table = append(table, ruleDescriptor(unjudgedRule, docURL(UnjudgedCode)))
			break
		}
	}
	results := []map[string]any{}
	ordinal := map[string]int{}
	for _, it := range r.Items {
		// Findings of one rule on one setting in one file are told apart
		// by the text of their line, then by their order among findings
		// with the same text: an edit elsewhere in the file changes
		// neither, so code scanning keeps each alert and merges none.
		key := it.Code + ":" + it.RelPath + ":" + it.Setting + ":" + it.LineHash
		ordinal[key]++
		res := map[string]any{
			"ruleId": it.Code, "ruleIndex": index[it.Code], "level": level(it.Severity),
			"message":             map[string]any{"text": it.Message},
			"locations":           []location{{PhysicalLocation: phys(it.RelPath, region{it.Line, it.Column, it.EndLine, it.EndColumn})}},
			"partialFingerprints": map[string]any{"djlsFinding/v2": fmt.Sprintf("%s:%d", key, ordinal[key])},
		}
		if props := resultProperties(it); len(props) > 0 {
			res["properties"] = props
		}
		var related []location
		for i, rel := range it.Related {
			related = append(related, location{ID: i + 1, PhysicalLocation: phys(rel.RelPath, region{StartLine: rel.Line, StartColumn: rel.Column}), Message: map[string]any{"text": rel.Message}})
		}
		if len(related) > 0 {
			res["relatedLocations"] = related
		}
		if it.Silenced {
			res["suppressions"] = []map[string]any{{"kind": "inSource", "justification": "SILENCED_SYSTEM_CHECKS"}}
		}
		results = append(results, res)
	}
	run := map[string]any{
		"tool": map[string]any{"driver": map[string]any{
			"name": "djls", "version": version, "semanticVersion": version,
			"informationUri": "https://github.com/djls-dev/djls", "rules": table,
		}},
		"columnKind": "unicodeCodePoints",
		"results":    results,
	}
	if o.Root != "" {
		run["originalUriBaseIds"] = map[string]any{"%SRCROOT%": map[string]any{"uri": folderURI(o.Root)}}
	}
	log := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs":    []map[string]any{run},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// artifactLocation is a SARIF artifactLocation for a slash path: relative
// paths are percent-encoded URI references against %SRCROOT% (a file named
// "a%20b.py" is "a%2520b.py"; a colon is escaped too, or "a:b.py" would
// read as a URI scheme), absolute ones (outside the working folder) file:
// URIs.
func artifactLocation(path string) map[string]any {
	segments := strings.Split(path, "/")
	for i, s := range segments {
		segments[i] = url.PathEscape(s)
	}
	escaped := strings.Join(segments, "/")
	switch {
	case strings.HasPrefix(path, "/"):
		return map[string]any{"uri": "file://" + escaped}
	case len(path) >= 3 && path[1] == ':' && path[2] == '/': // C:/...
		return map[string]any{"uri": "file:///" + escaped}
	}
	return map[string]any{"uri": strings.ReplaceAll(escaped, ":", "%3A"), "uriBaseId": "%SRCROOT%"}
}

// fromRoot rebases a RelPath (relative to WorkDir) onto the repository
// root; a file outside the root keeps its absolute path (a file: URI).
func (o SARIFOptions) fromRoot(relPath string) string {
	if o.Root == "" || o.WorkDir == "" {
		return relPath
	}
	abs := filepath.FromSlash(relPath)
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(o.WorkDir, abs)
	}
	rel, err := filepath.Rel(o.Root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// folderURI is the file: URI of an absolute folder, ending in a slash (as
// originalUriBaseIds requires).
func folderURI(dir string) string {
	loc := artifactLocation(filepath.ToSlash(dir))
	uri, _ := loc["uri"].(string)
	return strings.TrimSuffix(uri, "/") + "/"
}

// resultProperties are a result's properties: the Django check it equals
// and the finding's detail (message.text is the headline alone).
func resultProperties(it Item) map[string]any {
	props := map[string]any{}
	if it.DjangoCheck != "" {
		props["django_check"] = it.DjangoCheck
	}
	if it.Detail != "" {
		props["detail"] = it.Detail
	}
	return props
}
