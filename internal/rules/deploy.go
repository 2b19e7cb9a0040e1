package rules

import (
	"bufio"
	"bytes"
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
)

// Deployment manifests (project.Manifest): how production starts and what
// environment it gets. Findings sit on the manifests themselves.

func init() {
	register(
		&Rule{ID: "DJS804", Name: "runserver-in-production", Severity: diagnostics.Error, Scope: ScopeProject,
			Summary: "a production start command (Procfile, Dockerfile, compose, fly.toml, render.yaml, app.json/app.yaml) runs manage.py runserver",
			Fix:     fixRunserver, Check: checkRunserver},
		&Rule{ID: "DJS805", Name: "env-file-committed", Severity: diagnostics.Error, Scope: ScopeProject,
			Summary: "a .env-style file is tracked by git, or is not ignored while it holds values for secrets the settings read",
			Check:   checkEnvCommitted},
		&Rule{ID: "DJS806", Name: "insecure-deploy-env", Severity: diagnostics.Error, Scope: ScopeProject,
			Summary: "a production manifest sets DEBUG true, a weak or literal SECRET_KEY, or ALLOWED_HOSTS=* through the settings' env vars",
			Check:   checkDeployEnv},
	)
}

// deployManifest is a production manifest parsed from the text the
// analysis sees (an editor's unsaved text included).
type deployManifest struct {
	project.Manifest
	text []byte
}

// productionManifests parses the project's manifests that are not
// development-named.
func productionManifests(c *diagnostics.Context) []deployManifest {
	if c.Project == nil {
		return nil
	}
	var out []deployManifest
	for _, m := range c.Project.Manifests() {
		if m.Development || c.FileText == nil {
			continue
		}
		text := c.FileText(m.Path)
		if text == nil {
			continue
		}
		out = append(out, deployManifest{c.Project.ManifestOf(m, text), text})
	}
	return out
}

func checkRunserver(c *diagnostics.Context) {
	for _, m := range productionManifests(c) {
		for _, cmd := range m.Commands {
			if _, _, runs := project.RunserverAt([]byte(cmd.Text)); !runs {
				continue
			}
			start, end := cmd.Start, cmd.Start
			src := m.text[cmd.Start:cmd.End]
			if s, e, ok := project.RunserverAt(src); ok {
				start, end = cmd.Start+s, cmd.Start+e
			} else if loc := runserverAlone().FindIndex(src); loc != nil {
				// manage.py is in the entrypoint, runserver in the command.
				start, end = cmd.Start+loc[0], cmd.Start+loc[1]
			}
			c.ReportFile(m.Path, start, end, "", diagnostics.Msg(fmt.Sprintf("%s runs Django's development server (runserver)", cmd.Where),
				"runserver is single-threaded, unhardened and not meant for production: start a WSGI/ASGI server such as gunicorn"))
		}
	}
}

