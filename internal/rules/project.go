package rules

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/project"
	"github.com/djls-dev/djls/internal/textpos"
)

func init() {
	register(
		&Rule{ID: "DJS801", Name: "env-file-not-ignored", Severity: diagnostics.Error, Scope: ScopeProject,
			Summary: "settings read env vars or a .env file exists, and .gitignore does not ignore .env", Fix: fixGitignore, Check: checkEnvIgnored},
		&Rule{ID: "DJS802", Name: "production-server-missing", Severity: diagnostics.Warning, Scope: ScopeProject,
			Summary: "requirements lack a WSGI/ASGI server (gunicorn, uvicorn, uwsgi, daphne, granian, waitress)", Fix: fixServer, Check: checkServer},
		&Rule{ID: "DJS803", Name: "whitenoise-inconsistent", Severity: diagnostics.Warning, Scope: ScopeProject,
			Summary: "whitenoise is in MIDDLEWARE but not in requirements, or the other way round", Check: checkWhiteNoise},
	)
}

// usesEnv reports whether a project's settings (or the project modules they
// import) read env vars or load a .env file, or the project folder holds a
// .env file.
func usesEnv(g projectGroup, imported map[*evaluator.Module]bool) bool {
	if len(g.view.EnvFiles) > 0 {
		return true
	}
	for _, m := range g.modules {
		if m.UsesDotEnv || (imported[m] && readsEnvInCode(m)) {
			return true
		}
		for _, r := range m.EnvReads {
			if r.Var != "" {
				return true
			}
		}
	}
	return false
}

// checkEnvIgnored judges, for each project folder, whether git ignores its
// .env files: .env there, whether it exists or not, and every .env-style
// file present there or in a folder above it up to the repository root.
// The finding sits on the nearest .gitignore at or above the file's folder
// (the one whose lines win: a line added there ignores the file), or on a
// settings module when there is none up to the repository root.
func checkEnvIgnored(c *diagnostics.Context) {
	p := c.Project
	if p == nil {
		return
	}
	groups := projectGroups(c, c.Modules)
	at := map[string]int{}
	for i, g := range groups {
		at[g.view.Folder] = i
	}
	// A helper module's env reads count for the settings of its project.
	imported := map[*evaluator.Module]bool{}
	for _, m := range c.Imported {
		if i, ok := at[p.ProjectFolder(m.Path)]; ok {
			groups[i].modules = append(groups[i].modules, m)
			imported[m] = true
		}
	}
	for _, g := range groups {
		if usesEnv(g, imported) {
			checkEnvFilesIgnored(c, g)
		}
	}
}

func checkEnvFilesIgnored(c *diagnostics.Context, g projectGroup) {
	p, v := c.Project, g.view
	paths := []string{filepath.Join(v.Folder, ".env")}
	for _, f := range v.EnvFiles {
		if filepath.Base(f) != ".env" {
			paths = append(paths, f)
		}
	}
	for _, path := range paths {
		if p.Ignored(path, false) {
			continue
		}
		name := filepath.Base(path)
		// The .gitignore whose lines win for the file: a line added there
		// ignores it.
		gitignore := p.NearestGitIgnore(filepath.Dir(path))
		if gitignore == "" {
			reportNoGitignore(c, g.modules)
			return
		}
		shown := name
		if rel, err := filepath.Rel(filepath.Dir(gitignore), path); err == nil {
			shown = filepath.ToSlash(rel)
		}
		// Zero-width at the start: a squiggle would underline an unrelated
		// line of the .gitignore.
		c.ReportFile(gitignore, 0, 0, "", diagnostics.Msg(fmt.Sprintf("Git does not ignore %s, where the settings' secrets live", diagnostics.Quote(shown)),
			fmt.Sprintf(".gitignore does not ignore %s, where the settings' environment variables (secrets included) live: add a line `%s`", shown, name)))
		return
	}
}

// reportNoGitignore reports a project without any .gitignore on the first
// env read of its settings modules (production first), else on line 1 of
// the first: zero-width, as the read itself is not what is wrong.
func reportNoGitignore(c *diagnostics.Context, modules []*evaluator.Module) {
	const headline = "No .gitignore: a .env file with production secrets would be committed"
	for _, m := range modules {
		for _, r := range m.EnvReads {
			if r.Call.File == m.Path && r.Call.Valid() {
				c.ReportFile(m.Path, r.Call.Start, r.Call.Start, "", diagnostics.Msg(headline,
					"The project has no .gitignore, so a .env file with production secrets would be committed: add a .gitignore that lists .env"))
				return
			}
		}
	}
	if len(modules) > 0 {
		m := modules[0]
		c.ReportFile(m.Path, 0, 0, "", diagnostics.Msg(headline,
			"The project has no .gitignore, so a .env file with production secrets would be committed"))
	}
}

// projectGroup is one project folder's files and the modules it runs.
type projectGroup struct {
	view    *project.View
	modules []*evaluator.Module
}

