package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/project"
	"github.com/djls-dev/djls/internal/rules"
	"github.com/djls-dev/djls/internal/textpos"
	"github.com/djls-dev/djls/internal/treesitter"
)

// Role is what a settings module is for.
type Role int

const (
	Shared Role = iota // base.py, settings.py: judged as production unless a production module imports it
	Production
	Development
)

func (r Role) String() string {
	return [...]string{"shared", "production", "development"}[r]
}

// analysis is one Analyze call: modules are evaluated once each.
type analysis struct {
	ctx        context.Context // the analysis stops once it is done
	w          *Workspace
	proj       *project.Project // the project judged: the workspace's, read with the open documents
	overlays   map[string]Overlay
	modules    map[string]*evaluator.Module
	inProgress map[string]bool
	depth      int               // imports being followed, outermost first (see MaxImportDepth)
	cut        map[string]string // module -> the module it imports past MaxImportDepth
	roles      map[string]Role
	errors     map[string]string      // files that could not be judged
	ownedDocs  []*treesitter.Document // parsed here from overlay text; closed at the end

	// read holds what this analysis read from disk, so its Result (and
	// fix-all, which judges again) never reads the disk afterwards: file
	// texts (nil for a file that could not be read) and whether each
	// import candidate is a regular file. A frozen analysis reads nothing
	// but this (see Result.FixAll).
	read   map[string]diskSnap
	files  map[string]bool
	frozen bool

	imports  map[string][]string // module -> the project modules it imports (see importedModules)
	imported []*evaluator.Module // project modules the settings import, not settings themselves

	views map[*evaluator.Module]viewKey // the configuration class views judged (judgecache.go)
}

// diskSnap is one file as an analysis read it from disk.
type diskSnap struct {
	text   []byte               // nil: missing, unreadable or over the size limit
	doc    *treesitter.Document // parsed text of a .py file evaluated, else nil
	reason string               // why text is nil
	// decodeErr says why a .py file's bytes are not Python source.
	decodeErr error
}

func newAnalysis(w *Workspace, overlays map[string]Overlay) *analysis {
	clean := overlays // kept by the result as it is (Analyze): a keystroke's copy was ~0.5 KB
	for p := range overlays {
		if filepath.Clean(p) != p {
			clean = make(map[string]Overlay, len(overlays))
			for p, o := range overlays {
				clean[filepath.Clean(p)] = o
			}
			break
		}
	}
	if clean == nil {
		clean = map[string]Overlay{}
	}
	return &analysis{ctx: context.Background(), w: w, proj: w.proj, overlays: clean, modules: map[string]*evaluator.Module{}, inProgress: map[string]bool{}, roles: map[string]Role{}, errors: map[string]string{}, read: map[string]diskSnap{}, files: map[string]bool{}}
}

// text returns a file's current text: the overlay, else the disk.
func (a *analysis) text(path string) ([]byte, bool) {
	if o, ok := a.overlays[path]; ok {
		return o.Text, true
	}
	f := a.disk(path)
	return f.text, f.text != nil
}

// disk reads a file from disk once per analysis (a frozen analysis only
// looks in what the analysis it repeats read).
func (a *analysis) disk(path string) diskSnap {
	if f, ok := a.read[path]; ok || a.frozen {
		if f.text == nil && f.reason == "" {
			f.reason = "not read" // a frozen analysis asking for a new file
		}
		return f
	}
	var f diskSnap
	if df, err := a.w.readDiskErr(path); df != nil {
		f.text, f.decodeErr = df.text, df.decodeErr
	} else {
		f.reason = a.w.skipReason(path, err)
	}
	a.read[path] = f
	return f
}

// isFile reports whether path is a regular file, remembering the answer.
func (a *analysis) isFile(path string) bool {
	if ok, seen := a.files[path]; seen || a.frozen {
		return ok
	}
	st, err := os.Stat(path)
	ok := err == nil && st.Mode().IsRegular()
	a.files[path] = ok
	return ok
}

func (a *analysis) doc(path string) *treesitter.Document {
	if o, ok := a.overlays[path]; ok {
		if o.Doc != nil {
			return o.Doc
		}
		d := treesitter.Parse(o.Text)
		a.ownedDocs = append(a.ownedDocs, d)
		return d
	}
	if f := a.read[path]; f.doc != nil || a.frozen {
		return f.doc
	}
	d := a.w.pyDoc(path)
	if d != nil {
		a.read[path] = diskSnap{text: d.Text, doc: d}
	}
	return d
}

