package engine

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
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
	w          *Workspace
	overlays   map[string]Overlay
	modules    map[string]*evaluator.Module
	inProgress map[string]bool
	roles      map[string]Role
	errors     map[string]string      // files that could not be judged
	ownedDocs  []*treesitter.Document // parsed here from overlay text; closed at the end
}

func newAnalysis(w *Workspace, overlays map[string]Overlay) *analysis {
	clean := make(map[string]Overlay, len(overlays))
	for p, o := range overlays {
		clean[filepath.Clean(p)] = o
	}
	return &analysis{w: w, overlays: clean, modules: map[string]*evaluator.Module{}, inProgress: map[string]bool{}, roles: map[string]Role{}, errors: map[string]string{}}
}

// text returns a file's current text: the overlay, else the disk.
func (a *analysis) text(path string) ([]byte, bool) {
	if o, ok := a.overlays[path]; ok {
		return o.Text, true
	}
	if f := a.w.readDisk(path); f != nil {
		return f.text, true
	}
	return nil, false
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
	return a.w.pyDoc(path)
}

// evaluate returns the evaluated module at path (nil when unreadable or
// part of an import cycle).
func (a *analysis) evaluate(path string) *evaluator.Module {
	if m, ok := a.modules[path]; ok {
		return m
	}
	if a.inProgress[path] {
		return nil
	}
	if _, open := a.overlays[path]; !open {
		f, err := a.w.readDiskErr(path)
		if f == nil {
			a.errors[path] = a.w.skipReason(path, err)
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
		m = evaluator.Evaluate(path, d, rec)
		if o, open := a.overlays[path]; !open || o.Doc != nil {
			// A tree parsed for this analysis alone is never seen again.
			a.remember(path, d, rec, m)
		}
	}
	delete(a.inProgress, path)
	a.modules[path] = m
	return m
}

// Import implements evaluator.Importer over the workspace.
func (a *analysis) Import(fromPath string, level int, name string) (*evaluator.Module, bool, bool) {
	path, ok := a.resolve(fromPath, level, name)
	if !ok {
		return nil, false, false
	}
	if a.role(path) == Development {
		return nil, true, true
	}
	m := a.evaluate(path)
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
			if st, err := os.Stat(cand); err == nil && st.Mode().IsRegular() {
				return cand, true
			}
		}
	}
	return "", false
}