// projectGroups groups modules by project folder (see
// project.ProjectFolder), production roots first, in the order given; with
// no module, Root's view alone.
func projectGroups(c *diagnostics.Context, modules []*evaluator.Module) []projectGroup {
	p := c.Project
	prod := map[*evaluator.Module]bool{}
	for _, m := range c.Production {
		prod[m] = true
	}
	ordered := append([]*evaluator.Module(nil), c.Production...)
	for _, m := range modules {
		if !prod[m] {
			ordered = append(ordered, m)
		}
	}
	if len(ordered) == 0 {
		return []projectGroup{{view: p.View(p.Root)}}
	}
	var out []projectGroup
	at := map[string]int{}
	seen := map[*evaluator.Module]bool{}
	for _, m := range ordered {
		if m == nil || seen[m] {
			continue
		}
		seen[m] = true
		dir := p.ProjectFolder(m.Path)
		i, ok := at[dir]
		if !ok {
			i = len(out)
			at[dir] = i
			out = append(out, projectGroup{view: p.View(dir)})
		}
		out[i].modules = append(out[i].modules, m)
	}
	return out
}

// productionGroups are the project folders of the production settings.
// With none (a library whose only settings are its example, docs or test
// projects), nothing goes to production that the requirements must serve.
func productionGroups(c *diagnostics.Context) []projectGroup {
	if len(c.Production) == 0 {
		return nil
	}
	return projectGroups(c, nil)
}

// wsgiServers are the production servers DJS802 looks for.
var wsgiServers = []string{"gunicorn", "uvicorn", "uwsgi", "daphne", "granian", "waitress", "hypercorn", "mod-wsgi", "bjoern", "meinheld"}

func checkServer(c *diagnostics.Context) {
	if c.Project == nil {
		return
	}
	for _, g := range productionGroups(c) {
		checkServerIn(c, g.view)
	}
}

func checkServerIn(c *diagnostics.Context, v *project.View) {
	if len(v.RequirementFiles) == 0 {
		return
	}
	if len(c.Project.DeployedServers(wsgiServers)) > 0 {
		return // a production Dockerfile or Procfile installs or runs one
	}
	var commented *project.Requirement
	for _, s := range wsgiServers {
		found, commentedOnly := v.HasPackage(s)
		if found && !commentedOnly {
			return
		}
		if found && commented == nil {
			for i := range v.Requirements {
				if r := &v.Requirements[i]; r.Name == s && r.Commented {
					commented = r
					break
				}
			}
		}
	}
	if commented != nil {
		c.ReportFile(commented.File, commented.Start, commented.End, "", diagnostics.Msg(fmt.Sprintf("WSGI/ASGI server %s is only commented out in %s", diagnostics.Quote(commented.Name), diagnostics.Quote(filepath.Base(commented.File))),
			"Production would run without a WSGI/ASGI server (runserver is not one)"))
		return
	}
	file, start, end := requirementAnchor(v)
	c.ReportFile(file, start, end, "", diagnostics.Msg("No production WSGI/ASGI server in the requirements",
		"None of gunicorn, uvicorn, uwsgi, daphne, granian or waitress is required: runserver is not meant for production"))
}

// requirementAnchor picks where a "missing requirement" finding sits: the
// Django line of the production requirements (or the first file, which is
// the nearest to the project folder).
func requirementAnchor(v *project.View) (string, int, int) {
	file := v.RequirementFiles[0]
	for _, f := range v.RequirementFiles {
		if strings.Contains(strings.ToLower(filepath.Base(f)), "prod") {
			file = f
			break
		}
		if developmentRequirements(file) && !developmentRequirements(f) {
			file = f // requirements.txt, not requirements-dev.txt
		}
	}
	for _, r := range v.Requirements {
		if r.File == file && r.Name == "django" && !r.Commented {
			return file, r.Start, r.End
		}
	}
	for _, r := range v.Requirements {
		if r.File == file {
			return file, r.Start, r.End
		}
	}
	return file, 0, 0
}

// developmentRequirements reports requirements files for development
// (requirements-dev.txt, requirements/test.txt, dev-requirements.txt).
func developmentRequirements(path string) bool {
	name := strings.ToLower(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
	for _, t := range strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		switch t {
		case "dev", "development", "test", "tests", "testing", "local", "ci", "lint", "docs", "doc":
			return true
		}
	}
	return false
}

// whiteNoiseUse returns the first production setting value that uses
// WhiteNoise, with its module.
func whiteNoiseUse(production []*evaluator.Module) (*evaluator.Module, *evaluator.Binding, *evaluator.Value, bool) {
	for _, m := range production {
		for _, name := range []string{"MIDDLEWARE", "INSTALLED_APPS", "STATICFILES_STORAGE", "STORAGES"} {
			b := m.Setting(name)
			if b == nil {
				continue
			}
			if v := findWhiteNoise(b.Value); v != nil {
				return m, b, v, true
			}
		}
	}
	return nil, nil, nil, false
}

func findWhiteNoise(v *evaluator.Value) *evaluator.Value {
	if v == nil {
		return nil
	}
	if v.Kind == evaluator.Str && strings.HasPrefix(v.Str, "whitenoise.") {
		return v
	}
	for _, it := range v.Items {
		if f := findWhiteNoise(it); f != nil {
			return f
		}
	}
	return nil
}

