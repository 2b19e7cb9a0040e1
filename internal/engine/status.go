package engine

import (
	"path/filepath"
	"sort"
	"sync"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
)

// How one file was judged, for a front end's status line ("production
// (merged with base.py) · 3 findings", "fragment of production.py",
// "development — not checked", "not a settings module").

// JudgementKind says what an analysis made of a file.
type JudgementKind int

const (
	NotSettings         JudgementKind = iota // neither a settings module nor a project file the rules judged
	Root                                     // a production or shared settings module, judged merged with what it imports
	Fragment                                 // a settings module judged only through the roots that import it
	DevelopmentSettings                      // development settings: never judged
	ProjectFile                              // a requirements file or .gitignore the project rules judged
	Unjudged                                 // may be a settings module, but could not be read (too big, unreadable, not decodable)
	NotReadForm                              // a settings module in a form djls does not read (see Result.NotRead)
	ImportedModule                           // not settings, but a project module the settings import (judged for what they read from it)
)

// Judgement is how one analysis judged one file.
type Judgement struct {
	Kind JudgementKind
	Role Role // of a settings module (Root, Fragment, DevelopmentSettings)
	// Merged: for a Root, the other settings modules it imports or
	// includes, directly or not (absolute paths, sorted).
	Merged []string
	// Roots: for a Fragment, the judged roots it reaches production
	// through (sorted); Importers, when there is none, the settings
	// modules that import it (development ones).
	Roots, Importers []string
	// Findings counts the file's findings that are not silenced; Worst is
	// the highest of their severities.
	Findings int
	Worst    diagnostics.Severity
	// Problem says why the file is Unjudged or NotReadForm, or why a
	// settings module was judged only in part.
	Problem string
}

// moduleLinks records, for Judgement, which modules were settings and
// which import which; set by the analysis that made the Result.
type moduleLinks struct {
	settings  map[string]bool
	judged    map[string]bool
	imports   map[string][]string // settings module -> the settings modules it imports or includes
	importers map[string][]string // the reverse
}

// lazyLinks makes a result's moduleLinks the first time they are asked
// for: only file status asks, and a keystroke's analysis made them for
// nothing (~0.6 KB).
type lazyLinks struct {
	once             sync.Once
	settings, judged []*evaluator.Module
	imports          map[string][]string // the analysis's, not changed once it is done
	links            moduleLinks
}

func (z *lazyLinks) get() moduleLinks {
	if z == nil {
		return moduleLinks{}
	}
	z.once.Do(func() { z.links = newModuleLinks(z.settings, z.judged, z.imports) })
	return z.links
}

func newModuleLinks(settings, judged []*evaluator.Module, imports map[string][]string) moduleLinks {
	l := moduleLinks{settings: map[string]bool{}, judged: map[string]bool{}, imports: map[string][]string{}, importers: map[string][]string{}}
	for _, m := range settings {
		l.settings[m.Path] = true
	}
	for _, m := range judged {
		l.judged[m.Path] = true
	}
	link := func(from, to string) {
		if from != to && l.settings[from] && l.settings[to] {
			l.imports[from] = append(l.imports[from], to)
			l.importers[to] = append(l.importers[to], from)
		}
	}
	for from, tos := range imports {
		for _, to := range tos {
			link(from, to)
		}
	}
	for _, m := range settings {
		for _, p := range m.Includes {
			link(m.Path, p)
		}
	}
	return l
}

// Judgement says how the analysis judged the file at path.
func (r *Result) Judgement(path string) Judgement {
	path = filepath.Clean(path)
	j := Judgement{Problem: r.Unjudged[path]}
	if fr := r.Files[path]; fr != nil {
		for _, f := range fr.Findings {
			if !f.Silenced {
				j.Findings++
				j.Worst = max(j.Worst, f.Severity)
			}
		}
	}
	l := r.links.get()
	switch {
	case !l.settings[path] && j.Problem != "":
		j.Kind = Unjudged
	case r.NotRead[path] != "":
		j.Kind, j.Problem = NotReadForm, r.NotRead[path]
	case !l.settings[path]:
		if _, ok := r.Files[path]; ok && filepath.Ext(path) != ".py" {
			j.Kind = ProjectFile
		} else if r.importedBySettings(path) {
			j.Kind = ImportedModule
		}
	case l.judged[path]:
		j.Kind, j.Role = Root, r.roles[path]
		j.Merged = l.reach(path, l.imports, nil)
	case r.roles[path] == Development:
		j.Kind, j.Role = DevelopmentSettings, Development
	default:
		j.Kind, j.Role = Fragment, r.roles[path]
		j.Roots = l.reach(path, l.importers, l.judged)
		if len(j.Roots) == 0 {
			j.Importers = append(j.Importers, l.importers[path]...)
			sort.Strings(j.Importers)
			j.Importers = compactSorted(j.Importers)
		}
	}
	return j
}

// reach lists the modules reachable from path through edges, sorted; with
// only set, just those it holds (and the walk stops at them).
func (l moduleLinks) reach(path string, edges map[string][]string, only map[string]bool) []string {
	seen := map[string]bool{path: true}
	var out []string
	queue := []string{path}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, next := range edges[p] {
			if seen[next] {
				continue
			}
			seen[next] = true
			if only == nil || only[next] {
				out = append(out, next)
			}
			if only == nil || !only[next] {
				queue = append(queue, next)
			}
		}
	}
	sort.Strings(out)
	return out
}

func compactSorted(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// importedBySettings reports a project module the settings import that is
// not a settings module itself.
func (r *Result) importedBySettings(path string) bool {
	for _, m := range r.imported {
		if m.Path == path {
			return true
		}
	}
	return false
}
