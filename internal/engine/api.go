package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/djls-dev/djls/internal/config"
	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/textpos"
)

// Workspace is one indexed project folder. Its methods are safe for
// concurrent use; analyses run one at a time (each takes milliseconds).
type Workspace struct {
	root string
	opts Options
	workspaceState
}

// Load indexes the project at root. It fails only when root cannot be read
// or its configuration file is invalid (a *config.Error naming file, line
// and key).
func Load(root string, opts Options) (*Workspace, error) {
	return LoadContext(context.Background(), root, opts)
}

// LoadContext is Load that stops, with ctx.Err(), once ctx is done: the
// walk of the project's files checks it at every folder and file read.
func LoadContext(ctx context.Context, root string, opts Options) (*Workspace, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	w := &Workspace{root: filepath.Clean(abs), opts: opts}
	w.opts.Progress = nil // only this first load reports
	w.disk = map[string]*diskFile{}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.load(ctx, opts.Progress); err != nil {
		return nil, err
	}
	return w, nil
}

// Root returns the absolute project folder.
func (w *Workspace) Root() string { return w.root }

// Config returns the configuration in force (project file over editor).
func (w *Workspace) Config() *config.Config {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cfg
}

// SetEditorConfig replaces the editor's settings; the project's file still
// wins for the keys it sets.
func (w *Workspace) SetEditorConfig(c *config.Config) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.opts.Editor = c
	w.cfg = config.Merge(c, w.fileCfg)
}

// Invalidate tells the workspace that files changed on disk (created,
// changed or deleted); it re-reads them on the next Analyze. Project files
// (requirements, .gitignore, pyproject.toml, manage.py, ...) or no paths at
// all re-index the project.
func (w *Workspace) Invalidate(paths ...string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	reindex := len(paths) == 0 // walk the folder again
	reload := false            // read the project files again
	for _, p := range paths {
		p = filepath.Clean(p)
		if f, ok := w.disk[p]; ok && f.doc != nil {
			f.doc.Close()
		}
		delete(w.disk, p)
		if Reindexes(p) {
			if listsNoPy(p) && w.proj != nil && w.proj.Tracks(p) {
				reload = true
			} else {
				reindex = true
			}
			continue
		}
		if w.isCandidate(p, nil) {
			w.candidates[p] = true
		} else {
			delete(w.candidates, p)
		}
	}
	switch {
	case reindex:
		return w.load(context.Background(), nil)
	case reload:
		return w.reload(context.Background())
	}
	return nil
}

// listsNoPy reports a project file whose change cannot change which .py
// files the folder holds (requirements, .gitignore, pyproject.toml, ...):
// the project reloads it without walking the folder again, when it lies in
// a folder whose project files the project reads (project.Tracks; a new
// one elsewhere walks again). A .py script
// (manage.py, ...) or a path of another kind (a folder) walks again.
func listsNoPy(p string) bool {
	base := filepath.Base(p)
	switch filepath.Ext(base) {
	case ".txt", ".toml", ".cfg", ".lock", ".in":
		return true
	}
	return base == ".gitignore" || base == "Pipfile" || strings.HasPrefix(base, ".env")
}

// Reindexes reports whether Invalidate(paths...) re-indexes the project:
// when paths is empty or names a project file (anything but a .py module,
// or manage.py, wsgi.py, asgi.py).
func Reindexes(paths ...string) bool {
	if len(paths) == 0 {
		return true
	}
	for _, p := range paths {
		if filepath.Ext(p) != ".py" || isProjectScript(p) {
			return true
		}
	}
	return false
}

func isProjectScript(p string) bool {
	switch filepath.Base(p) {
	case "manage.py", "wsgi.py", "asgi.py":
		return true
	}
	return false
}

// Analyze judges the workspace as it is now, open documents winning over
// disk. The result keeps overlays: the caller does not change the map
// afterwards.
func (w *Workspace) Analyze(ctx context.Context, overlays map[string]Overlay) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return w.analyze(ctx, overlays, nil)
}

// analyze runs one analysis; with from set, it reads from the disk only
// what from's analysis read (see Result.FixAll).
func (w *Workspace) analyze(ctx context.Context, overlays map[string]Overlay, from *Result) (*Result, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for p, o := range overlays {
		if e := w.evals[p]; e != nil && e.doc != o.Doc {
			// It cannot be reused (a.doc gives o.Doc or a new parse):
			// drop it now rather than once the new evaluation replaces it,
			// so the two modules and trees are never held at once.
			delete(w.evals, p)
			w.keepForReuse(p, e.module)
		}
	}
	a := newAnalysis(w, overlays)
	if from != nil {
		a.frozen, a.read, a.files, a.proj = true, from.read, from.files, from.proj
	} else {
		a.proj = w.projectFor(ctx, a.overlays)
	}
	return a.run(ctx)
}

