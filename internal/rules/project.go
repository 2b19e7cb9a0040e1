package rules

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

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

func usesEnv(c *diagnostics.Context) bool {
	if c.Project != nil && len(c.Project.EnvFiles) > 0 {
		return true
	}
	for _, m := range c.Modules {
		if m.UsesDotEnv {
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

func checkEnvIgnored(c *diagnostics.Context) {
	p := c.Project
	if p == nil || !usesEnv(c) {
		return
	}
	names := []string{".env"}
	for _, f := range p.EnvFiles {
		if n := filepath.Base(f); n != ".env" && !strings.HasSuffix(n, ".example") && !strings.HasSuffix(n, ".sample") && !strings.HasSuffix(n, ".template") {
			names = append(names, n)
		}
	}
	if p.GitIgnore == nil {
		// No .gitignore: report on the settings module that reads the environment.
		for _, m := range append(append([]*evaluator.Module(nil), c.Production...), c.Modules...) {
			for _, r := range m.EnvReads {
				if r.Call.File == m.Path && r.Call.Valid() {
					c.ReportFile(m.Path, r.Call.Start, r.Call.End, "", "the project has no .gitignore, so a .env file with production secrets would be committed: add a .gitignore that lists .env")
					return
				}
			}
		}
		if len(c.Modules) > 0 {
			m := c.Modules[0]
			c.ReportFile(m.Path, 0, textpos.LineEnd(m.Text, 0), "", "the project has no .gitignore, so a .env file with production secrets would be committed")
		}
		return
	}
	for _, n := range names {
		if !p.GitIgnore.Ignored(n, false) {
			c.ReportFile(p.GitIgnorePath, 0, textpos.LineEnd(c.FileText(p.GitIgnorePath), 0), "", fmt.Sprintf(".gitignore does not ignore %s, where the settings' environment variables (secrets included) live: add a line `%s`", n, n))
			return
		}
	}
}

// wsgiServers are the production servers DJS802 looks for.
var wsgiServers = []string{"gunicorn", "uvicorn", "uwsgi", "daphne", "granian", "waitress", "hypercorn", "mod-wsgi", "bjoern", "meinheld"}

func checkServer(c *diagnostics.Context) {
	p := c.Project
	if p == nil || len(p.RequirementFiles) == 0 {
		return
	}
	var commented *project.Requirement
	for _, s := range wsgiServers {
		found, commentedOnly := p.HasPackage(s)
		if found && !commentedOnly {
			return
		}
		if found && commented == nil {
			for i := range p.Requirements {
				if r := &p.Requirements[i]; r.Name == s && r.Commented {
					commented = r
					break
				}
			}
		}
	}
	if commented != nil {
		c.ReportFile(commented.File, commented.Start, commented.End, "", fmt.Sprintf("%s is only commented out in %s: production would run without a WSGI/ASGI server (runserver is not one)", commented.Name, filepath.Base(commented.File)))
		return
	}
	file, start, end := requirementAnchor(p)
	c.ReportFile(file, start, end, "", "no production WSGI/ASGI server (gunicorn, uvicorn, uwsgi, daphne, granian, waitress) in the requirements: runserver is not meant for production")
}

// requirementAnchor picks where a "missing requirement" finding sits: the
// Django line of the production requirements (or the first file).
func requirementAnchor(p *project.Project) (string, int, int) {
	file := p.RequirementFiles[0]
	for _, f := range p.RequirementFiles {
		if strings.Contains(strings.ToLower(filepath.Base(f)), "prod") {
			file = f
			break
		}
	}
	for _, r := range p.Requirements {
		if r.File == file && r.Name == "django" && !r.Commented {
			return file, r.Start, r.End
		}
	}
	for _, r := range p.Requirements {
		if r.File == file {
			return file, r.Start, r.End
		}
	}
	return file, 0, 0
}

// whiteNoiseUse returns the first production setting value that uses
// WhiteNoise, with its module.
func whiteNoiseUse(c *diagnostics.Context) (*evaluator.Module, *evaluator.Binding, *evaluator.Value, bool) {
	for _, m := range c.Production {
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
	p := c.Project
	if p == nil || len(p.RequirementFiles) == 0 {
		return
	}
	found, commentedOnly := p.HasPackage("whitenoise")
	m, b, v, used := whiteNoiseUse(c)
	switch {
	case used && (!found || commentedOnly):
		state := "not in the requirements"
		if commentedOnly {
			state = "only commented out in the requirements"
		}
		saved := c.Module
		c.Module = m
		c.OnValue(b, v, "-", fmt.Sprintf("%s uses WhiteNoise, but whitenoise is %s: the app fails to start in production", b.Name, state))
		c.Module = saved
	case found && !commentedOnly && !used && len(c.Production) > 0:
		for _, pm := range c.Production {
			if _, _, known := middleware(&diagnostics.Context{Module: pm, Django: c.Django}); !known {
				return
			}
		}
		for _, r := range p.Requirements {
			if r.Name == "whitenoise" && !r.Commented {
				c.ReportFile(r.File, r.Start, r.End, "", "whitenoise is in the requirements, but neither MIDDLEWARE nor STORAGES uses it: static files are not served by it in production")
				return
			}
		}
	}
}

// Quick fixes.

var gitignoreLine = regexp.MustCompile("add a line `([^`]+)`")

// fixGitignore appends the env file to .gitignore, creating it if needed.
func fixGitignore(b *fix.Builder) *fix.Fix {
	t := b.Target()
	if t.Project == nil {
		return nil
	}
	name := ".env"
	if m := gitignoreLine.FindStringSubmatch(t.Finding.Message); m != nil {
		name = m[1]
	}
	path := t.Project.GitIgnorePath
	fx := &fix.Fix{Title: "Add " + name + " to .gitignore", Safe: true}
	if t.Project.GitIgnore == nil {
		fx.Title = "Create a .gitignore that ignores " + name
		fx.Edits = []fix.Edit{{Path: path, NewText: name + "\n"}}
		return fx
	}
	text := t.Text
	if filepath.Clean(t.Finding.Path) != filepath.Clean(path) {
		return nil // the engine passes the .gitignore text with its finding
	}
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
		return &fix.Fix{Title: "Uncomment " + req.Name, Safe: true, Edits: []fix.Edit{{Path: f.Path, Start: start, End: end}}}
	}
	fx := &fix.Fix{Title: "Add gunicorn to " + filepath.Base(f.Path), Safe: true}
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
