package fix

// Fixes in project files: .gitignore and the requirements.

import (
	"path/filepath"
	"regexp"
	"strings"

	"github.com/djls-dev/djls/internal/project"
	"github.com/djls-dev/djls/internal/textpos"
)

var gitignoreLine = regexp.MustCompile("add a line `([^`]+)`")

func projectFixes(t Target) []Fix {
	var fx *Fix
	switch t.Finding.Code {
	case "DJS801":
		fx = gitignoreFix(t)
	case "DJS802":
		fx = serverFix(t)
	}
	if fx == nil {
		return nil
	}
	fx.Kind, fx.Code, fx.Preferred = KindQuickFix, t.Finding.Code, fx.Safe
	return []Fix{*fx}
}

// gitignoreFix appends the env file to .gitignore, creating it if needed.
func gitignoreFix(t Target) *Fix {
	if t.Project == nil {
		return nil
	}
	name := ".env"
	if m := gitignoreLine.FindStringSubmatch(t.Finding.Message); m != nil {
		name = m[1]
	}
	path := t.Project.GitIgnorePath
	fx := &Fix{Title: "Add " + name + " to .gitignore", Safe: true}
	if t.Project.GitIgnore == nil {
		fx.Title = "Create a .gitignore that ignores " + name
		fx.Edits = []Edit{{Path: path, NewText: name + "\n"}}
		return fx
	}
	text := t.Text
	if filepath.Clean(t.Finding.Path) != filepath.Clean(path) {
		return nil // the engine passes the .gitignore text with its finding
	}
	nl := newlineStyle(text)
	insert := name + nl
	if textpos.EndsInLine(text) {
		insert = nl + insert
	}
	fx.Edits = []Edit{{Path: path, Start: len(text), End: len(text), NewText: insert}}
	return fx
}

// serverFix uncomments a commented-out WSGI server, or adds gunicorn next
// to the requirement the finding sits on.
func serverFix(t Target) *Fix {
	if t.Project == nil {
		return nil
	}
	f := t.Finding
	var req *project.Requirement
	for i := range t.Project.Requirements {
		r := &t.Project.Requirements[i]
		if filepath.Clean(r.File) == filepath.Clean(f.Path) && r.Start == f.Start {
			req = r
			break
		}
	}
	text := t.Text
	if req != nil && req.Commented {
		start := f.Start
		end := start
		for end < len(text) && (text[end] == '#' || text[end] == ' ' || text[end] == '\t') {
			end++
		}
		if end == start || !strings.Contains(string(text[start:end]), "#") {
			return nil
		}
		return &Fix{Title: "Uncomment " + req.Name, Safe: true, Edits: []Edit{{Path: f.Path, Start: start, End: end}}}
	}
	fx := &Fix{Title: "Add gunicorn to " + filepath.Base(f.Path), Safe: true}
	nl := newlineStyle(text)
	source := project.SourceRequirements
	if req != nil {
		source = req.Source
	}
	switch source {
	case project.SourceRequirements:
		if len(text) == 0 || req == nil {
			fx.Edits = []Edit{{Path: f.Path, Start: len(text), End: len(text), NewText: lineAfter(text, "gunicorn", nl)}}
			return fx
		}
		at := textpos.NextLine(text, req.End)
		fx.Edits = []Edit{{Path: f.Path, Start: at, End: at, NewText: lineAfter(text[:at], "gunicorn", nl)}}
	case project.SourcePyproject:
		// The finding spans the string's contents; add after its closing quote.
		q := req.End
		if q >= len(text) || (text[q] != '"' && text[q] != '\'') {
			return nil
		}
		entry := string(text[q]) + "gunicorn" + string(text[q])
		if open := req.Start - 1; open >= 0 && strings.TrimSpace(string(text[textpos.LineStart(text, open):open])) == "" {
			// One requirement per line: add a line in the same style.
			at := textpos.NextLine(text, q)
			fx.Edits = []Edit{{Path: f.Path, Start: at, End: at, NewText: lineAfter(text[:at], indentAt(text, open)+entry+",", nl)}}
			return fx
		}
		fx.Edits = []Edit{{Path: f.Path, Start: q + 1, End: q + 1, NewText: ", " + entry}}
	case project.SourcePoetry, project.SourcePipfile:
		at := textpos.NextLine(text, req.End)
		fx.Edits = []Edit{{Path: f.Path, Start: at, End: at, NewText: lineAfter(text[:at], `gunicorn = "*"`, nl)}}
	default:
		return nil
	}
	return fx
}

// lineAfter is line as a new line following text (which may lack a final
// line break).
func lineAfter(text []byte, line, nl string) string {
	if textpos.EndsInLine(text) {
		return nl + line + nl
	}
	return line + nl
}