// evaluate returns the evaluated module at path (nil when unreadable or
// part of an import cycle).
func (a *analysis) evaluate(path string) *evaluator.Module {
	if m, ok := a.modules[path]; ok {
		return m
	}
	if a.inProgress[path] || a.ctx.Err() != nil {
		return nil
	}
	if _, open := a.overlays[path]; !open {
		f := a.disk(path)
		if f.text == nil {
			a.errors[path] = f.reason
			return nil
		}
		if f.decodeErr != nil {
			a.errors[path] = f.decodeErr.Error()
			return nil
		}
	}
	d := a.doc(path)
	if d == nil {
		return nil
	}
	a.inProgress[path] = true
	m := a.cached(path, d)
	if m == nil {
		rec := &recorder{a: a}
		var err error
		if m, err = evaluator.EvaluateIncremental(a.ctx, path, d, rec, a.previous(path)); err != nil {
			// Cut short: the analysis is abandoned, and nothing is cached.
			delete(a.inProgress, path)
			return nil
		}
		if o, open := a.overlays[path]; !open || o.Doc != nil {
			// A tree parsed for this analysis alone is never seen again.
			a.remember(path, d, rec, m)
		}
	}
	delete(a.inProgress, path)
	a.modules[path] = m
	return m
}

// MaxImportDepth bounds a chain of imports followed from one module
// (a1 star-imports a2, which star-imports a3, ...). Real settings chains
// are two to four modules deep (production.py, base.py, components). A
// 2,000-module chain cost 14 s and 860 MB before this bound (each module
// copies the names of every module under it); 32 modules deep is still
// followed whole.
const MaxImportDepth = 32

// Import implements evaluator.Importer over the workspace. A module past
// MaxImportDepth, not already evaluated, is a truncated stub: its names
// are unknown, and may be set.
func (a *analysis) Import(fromPath string, level int, name string) (*evaluator.Module, bool, bool) {
	path, ok := a.resolve(fromPath, level, name)
	if !ok {
		return nil, false, false
	}
	a.noteImport(fromPath, path)
	if a.role(path) == Development {
		return nil, true, true
	}
	if m, done := a.modules[path]; done {
		return m, false, m != nil
	}
	if a.depth >= MaxImportDepth {
		if a.cut == nil {
			a.cut = map[string]string{}
		}
		if _, seen := a.cut[fromPath]; !seen {
			a.cut[fromPath] = path
		}
		return &evaluator.Module{Path: path, Names: evaluator.NewNamespace(), Truncated: true}, false, true
	}
	a.depth++
	m := a.evaluate(path)
	a.depth--
	return m, false, m != nil
}

// resolve finds the file of an imported module inside the workspace.
func (a *analysis) resolve(fromPath string, level int, name string) (string, bool) {
	parts := []string{}
	if name != "" {
		parts = strings.Split(name, ".")
	}
	var bases []string
	if level > 0 {
		dir := filepath.Dir(fromPath)
		for i := 1; i < level; i++ {
			dir = filepath.Dir(dir)
		}
		bases = []string{dir}
	} else {
		for dir := filepath.Dir(fromPath); ; dir = filepath.Dir(dir) {
			bases = append(bases, dir)
			if dir == a.w.root || !strings.HasPrefix(dir, a.w.root) || dir == filepath.Dir(dir) {
				break
			}
		}
	}
	for _, base := range bases {
		if !strings.HasPrefix(base, a.w.root) {
			continue
		}
		p := filepath.Join(append([]string{base}, parts...)...)
		for _, cand := range []string{p + ".py", filepath.Join(p, "__init__.py")} {
			if _, ok := a.overlays[cand]; ok {
				return cand, true
			}
			if a.isFile(cand) {
				return cand, true
			}
		}
	}
	return "", false
}

// devTokens name development modules and folders; example, demo and
// sandbox projects (a library's example/settings.py) and the settings a
// docs/ folder builds its documentation with never run in production
// either.
var devTokens = map[string]bool{"local": true, "dev": true, "development": true, "test": true, "tests": true, "testing": true, "ci": true, "develop": true,
	"devel": true, "debug": true, "unittest": true, "unittests": true, "pytest": true, "e2e": true,
	"example": true, "examples": true, "demo": true, "sandbox": true, "sample": true, "samples": true, "docs": true, "doc": true}