// runserverAlone finds the word runserver in a command whose entrypoint
// is manage.py.
var runserverAlone = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\brunserver(?:_plus)?\b`) })

// deploySettings are the settings DJS806 judges in manifests.
var deploySettings = []string{"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}

// settingVars maps each env var the settings read for DEBUG, SECRET_KEY or
// ALLOWED_HOSTS to that setting: the variable a setting's value comes from
// in a production module, and a read of the setting's own name (or
// DJANGO_ + name) anywhere in the settings.
func settingVars(c *diagnostics.Context) map[string]string {
	out := map[string]string{}
	modules := append(slices.Clone(c.Production), c.Modules...)
	for _, m := range c.Production {
		for _, name := range deploySettings {
			if b := m.Setting(name); b != nil {
				for _, v := range envVarsOf(b.Value) {
					out[v] = name
				}
			}
		}
	}
	for _, m := range modules {
		for _, r := range m.EnvReads {
			for _, name := range deploySettings {
				if r.Var == name || r.Var == "DJANGO_"+name {
					out[r.Var] = name
				}
			}
		}
	}
	return out
}

// envVarsOf lists the env vars a value (or its items) was read from.
func envVarsOf(v *evaluator.Value) []string {
	if v == nil {
		return nil
	}
	var out []string
	if v.Env != nil && v.Env.Var != "" {
		out = append(out, v.Env.Var)
	}
	for _, it := range v.Items {
		out = append(out, envVarsOf(it)...)
	}
	return out
}

// truthyEnv are the strings the env libraries read as true.
var truthyEnv = map[string]bool{"true": true, "1": true, "yes": true, "on": true, "y": true, "t": true}

func checkDeployEnv(c *diagnostics.Context) {
	manifests := productionManifests(c)
	if len(manifests) == 0 {
		return
	}
	vars := settingVars(c)
	for _, m := range manifests {
		file := filepath.Base(m.Path)
		for _, e := range m.Env {
			if msg := insecureDeployValue(vars[e.Name], e, file); msg != "" {
				c.ReportFile(m.Path, e.Start, e.End, vars[e.Name], msg)
			}
		}
	}
}

// insecureDeployValue judges one assignment to a setting's env var; ""
// when the value is safe. The headline names the variable first (file names
// start lower-case); no secret value is shown.
func insecureDeployValue(setting string, e project.EnvAssignment, file string) string {
	v := strings.TrimSpace(e.Value)
	// how says what the manifest does: set a value, or default an
	// interpolation (`${DEBUG:-True}`), which applies when the host lacks it.
	how := "set"
	if e.Default {
		how = "defaulted"
	}
	switch setting {
	case "DEBUG":
		if truthyEnv[strings.ToLower(v)] {
			return diagnostics.Msg(fmt.Sprintf("%s=%s %s in %s turns DEBUG on in production", e.Name, v, how, file),
				"Django then shows tracebacks, settings and SQL to anyone who hits an error")
		}
	case "SECRET_KEY":
		if v == "" {
			return ""
		}
		if reason := weakKeyReason(v); reason != "" {
			return diagnostics.Msg(fmt.Sprintf("%s %s in %s to a weak key (%s)", e.Name, how, file, reason),
				"A short or development key can be guessed, and with it anyone can forge sessions and password-reset tokens")
		}
		return diagnostics.Msg(fmt.Sprintf("%s %s in %s to a literal key", e.Name, how, file),
			"The key is committed with the code: everyone who can read the repository can forge sessions. Set it in the host's secret store")
	case "ALLOWED_HOSTS":
		for _, h := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
			if h == "*" {
				return diagnostics.Msg(fmt.Sprintf("%s=* %s in %s allows any host in production", e.Name, how, file),
					"Django then accepts any Host header, which enables cache poisoning and poisoned password-reset links")
			}
		}
	}
	return ""
}

// weakKeyReason is W009's reason, short enough for a headline.
func weakKeyReason(key string) string {
	switch why, n := w009(key); why {
	case "startproject":
		return "a django-insecure- key"
	case "short":
		return fmt.Sprintf("%d characters", n)
	case "repetitive":
		return fmt.Sprintf("%d distinct characters", n)
	}
	return ""
}

// checkEnvCommitted reports .env-style files that git tracks (from the
// index), and those present, not ignored, holding a value for a secret
// the settings read.
func checkEnvCommitted(c *diagnostics.Context) {
	p := c.Project
	if p == nil {
		return
	}
	tracked := p.TrackedEnvFiles()
	for _, f := range tracked {
		if c.FileText != nil && c.FileText(f) != nil {
			c.ReportFile(f, 0, 0, "", diagnostics.Msg(fmt.Sprintf("Git tracks %s", filepath.Base(f)),
				"Its values are in the repository's history: rotate its secrets, then `git rm --cached` it and list it in .gitignore"))
		}
	}
	var secrets map[string]bool // read for the first env file to judge: most projects have none
	seen := map[string]bool{}
	for _, g := range projectGroups(c, c.Modules) {
		for _, f := range g.view.EnvFiles {
			if seen[f] || slices.Contains(tracked, f) || p.Ignored(f, false) {
				continue
			}
			seen[f] = true
			if c.FileText == nil {
				continue
			}
			if secrets == nil {
				secrets = secretVarsRead(c)
			}
			if len(secrets) == 0 {
				return
			}
			if name, start, end, ok := firstSecretLine(c.FileText(f), secrets); ok {
				c.ReportFile(f, start, end, "", diagnostics.Msg(fmt.Sprintf("%s in %s is a secret git does not ignore", name, filepath.Base(f)),
					"One `git add .` commits it: list the file in .gitignore"))
			}
		}
	}
}

// secretVarsRead are the env vars the settings read whose names say they
// hold secrets, and those SECRET_KEY comes from.
func secretVarsRead(c *diagnostics.Context) map[string]bool {
	out := map[string]bool{}
	for v, setting := range settingVars(c) {
		if setting == "SECRET_KEY" {
			out[v] = true
		}
	}
	for _, m := range append(slices.Clone(c.Production), c.Modules...) {
		for _, r := range m.EnvReads {
			if r.Var != "" && diagnostics.IsSecretName(r.Var) {
				out[r.Var] = true
			}
		}
	}
	return out
}

// dotenvLine is `[export] NAME=value` in a .env file.
var dotenvLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$`)
})