// SettingInfo describes a setting for hover: its production-world value and
// where that value comes from.
type SettingInfo struct {
	Name       string
	Start, End int    // the name's byte range in the hovered file
	Value      string // Python rendering of the production value, "unknown" when unknown
	Origin     string // e.g. "env DEBUG is unset, so default='True' applies", "inherited from config/settings/base.py:14"
	Role       string // "production", "development" or "shared" (the module's role)
	Findings   []diagnostics.Finding
}

// Describe returns what the engine knows about the setting at offset in path.
func (r *Result) Describe(path string, offset int) (*SettingInfo, bool) {
	m := r.modules[filepath.Clean(path)]
	if m == nil {
		return nil, false
	}
	names := make([]string, 0, m.Names.Len())
	for n := range m.Names.All() {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b := m.Names.Get(n)
		target := b.Target()
		if target.File != m.Path || offset < target.Start || offset > target.End || b.Inherited() {
			continue
		}
		// The value the merged production module ends with, when one imports this file.
		final := b
		for _, pm := range r.judged {
			if pb := pm.Setting(n); pb != nil && pm != m && importsModule(pm, m) {
				final = pb
			}
		}
		info := &SettingInfo{Name: n, Start: target.Start, End: target.End, Value: renderValue(n, final.Value), Role: r.roles[m.Path].String()}
		info.Origin = r.origin(final)
		for _, f := range r.Files[m.Path].findingsOrNil() {
			if f.Setting == n {
				info.Findings = append(info.Findings, f)
			}
		}
		return info, true
	}
	return nil, false
}

func (f *FileResult) findingsOrNil() []diagnostics.Finding {
	if f == nil {
		return nil
	}
	return f.Findings
}

// renderValue renders a setting's value for hover, never showing a secret:
// a secret-named setting's string is redacted, as are key-like strings,
// passwords in dicts and every SECRET_KEY_FALLBACKS entry; URLs have their
// password masked.
func renderValue(name string, v *evaluator.Value) string {
	if v.IsUnknown() {
		if v != nil && v.Env != nil && v.Env.Required {
			return "required from the environment"
		}
		return "unknown"
	}
	if (v.Kind == evaluator.Str || v.Kind == evaluator.Bytes) && v.Str != "" && diagnostics.IsSecretName(name) {
		return diagnostics.Redact(v.Str)
	}
	return diagnostics.RedactSource(v.Repr(), name == "SECRET_KEY_FALLBACKS")
}

func (r *Result) origin(b *evaluator.Binding) string {
	v := b.Value
	var s string
	switch {
	case v.Env != nil && v.Env.Required:
		s = fmt.Sprintf("environment variable %s (required: start-up fails when it is unset)", v.Env.Var)
	case v.Env != nil && v.Env.HasDefault && v.Env.Var != "":
		s = fmt.Sprintf("environment variable %s, unset in production, so its default applies", v.Env.Var)
		if set := diagnostics.ManifestSets(r.proj, v.Env.Var); set != "" {
			s = fmt.Sprintf("environment variable %s: %s; its default applies where it is unset", v.Env.Var, set)
		}
	case v.EnvName:
		s = v.Note()
	case v.FromDebug:
		s = "derived from DEBUG, which is taken as false"
	}
	if b.File != "" {
		if rel, err := filepath.Rel(r.root, b.File); err == nil {
			line := 1
			if m := r.modules[b.File]; m != nil {
				l, _ := textpos.NewMapper(m.Text).Position(b.Target().Start, textpos.UTF32)
				line = l + 1
			}
			where := fmt.Sprintf("assigned in %s:%d", filepath.ToSlash(rel), line)
			if s == "" {
				return where
			}
			return s + "; " + where
		}
	}
	return s
}

func importsModule(from, target *evaluator.Module) bool {
	seen := map[*evaluator.Module]bool{}
	var walk func(m *evaluator.Module) bool
	walk = func(m *evaluator.Module) bool {
		if seen[m] {
			return false
		}
		seen[m] = true
		for _, s := range m.StarImports {
			if s == target || walk(s) {
				return true
			}
		}
		return false
	}
	return walk(from)
}