var prodTokens = map[string]bool{"production": true, "prod": true, "deploy": true, "deployment": true, "live": true, "staging": true}

// role decides what a module is for: configuration first, then the
// DJANGO_SETTINGS_MODULE of wsgi.py/asgi.py, then the file name.
func (a *analysis) role(path string) Role {
	if r, ok := a.roles[path]; ok {
		return r
	}
	r := a.decideRole(path)
	a.roles[path] = r
	return r
}

func (a *analysis) decideRole(path string) Role {
	rel, _ := filepath.Rel(a.w.root, path)
	rel = filepath.ToSlash(rel)
	cfg := a.w.cfg
	for _, g := range cfg.Production {
		if globMatch(g, rel) {
			return Production
		}
	}
	for _, g := range cfg.Development {
		if globMatch(g, rel) {
			return Development
		}
	}
	if r := roleByPath(rel); r != Shared {
		return r
	}
	for _, ref := range a.proj.SettingsModuleRefs {
		base := filepath.Base(ref.File)
		if base != "wsgi.py" && base != "asgi.py" {
			continue
		}
		if p, ok := a.resolve(ref.File, 0, ref.Module); ok && p == path {
			return Production
		}
	}
	return Shared
}

// isSettingsModule decides on the parsed module: Django evidence is needed
// (a settings file name, Django setting names, or a star import of one).
func (a *analysis) isSettingsModule(path string, m *evaluator.Module) bool {
	if m == nil {
		return false
	}
	rel, _ := filepath.Rel(a.w.root, path)
	rel = filepath.ToSlash(rel)
	if a.w.matchesConfigured(rel) {
		return true
	}
	djangoNames := 0
	for _, n := range m.Order {
		if knownDjangoSetting[n] {
			djangoNames++
		}
	}
	if len(m.StarImports) > 0 || len(m.ConfigurationClasses()) > 0 {
		return true
	}
	if settingsByName(rel) {
		return djangoNames > 0
	}
	return djangoNames >= 2
}

// knownDjangoSetting are names whose presence marks a Django settings module.
var knownDjangoSetting = map[string]bool{
	"INSTALLED_APPS": true, "MIDDLEWARE": true, "ROOT_URLCONF": true, "WSGI_APPLICATION": true, "ASGI_APPLICATION": true,
	"DATABASES": true, "SECRET_KEY": true, "ALLOWED_HOSTS": true, "DEBUG": true, "TEMPLATES": true, "STATIC_URL": true,
	"AUTH_PASSWORD_VALIDATORS": true, "LANGUAGE_CODE": true, "DEFAULT_AUTO_FIELD": true, "MIDDLEWARE_CLASSES": true,
	"SECURE_SSL_REDIRECT": true, "SESSION_COOKIE_SECURE": true, "CSRF_COOKIE_SECURE": true, "STORAGES": true,
}