// firstSecretLine finds the first assignment of a non-empty value to one
// of secrets; the range is the name.
func firstSecretLine(text []byte, secrets map[string]bool) (name string, start, end int, ok bool) {
	sc := bufio.NewScanner(bytes.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	off := 0
	for sc.Scan() {
		line := sc.Text()
		lineStart := off
		off += len(line) + 1
		m := dotenvLine().FindStringSubmatchIndex(line)
		if m == nil {
			continue
		}
		name, value := line[m[2]:m[3]], strings.Trim(strings.TrimSpace(line[m[4]:m[5]]), `"'`)
		if secrets[name] && value != "" {
			return name, lineStart + m[2], lineStart + m[3], true
		}
	}
	return "", 0, 0, false
}

// Quick fix.

// launcherBefore matches what starts manage.py right before `runserver`:
// `python manage.py `, `./manage.py `, `python3 backend/manage.py `.
var launcherBefore = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?:python[0-9.]*\s+)?(?:[\w./-]*/)?manage\.py\s+$`) })

// addressAfter matches runserver's address argument, if any.
var addressAfter = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[ \t]+([^\s;&|'"-][^\s;&|'"]*)`) })

// launcherBeforeExec matches the words before "runserver" in an exec-form
// list: `["python", "manage.py", "`.
var launcherBeforeExec = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`"(?:python[0-9.]*"\s*,\s*")?(?:[\w./-]*/)?manage\.py"\s*,\s*"$`)
})

// addressAfterExec matches the rest of an exec-form list after runserver:
// an optional address word, then its end.
var addressAfterExec = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^"(?:\s*,\s*"([^"\s-][^"\s]*)")?\s*\]`) })

// productionServer is a server the runserver fix can start instead.
type productionServer struct {
	pkg   string // the requirement
	entry string // "wsgi.py" or "asgi.py"
	// words is the command for the entry module, listening on host:port
	// when given.
	words func(module, host, port string) []string
}

// productionServers in order of preference: a WSGI server first (what a
// Django project runs unless it needs ASGI).
var productionServers = []productionServer{
	{"gunicorn", "wsgi.py", func(m, host, port string) []string {
		if port == "" {
			return []string{"gunicorn", m}
		}
		return []string{"gunicorn", m, "--bind", host + ":" + port}
	}},
	{"uvicorn", "asgi.py", func(m, host, port string) []string {
		if port == "" {
			return []string{"uvicorn", m + ":application"}
		}
		return []string{"uvicorn", m + ":application", "--host", host, "--port", port}
	}},
	{"daphne", "asgi.py", func(m, host, port string) []string {
		if port == "" {
			return []string{"daphne", m + ":application"}
		}
		return []string{"daphne", "-b", host, "-p", port, m + ":application"}
	}},
}

