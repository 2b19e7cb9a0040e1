package engine

// What `djls report` (internal/review) reads from an analysis besides the
// findings: how each settings module was judged, the production values of
// the judged roots (redacted as hover shows them), and the env reads with
// what their defaults mean.

import (
	"path/filepath"

	"github.com/djls-dev/djls/internal/diagnostics"
	"sort"

	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/textpos"
)

// ModuleJudgement is how one settings module was judged.
type ModuleJudgement struct {
	Path   string
	Role   Role     // from its name (and what it extends)
	Judged bool     // a root, judged merged with what it imports
	Roots  []string // for a module that is not judged itself: the judged roots that import it
}

// SettingsModules lists every settings module of the analysis, by path.
func (r *Result) SettingsModules() []ModuleJudgement {
	var out []ModuleJudgement
	for p := range r.modules {
		if !r.isSettings(p) {
			continue
		}
		j := ModuleJudgement{Path: p, Role: r.roles[p], Judged: r.isJudged(p)}
		if !j.Judged {
			m := r.modules[p]
			seen := map[string]bool{}
			for _, root := range r.judged {
				if root.Path != p && !seen[root.Path] && (importsModule(root, m) || includes(root, p, r.modules, 0)) {
					seen[root.Path] = true
					j.Roots = append(j.Roots, root.Path)
				}
			}
			sort.Strings(j.Roots)
		}
		out = append(out, j)
	}
	sort.Slice(out, func(i, k int) bool { return out[i].Path < out[k].Path })
	return out
}

// includes reports whether m (or a module it star-imports or includes)
// includes path through django-split-settings.
func includes(m *evaluator.Module, path string, modules map[string]*evaluator.Module, depth int) bool {
	if m == nil || depth > MaxImportDepth {
		return false
	}
	for _, p := range m.Includes {
		if p == path || includes(modules[p], path, modules, depth+1) {
			return true
		}
	}
	for _, s := range m.StarImports {
		if includes(s, path, modules, depth+1) {
			return true
		}
	}
	return false
}

// JudgedRoots returns the paths of the judged roots, each once, in order.
func (r *Result) JudgedRoots() []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range r.judged {
		if !seen[m.Path] {
			seen[m.Path] = true
			out = append(out, m.Path)
		}
	}
	sort.Strings(out)
	return out
}

// RootSetting is a setting's production value in one judged root.
type RootSetting struct {
	Name  string
	Value *evaluator.Value
	Shown string // the value as hover shows it (secrets redacted, URL passwords masked)
	Path  string // the file that assigns it
	Line  int    // 1-based line of the assignment
}

// ProductionSetting returns name's value in the judged root at root, when
// the root's merged settings assign it (false for a Django default).
func (r *Result) ProductionSetting(root, name string) (RootSetting, bool) {
	root = filepath.Clean(root)
	for _, m := range r.judged {
		if m.Path != root {
			continue
		}
		b := m.Setting(name)
		if b == nil {
			return RootSetting{}, false
		}
		s := RootSetting{Name: name, Value: b.Value, Shown: renderValue(name, b.Value), Path: b.File, Line: 1}
		if owner := r.modules[b.File]; owner != nil && b.Target().Start <= len(owner.Text) {
			l, _ := textpos.NewMapper(owner.Text).Position(b.Target().Start, textpos.UTF32)
			s.Line = l + 1
		}
		return s, true
	}
	return RootSetting{}, false
}

// EnvDetail is an env var the settings read, with what its read says
// about production.
type EnvDetail struct {
	EnvVar
	Required   bool   // read with no default: start-up fails while it is unset
	HasDefault bool   // read with a default, which applies while it is unset
	DefaultAt  [2]int // the default's byte range in Path, when HasDefault
	Cast       string // the cast as written ("bool", "Csv", ...)
	// EnvName: it names the environment, and the production world takes
	// it to name production (evaluator/world.go), so production must set
	// it to the name the settings compare with.
	EnvName bool
	// Development: only development modules read it.
	Development bool
}

// EnvDetails is EnvVars with each variable's production read described:
// the first read in a module that is not a development one (production.py
// requiring DJANGO_SECRET_KEY, not local.py giving it a default), else the
// first read.
func (r *Result) EnvDetails() []EnvDetail {
	type pick struct {
		read *evaluator.EnvRead
		file string
		dev  bool
	}
	picked := map[string]pick{}
	for _, l := range r.envReads() {
		e := l.read
		if e.Var == "" || e.Library == "config" {
			continue
		}
		dev := r.roles[l.file] == Development
		if p, ok := picked[e.Var]; !ok || (p.dev && !dev) {
			picked[e.Var] = pick{read: e, file: l.file, dev: dev}
		}
	}
	envNames := map[string]bool{}
	for _, m := range r.judged {
		for _, b := range m.Names.All() {
			if v := b.Value; v != nil && v.EnvName && v.Env != nil {
				envNames[v.Env.Var] = true
			}
		}
	}
	var out []EnvDetail
	for _, v := range r.EnvVars() {
		d := EnvDetail{EnvVar: v, EnvName: envNames[v.Name]}
		if p, ok := picked[v.Name]; ok {
			e := p.read
			d.Required, d.HasDefault, d.Cast, d.Development = e.Required, e.HasDefault, e.Cast, p.dev
			if p.file != v.Path {
				// The production read is elsewhere: show that one.
				d.Path = p.file
				d.Line, _ = textpos.NewMapper(r.text(p.file)).Position(e.Call.Start, textpos.UTF16)
				d.Line++
				d.Default = ""
				if src, ok := r.sourceOf(e.Default, locatedRead{file: p.file, text: r.text(p.file), read: e}); ok && e.HasDefault && !d.Secret {
					if def := defaultText(src); !diagnostics.SecretValue(def) {
						d.Default = def
					}
				}
			}
			if e.HasDefault && (e.Default.File == "" || e.Default.File == d.Path) {
				d.DefaultAt = [2]int{e.Default.Start, e.Default.End}
			}
		}
		out = append(out, d)
	}
	return out
}

// HasPackage reports whether the project's requirements name a package
// (see project.Project.HasPackage).
func (r *Result) HasPackage(name string) (found, commentedOnly bool) {
	if r.proj == nil {
		return false, false
	}
	return r.proj.HasPackage(name)
}

// MaybeSet reports whether a judged root may set name though it does not
// bind it (after a dynamic write, an unresolved star import, a syntax
// error): "not set" is then not known.
func (r *Result) MaybeSet(name string) bool {
	for _, m := range r.judged {
		if m.MaybeSet(name) {
			return true
		}
	}
	return false
}