// run evaluates and judges every settings module.
func (a *analysis) run(ctx context.Context) (*Result, error) {
	a.ctx = ctx
	defer func() {
		for _, d := range a.ownedDocs {
			d.Close()
		}
	}()
	paths := map[string]bool{}
	for p := range a.w.candidates {
		paths[p] = true
	}
	for p, o := range a.overlays {
		if strings.HasPrefix(p, a.w.root+string(filepath.Separator)) && a.w.isCandidate(p, o.Text) {
			paths[p] = true
		}
	}
	sorted := make([]string, 0, len(paths))
	for p := range paths {
		sorted = append(sorted, p)
	}
	sort.Strings(sorted)

	var settings []*evaluator.Module
	for _, p := range sorted {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if m := a.evaluate(p); a.isSettingsModule(p, m) {
			settings = append(settings, m)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err // an evaluation was cut short
	}
	a.pruneEvals()
	judged := a.withConfigurationClasses(a.judgedModules(settings), settings)
	a.imported = a.importedModules(settings)
	version := a.djangoVersion(settings, judged)

	j := a.startJudging(version, judged)           // module rules run only where their module changed (judgecache.go)
	findings := a.w.takeFindings(a.w.judged.found) // findingscratch.go
	every := a.everyConfigurationClass(settings)
	// One Context per module (nil: the project) serves every rule: a
	// rule's run only sets which rule reports.
	contexts := map[*evaluator.Module]*diagnostics.Context{}
	contextFor := func(m *evaluator.Module) *diagnostics.Context {
		c := contexts[m]
		if c == nil {
			c = a.newContext(m, version, settings, judged, &findings)
			contexts[m] = c
		}
		return c
	}
	for _, r := range rules.All() {
		if !a.enabled(r.ID) {
			continue
		}
		var modules []*evaluator.Module
		switch r.Scope {
		case rules.ScopeProduction:
			modules = judged
		case rules.ScopeEveryModule:
			modules = every
		case rules.ScopeProject:
			r.Run(contextFor(nil))
		}
		for _, m := range modules {
			j.judge(r, m, &findings, func() { r.Run(contextFor(m)) })
		}
	}
	j.finish(len(findings))
	res := a.result(settings, judged, a.postProcess(findings, judged))
	a.w.putFindings(findings) // the result's lists are copies
	res.NotRead = a.notReadForms(sorted, settings, judged)
	res.links = &lazyLinks{settings: settings, judged: judged, imports: a.imports} // made when asked (status.go)
	return res, nil
}

func (a *analysis) newContext(m *evaluator.Module, v diagnostics.Version, all, judged []*evaluator.Module, out *[]diagnostics.Finding) *diagnostics.Context {
	c := diagnostics.NewContext(m, a.proj, v, out)
	c.Modules, c.Production, c.Imported = all, judged, a.imported
	c.FileText = func(p string) []byte { t, _ := a.text(p); return t }
	return c
}

// djangoVersion is the configured version, else the one the project files
// give (project.DjangoFor): those of the production roots' project folders
// first, then the other judged modules', then any settings module's, then
// the checked folder's; else the newest.
func (a *analysis) djangoVersion(settings, judged []*evaluator.Module) diagnostics.Version {
	if v, ok := parseVersion(a.w.cfg.DjangoVersion); ok {
		return v
	}
	var paths []string
	for _, m := range judged {
		if a.role(m.Path) == Production {
			paths = append(paths, m.Path)
		}
	}
	for _, ms := range [][]*evaluator.Module{judged, settings} {
		for _, m := range ms {
			paths = append(paths, m.Path)
		}
	}
	if d := a.proj.DjangoFor(paths); d.Known {
		return diagnostics.Version{Major: d.Major, Minor: d.Minor}
	}
	return diagnostics.Newest
}

func parseVersion(s string) (diagnostics.Version, bool) {
	maj, min, ok := project.ParseVersion(s)
	return diagnostics.Version{Major: maj, Minor: min}, ok
}

// enabled applies select/ignore (IDs or prefixes).
func (a *analysis) enabled(id string) bool {
	cfg := a.w.cfg
	if len(cfg.Select) > 0 && !matchesAny(cfg.Select, id) {
		return false
	}
	return !matchesAny(cfg.Ignore, id)
}

func matchesAny(prefixes []string, id string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(id, strings.ToUpper(strings.TrimSpace(p))) {
			return true
		}
	}
	return false
}

// postProcess dedupes findings, applies suppression comments, severity
// overrides and SILENCED_SYSTEM_CHECKS. It filters findings in place: the
// list is the analysis's own (a copy of the cached findings), and with 50
// open modules a second one was a sixth of what a keystroke allocated.
func (a *analysis) postProcess(findings []diagnostics.Finding, judged []*evaluator.Module) []diagnostics.Finding {
	silenced := map[string]map[string]bool{} // module path -> rule ID
	for _, m := range judged {
		b := m.Setting("SILENCED_SYSTEM_CHECKS")
		if b == nil {
			continue
		}
		checks, _ := b.Value.Strings()
		for _, c := range checks {
			if r, ok := rules.ForDjangoCheck(c); ok {
				if silenced[m.Path] == nil {
					silenced[m.Path] = map[string]bool{}
				}
				silenced[m.Path][r.ID+"|"+c] = true
			}
		}
	}
	// One finding per rule, range and setting: a value in a fragment that
	// several production roots import is found once per root, and reported
	// once, naming each root.
	at := a.w.findingIndex(len(findings)) // findingscratch.go
	defer func() { a.w.scratch.at = at }()
	out := findings[:0] // each finding is read before its place is written
	for _, f := range findings {
		if text, ok := a.text(f.Path); ok && lineSuppresses(textpos.Line(text, f.Start), f.Code) {
			continue
		}
		if s, ok := a.w.cfg.Severity[f.Code]; ok {
			if sev, err := diagnostics.ParseSeverity(s); err == nil {
				f.Severity = sev
			}
		}
		// SILENCED_SYSTEM_CHECKS silences what reaches production through
		// the root that sets it.
		f.Silenced = f.DjangoCheck != "" && silenced[f.Root][f.Code+"|"+f.DjangoCheck]
		key := findingKey{f.Code, f.Location, f.Setting}
		if i, seen := at[key]; seen {
			out[i] = merged(out[i], f)
			continue
		}
		at[key] = len(out)
		out = append(out, f)
	}
	return out
}