var devTokens = map[string]bool{"local": true, "dev": true, "development": true, "test": true, "tests": true, "testing": true, "ci": true, "develop": true}
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
	byName := roleByName(rel)
	if byName != Shared {
		return byName
	}
	for _, ref := range a.w.proj.SettingsModuleRefs {
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

func roleByName(rel string) Role {
	stem := strings.TrimSuffix(filepath.Base(rel), ".py")
	if stem == "__init__" {
		stem = filepath.Base(filepath.Dir(rel))
	}
	tokens := strings.FieldsFunc(strings.ToLower(stem), func(r rune) bool { return r == '_' || r == '-' || r == '.' })
	for _, t := range tokens {
		if devTokens[t] {
			return Development
		}
	}
	for _, t := range tokens {
		if prodTokens[t] {
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
	if len(m.StarImports) > 0 {
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
	a.pruneEvals()
	judged := a.judgedModules(settings)
	version := a.djangoVersion()

	var findings []diagnostics.Finding
	for _, r := range diagnostics.Rules() {
		if !a.enabled(r.ID) {
			continue
		}
		switch r.Scope {
		case diagnostics.ScopeProduction:
			for _, m := range judged {
				a.newContext(m, version, settings, judged, &findings).Run(r)
			}
		case diagnostics.ScopeEveryModule:
			for _, m := range settings {
				a.newContext(m, version, settings, judged, &findings).Run(r)
			}
		case diagnostics.ScopeProject:
			a.newContext(nil, version, settings, judged, &findings).Run(r)
		}
	}
	return a.result(settings, judged, a.postProcess(findings, judged)), nil
}

func (a *analysis) newContext(m *evaluator.Module, v diagnostics.Version, all, judged []*evaluator.Module, out *[]diagnostics.Finding) *diagnostics.Context {
	c := diagnostics.NewContext(m, a.w.proj, v, out)
	c.Modules, c.Production = all, judged
	c.FileText = func(p string) []byte { t, _ := a.text(p); return t }
	return c
}

// judgedModules returns the production modules and the shared ones no
// production module imports, each judged merged with its imports.
func (a *analysis) judgedModules(settings []*evaluator.Module) []*evaluator.Module {
	var prod, shared []*evaluator.Module
	for _, m := range settings {
		switch a.role(m.Path) {
		case Production:
			prod = append(prod, m)
		case Shared:
			shared = append(shared, m)
		}
	}
	judged := append([]*evaluator.Module(nil), prod...)
	for _, s := range shared {
		imported := false
		for _, m := range settings {
			if m != s && a.role(m.Path) != Development && importsModule(m, s) {
				imported = true
				break
			}
		}
		if !imported {
			judged = append(judged, s)
		}
	}
	return judged
}

func (a *analysis) djangoVersion() diagnostics.Version {
	if v, ok := parseVersion(a.w.cfg.DjangoVersion); ok {
		return v
	}
	if d := a.w.proj.Django; d.Known {
		return diagnostics.Version{Major: d.Major, Minor: d.Minor}
	}
	return diagnostics.Newest
}

func parseVersion(s string) (diagnostics.Version, bool) {
	parts := strings.SplitN(strings.TrimSpace(s), ".", 3)
	if len(parts) < 2 {
		return diagnostics.Version{}, false
	}
	maj, err1 := strconv.Atoi(parts[0])
	min, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return diagnostics.Version{}, false
	}
	return diagnostics.Version{Major: maj, Minor: min}, true
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

var (
	noqaRe   = regexp.MustCompile(`#\s*noqa\s*:\s*([A-Za-z0-9_,\s]+)`)
	ignoreRe = regexp.MustCompile(`#\s*djls\s*:\s*ignore(?:\[([^\]]*)\])?`)
)

// suppressedOnLine reports whether a line's comment silences code.
func suppressedOnLine(line, code string) bool {
	if m := ignoreRe.FindStringSubmatch(line); m != nil {
		if m[1] == "" && !strings.Contains(m[0], "[") {
			return true
		}
		for _, c := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ' ' }) {
			if strings.EqualFold(c, code) {
				return true
			}
		}
	}
	if m := noqaRe.FindStringSubmatch(line); m != nil {
		for _, c := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			if strings.EqualFold(c, code) {
				return true
			}
		}
	}
	return false
}

// lineAt returns the text of the line holding offset.
func lineAt(text []byte, off int) string {
	if off > len(text) {
		off = len(text)
	}
	start := off
	for start > 0 && text[start-1] != '\n' && text[start-1] != '\r' {
		start--
	}
	end := off
	for end < len(text) && text[end] != '\n' && text[end] != '\r' {
		end++
	}
	return string(text[start:end])
}

// postProcess dedupes findings, applies suppression comments, severity
// overrides and SILENCED_SYSTEM_CHECKS.
func (a *analysis) postProcess(findings []diagnostics.Finding, judged []*evaluator.Module) []diagnostics.Finding {
	silenced := map[string]map[string]bool{} // module path -> rule ID
	for _, m := range judged {
		b := m.Setting("SILENCED_SYSTEM_CHECKS")
		if b == nil {
			continue
		}
		checks, _ := b.Value.Strings()
		for _, c := range checks {
			if r, ok := diagnostics.ForDjangoCheck(c); ok {
				if silenced[m.Path] == nil {
					silenced[m.Path] = map[string]bool{}
				}
				silenced[m.Path][r.ID+"|"+c] = true
			}
		}
	}
	seen := map[string]bool{}
	out := findings[:0]
	for _, f := range findings {
		key := f.Code + "|" + f.Path + "|" + strconv.Itoa(f.Start) + "|" + strconv.Itoa(f.End)
		if seen[key] {
			continue
		}
		seen[key] = true
		if text, ok := a.text(f.Path); ok && suppressedOnLine(lineAt(text, f.Start), f.Code) {
			continue
		}
		if s, ok := a.w.cfg.Severity[f.Code]; ok {
			if sev, err := diagnostics.ParseSeverity(s); err == nil {
				f.Severity = sev
			}
		}
		if f.DjangoCheck != "" && silenced[f.Path][f.Code+"|"+f.DjangoCheck] {
			f.Silenced = true
		}
		out = append(out, f)
	}
	return out
}

// result groups findings by file, listing every judged file.
func (a *analysis) result(settings, judged []*evaluator.Module, findings []diagnostics.Finding) *Result {
	r := &Result{Files: map[string]*FileResult{}, Errors: map[string]string{}, modules: a.modules, judged: judged, roles: a.roles, root: a.w.root, w: a.w, overlays: a.overlays}
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
	for _, m := range settings {
		file(m.Path)
	}
	proj := a.w.proj
	if proj.GitIgnore != nil {
		file(proj.GitIgnorePath)
	}
	for _, p := range proj.RequirementFiles {
		file(p)
	}
	for _, f := range findings {
		fr := file(f.Path)
		fr.Findings = append(fr.Findings, f)
	}
	r.Unjudged = map[string]string{}
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
	for _, f := range r.Files {
		sort.SliceStable(f.Findings, func(i, j int) bool {
			if f.Findings[i].Start != f.Findings[j].Start {
				return f.Findings[i].Start < f.Findings[j].Start
			}
			return f.Findings[i].Code < f.Findings[j].Code
		})
	}
	return r
}