// serverFor picks the first production server the requirements name whose
// entry module the project has.
func serverFor(p *project.Project) (productionServer, string, bool) {
	for _, s := range productionServers {
		if found, commentedOnly := p.HasPackage(s.pkg); !found || commentedOnly {
			continue
		}
		if m := p.EntryModule(s.entry); m != "" {
			return s, m, true
		}
	}
	return productionServer{}, "", false
}

// listenOn splits runserver's address into host and port: a bare port
// listens on all interfaces (runserver's 127.0.0.1 is unreachable from
// outside a container).
func listenOn(addr string) (host, port string) {
	if addr == "" {
		return "", ""
	}
	if i := strings.LastIndexByte(addr, ':'); i >= 0 {
		return addr[:i], addr[i+1:]
	}
	return "0.0.0.0", addr
}

// fixRunserver replaces `python manage.py runserver [addr]` with the
// production server the requirements name (gunicorn <project>.wsgi, else
// uvicorn or daphne <project>.asgi:application) listening on addr; in an
// exec-form list, word for word. runserver with options is left alone: its
// rewrite is not obvious.
func fixRunserver(b *fix.Builder) *fix.Fix {
	t := b.Target()
	if t.Project == nil {
		return nil
	}
	server, module, ok := serverFor(t.Project)
	f, text := t.Finding, t.Text
	if !ok || f.End > len(text) || f.Start >= f.End || string(text[f.Start:f.End]) != "runserver" {
		return nil
	}
	lineStart := bytes.LastIndexByte(text[:f.Start], '\n') + 1
	start, end, replacement, ok := shellRunserverEdit(text, lineStart, f.End, server, module)
	if !ok {
		start, end, replacement, ok = execRunserverEdit(text, lineStart, f.End, server, module)
	}
	if !ok {
		return nil
	}
	return &fix.Fix{Title: "Run " + server.pkg + " " + module + " instead of runserver",
		Edits: []fix.Edit{{Path: f.Path, Start: start, End: end, NewText: replacement}}}
}

// shellRunserverEdit rewrites `python manage.py runserver [addr]` in a
// shell command; runserver ends at end.
func shellRunserverEdit(text []byte, lineStart, end int, server productionServer, module string) (int, int, string, bool) {
	loc := launcherBefore().FindIndex(text[lineStart : end-len("runserver")])
	if loc == nil {
		return 0, 0, "", false
	}
	addr := ""
	rest := text[end:]
	if m := addressAfter().FindSubmatchIndex(rest); m != nil {
		addr = string(rest[m[2]:m[3]])
		end += m[1]
	} else if bytes.HasPrefix(bytes.TrimLeft(rest, " \t"), []byte("-")) {
		return 0, 0, "", false // runserver options: no obvious equivalent
	}
	host, port := listenOn(addr)
	return lineStart + loc[0], end, strings.Join(server.words(module, host, port), " "), true
}

// execRunserverEdit rewrites `"python", "manage.py", "runserver"[, "addr"]`
// at the end of an exec-form list.
func execRunserverEdit(text []byte, lineStart, end int, server productionServer, module string) (int, int, string, bool) {
	loc := launcherBeforeExec().FindIndex(text[lineStart : end-len("runserver")])
	m := addressAfterExec().FindSubmatchIndex(text[end:])
	if loc == nil || m == nil {
		return 0, 0, "", false
	}
	addr := ""
	stop := end + 1 // the closing quote of "runserver"
	if m[2] >= 0 {
		addr = string(text[end+m[2] : end+m[3]])
		stop = end + m[3] + 1
	}
	host, port := listenOn(addr)
	return lineStart + loc[0], stop, `"` + strings.Join(server.words(module, host, port), `", "`) + `"`, true
}