// findingKey is what makes two findings one: the rule, the range and the
// setting (a struct, not a joined string, so a keystroke builds none).
type findingKey struct {
	code    string
	at      diagnostics.Location
	setting string
}

// merged is one finding found through two roots: it is silenced only when
// both roots silence it, and its related information names both.
func merged(f, g diagnostics.Finding) diagnostics.Finding {
	f.Silenced = f.Silenced && g.Silenced
	for _, r := range g.Related {
		if !slices.ContainsFunc(f.Related, func(q diagnostics.Related) bool { return q == r }) {
			f.Related = append(f.Related, r)
		}
	}
	return f
}

// result groups findings by file, listing every judged file.
func (a *analysis) result(settings, judged []*evaluator.Module, findings []diagnostics.Finding) *Result {
	r := &Result{Files: map[string]*FileResult{}, Errors: map[string]string{}, modules: a.modules, judged: judged, imported: a.imported, roles: a.roles, root: a.w.root, w: a.w, overlays: a.overlays, read: a.read, files: a.files, proj: a.proj}
	file := func(p string) *FileResult {
		if f, ok := r.Files[p]; ok {
			return f
		}
		text, _ := a.text(p)
		f := &FileResult{Path: p, Text: text}
		if o, ok := a.overlays[p]; ok {
			f.Version = o.Version
		}
		r.Files[p] = f
		return f
	}
	partial := map[string]string{}
	for _, m := range settings {
		file(m.Path)
		// A module judged in part is reported like a skipped one: what
		// was past a bound is unknown, so its findings may be missing.
		// Both are unjudged too (DJS000, which fails the run): padding a
		// module with work must not hide the DEBUG = True after it.
		if m.TruncatedAt.Valid() {
			r.Errors[m.Path] = fmt.Sprintf("judged only up to line %d: its evaluation stopped there at the work bound (%d units); what follows is unknown", lineNumber(m.Text, m.TruncatedAt.Start), evaluator.WorkBudget)
			partial[m.Path] = r.Errors[m.Path]
		} else if deep, ok := a.cut[m.Path]; ok {
			rel, _ := filepath.Rel(a.w.root, deep)
			r.Errors[m.Path] = fmt.Sprintf("judged in part: it imports %s through a chain of imports more than %d modules deep, which is not followed; what it defines is unknown", filepath.ToSlash(rel), MaxImportDepth)
			partial[m.Path] = r.Errors[m.Path]
		}
	}
	proj := a.proj
	if proj.GitIgnore != nil {
		file(proj.GitIgnorePath)
	}
	for _, v := range projectViews(proj, settings) {
		// The requirements and the .gitignore the project rules judge for
		// these settings (not those of unrelated folders, docs/ or tools/).
		for _, p := range v.RequirementFiles {
			file(p)
		}
		if v.GitIgnorePath != "" {
			file(v.GitIgnorePath)
		}
	}
	a.groupFindings(findings, file) // findingscratch.go
	r.Unjudged = partial
	for _, s := range proj.Skipped {
		r.Errors[s.Path] = s.Reason
		if a.w.mayBeSettings(s.Path, s.Reason) {
			r.Unjudged[s.Path] = s.Reason
		}
	}
	for p, reason := range a.errors {
		r.Errors[p] = reason
		r.Unjudged[p] = reason
	}
	a.shareUnchanged(r)
	return r
}

// lineNumber is the 1-based line of a byte offset.
func lineNumber(text []byte, off int) int {
	line, _ := textpos.NewMapper(text).Position(off, textpos.UTF32)
	return line + 1
}