func checkWhiteNoise(c *diagnostics.Context) {
	if c.Project == nil {
		return
	}
	for _, g := range productionGroups(c) {
		checkWhiteNoiseIn(c, g)
	}
}

// checkWhiteNoiseIn judges one project folder's requirements against the
// production modules it runs.
func checkWhiteNoiseIn(c *diagnostics.Context, g projectGroup) {
	v := g.view
	if len(v.RequirementFiles) == 0 {
		return
	}
	var production []*evaluator.Module
	for _, m := range g.modules {
		if slices.Contains(c.Production, m) {
			production = append(production, m)
		}
	}
	found, commentedOnly := v.HasPackage("whitenoise")
	m, b, val, used := whiteNoiseUse(production)
	switch {
	case used && (!found || commentedOnly):
		state := "not in the requirements"
		if commentedOnly {
			state = "only commented out in the requirements"
		}
		saved := c.Module
		c.Module = m
		c.OnValue(b, val, "-", diagnostics.Msg(fmt.Sprintf("%s uses WhiteNoise, but whitenoise is %s", b.Name, state),
			"The app fails to start in production"))
		c.Module = saved
	case found && !commentedOnly && !used && len(production) > 0:
		for _, pm := range production {
			if _, _, known := middleware(&diagnostics.Context{Module: pm, Django: c.Django}); !known {
				return
			}
		}
		for _, r := range v.Requirements {
			if r.Name == "whitenoise" && !r.Commented {
				c.ReportFile(r.File, r.Start, r.End, "", diagnostics.Msg("WhiteNoise is required, but neither MIDDLEWARE nor STORAGES uses it",
					"whitenoise is in the requirements, but static files are not served by it in production"))
				return
			}
		}
	}
}

// Quick fixes.

var gitignoreLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("add a line `([^`]+)`") })

// fixGitignore appends the env file to .gitignore, creating it if needed.
func fixGitignore(b *fix.Builder) *fix.Fix {
	t := b.Target()
	if t.Project == nil {
		return nil
	}
	name := ".env"
	if m := gitignoreLine().FindStringSubmatch(t.Finding.Detail); m != nil {
		name = m[1]
	}
	// Unsafe: it edits or creates a file other than the settings.
	fx := &fix.Fix{Title: "Add " + name + " to .gitignore"}
	path := filepath.Clean(t.Finding.Path)
	if filepath.Base(path) != ".gitignore" {
		// No .gitignore up to the repository root: the finding sits on a
		// settings module; create one in its project folder.
		fx.Title = "Create a .gitignore that ignores " + name
		fx.Edits = []fix.Edit{{Path: filepath.Join(t.Project.ProjectFolder(path), ".gitignore"), NewText: name + "\n"}}
		return fx
	}
	text := t.Text // the engine passes the .gitignore text with its finding
	nl := fix.NewlineStyle(text)
	insert := name + nl
	if len(text) > 0 && text[len(text)-1] != '\n' && text[len(text)-1] != '\r' {
		insert = nl + insert
	}
	fx.Edits = []fix.Edit{{Path: path, Start: len(text), End: len(text), NewText: insert}}
	return fx
}

// fixServer uncomments a commented-out WSGI server, or adds gunicorn next
// to the requirement the finding sits on.
func fixServer(b *fix.Builder) *fix.Fix {
	t := b.Target()
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
		// Unsafe, as below: it changes what the project installs.
		return &fix.Fix{Title: "Uncomment " + req.Name, Edits: []fix.Edit{{Path: f.Path, Start: start, End: end}}}
	}
	fx := &fix.Fix{Title: "Add gunicorn to " + filepath.Base(f.Path)}
	nl := fix.NewlineStyle(text)
	source := project.SourceRequirements
	if req != nil {
		source = req.Source
	}
	switch source {
	case project.SourceRequirements:
		if len(text) == 0 || req == nil {
			fx.Edits = []fix.Edit{{Path: f.Path, Start: len(text), End: len(text), NewText: fix.LineAfter(text, "gunicorn", nl)}}
			return fx
		}
		at := textpos.NextLine(text, req.End)
		fx.Edits = []fix.Edit{{Path: f.Path, Start: at, End: at, NewText: fix.LineAfter(text[:at], "gunicorn", nl)}}
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
			fx.Edits = []fix.Edit{{Path: f.Path, Start: at, End: at, NewText: fix.LineAfter(text[:at], fix.IndentAt(text, open)+entry+",", nl)}}
			return fx
		}
		fx.Edits = []fix.Edit{{Path: f.Path, Start: q + 1, End: q + 1, NewText: ", " + entry}}
	case project.SourcePoetry, project.SourcePipfile:
		at := textpos.NextLine(text, req.End)
		fx.Edits = []fix.Edit{{Path: f.Path, Start: at, End: at, NewText: fix.LineAfter(text[:at], `gunicorn = "*"`, nl)}}
	default:
		return nil
	}
	return fx
}
