package review

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/finding"
)

// modules says how each settings module was judged.
func modules(b *builder) []Module {
	var out []Module
	for _, m := range b.res.SettingsModules() {
		out = append(out, Module{Path: b.rel(m.Path), Judgement: b.judgement(m)})
	}
	return out
}

func (b *builder) judgement(m engine.ModuleJudgement) string {
	switch {
	case m.Judged && m.Role == engine.Production:
		return "production root: judged as production, merged with what it imports"
	case m.Judged:
		return "root judged as production: nothing imports it, and its name does not say development"
	case m.Role == engine.Development:
		return "development: not judged (its name, or the development settings it extends, say so)"
	case len(m.Roots) > 0:
		roots := make([]string, len(m.Roots))
		for i, r := range m.Roots {
			roots[i] = b.rel(r)
		}
		return "fragment of " + strings.Join(roots, ", ") + ": judged through it, each finding reported where it is written"
	}
	return "fragment: another settings module imports it; judged through the modules that import it"
}

// envVars lists the env vars production reads: required ones, then those
// whose default is unsafe, then those whose default is safe, then the rest.
func envVars(b *builder) []EnvVar {
	var groups [4][]EnvVar
	for _, d := range b.res.EnvDetails() {
		v := EnvVar{Name: d.Name, Where: fmt.Sprintf("%s:%d", b.rel(d.Path), d.Line), Required: d.Required, Secret: d.Secret}
		if !d.Secret {
			v.Default = d.Default
		}
		v.Expression = d.HasDefault && d.Default == "" && !d.Secret
		group := 3
		switch {
		case d.Development:
			v.Note = "read only by development settings: production does not read it"
		case d.Required:
			v.Note = "no default: start-up fails until it is set"
			group = 0
		case d.HasDefault && d.EnvName:
			v.Note = "names the environment: djls judged the settings as if it named production, so production must set it to the name the settings compare with"
			group = 1
		case d.HasDefault:
			codes := b.findingsIn(d.Path, d.DefaultAt)
			switch {
			case len(codes) > 0:
				v.Note = "the default is unsafe in production (" + strings.Join(codes, ", ") + "): set it"
				group = 1
			case d.Secret:
				v.Note = "a secret with a default in the source: set it"
				group = 1
			default:
				v.Safe = true
				v.Note = "the default is safe in production"
				group = 2
			}
		default:
			v.Note = "read without a default value (computed, or empty when unset)"
		}
		v.MustSet = group <= 1
		groups[group] = append(groups[group], v)
	}
	var out []EnvVar
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// findingsIn lists the codes of the counted findings inside [at[0], at[1]) of path.
func (b *builder) findingsIn(path string, at [2]int) []string {
	var codes []string
	seen := map[string]bool{}
	for _, f := range b.all {
		if f.Path == path && f.Start < at[1] && f.End > at[0] && !seen[f.Code] {
			seen[f.Code] = true
			codes = append(codes, f.Code)
		}
	}
	return codes
}

// mustSet counts the env vars production must set.
func mustSet(vars []EnvVar) int {
	n := 0
	for _, v := range vars {
		if v.MustSet {
			n++
		}
	}
	return n
}

// checklist derives the deployment checklist from the findings and the
// production values: each line says what this project still has to do,
// what it already does, or what only the server can tell.
func checklist(b *builder) []Check {
	var out []Check
	out = append(out, b.httpsCheck(), b.proxyCheck(), b.serverCheck(), b.staticCheck(), b.databaseCheck(), b.loggingCheck(), b.envCheck(), b.secretsCheck())
	if c, ok := b.deployCheck(); ok {
		out = append(out, c)
	}
	return out
}

var httpsSettings = []string{"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"}

func (b *builder) httpsCheck() Check {
	var missing []string
	for _, s := range httpsSettings {
		if b.findingOn(s) {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		text := "HTTPS is not enforced: " + strings.Join(missing, ", ") + " must be set for production"
		if len(b.rev.Blocks) > 0 {
			text += " (the production security block above sets " + pronoun(len(missing)) + ")"
		}
		return Check{Topic: "HTTPS", Status: Todo, Text: text + "."}
	}
	if b.anyRoot("SECURE_SSL_REDIRECT", func(v *evaluator.Value) bool { return v.IsTrue() }) {
		return Check{Topic: "HTTPS", Status: Done, Text: "HTTPS is enforced: plain HTTP is redirected, and HSTS and secure cookies are on."}
	}
	return Check{Topic: "HTTPS", Status: Verify, Text: "SECURE_SSL_REDIRECT is not on in the settings: make sure the web server or proxy redirects plain HTTP to HTTPS."}
}

func (b *builder) proxyCheck() Check {
	if b.findingOn("SECURE_PROXY_SSL_HEADER") {
		return Check{Topic: "Proxy header", Status: Todo, Text: "SECURE_PROXY_SSL_HEADER needs fixing (see the findings above)."}
	}
	if s, ok := b.rootSetting("SECURE_PROXY_SSL_HEADER"); ok && !s.Value.IsUnknown() && s.Value.Kind != evaluator.None {
		return Check{Topic: "Proxy header", Status: Verify, Text: "SECURE_PROXY_SSL_HEADER = `" + s.Shown + "` (" + b.settingWhere(s) + "): the proxy in front of Django must set that header on every request and drop it when a client sends it."}
	}
	return Check{Topic: "Proxy header", Status: Verify, Text: "SECURE_PROXY_SSL_HEADER is not set: if TLS ends at a proxy or load balancer (Nginx, a PaaS router), set it to `('HTTP_X_FORWARDED_PROTO', 'https')` once the proxy sets that header, or SECURE_SSL_REDIRECT redirects forever."}
}

// servers are WSGI/ASGI servers a requirements file may name.
var servers = []string{"gunicorn", "uvicorn", "daphne", "hypercorn", "uwsgi", "waitress", "mod-wsgi", "granian"}

func (b *builder) serverCheck() Check {
	for _, f := range b.all {
		if f.Code == "DJS802" || f.Code == "DJS804" {
			return Check{Topic: "Server", Status: Todo, Text: f.Message + "."}
		}
	}
	app := b.wsgiModule()
	for _, s := range servers {
		if found, commented := b.res.HasPackage(s); found && !commented {
			text := s + " is in the requirements: start production with it"
			if s == "gunicorn" && app != "" {
				text += " (`gunicorn " + app + "`)"
			}
			return Check{Topic: "Server", Status: Done, Text: text + ", never with `manage.py runserver`."}
		}
	}
	text := "No WSGI/ASGI server in the requirements: add one (gunicorn, uvicorn) and start production with it, never `manage.py runserver`"
	if app != "" {
		text += " (`gunicorn " + app + "`)"
	}
	return Check{Topic: "Server", Status: Todo, Text: text + "."}
}

// wsgiModule is the module of WSGI_APPLICATION (Maisha_backend.wsgi), "" when unknown.
func (b *builder) wsgiModule() string {
	s, ok := b.rootSetting("WSGI_APPLICATION")
	if !ok || s.Value.Kind != evaluator.Str {
		return ""
	}
	mod, _, _ := strings.Cut(s.Value.Str, ":")
	if i := strings.LastIndexByte(mod, '.'); i > 0 {
		mod = mod[:i]
	}
	if !settingName().MatchString(strings.ToUpper(strings.ReplaceAll(mod, ".", "_"))) {
		return "" // not a dotted module name: nothing to quote
	}
	return mod
}

func (b *builder) staticCheck() Check {
	root, hasRoot := b.rootSetting("STATIC_ROOT")
	if !hasRoot && b.res.MaybeSet("STATIC_ROOT") {
		return Check{Topic: "Static files", Status: Verify, Text: "djls cannot tell whether STATIC_ROOT is set: make sure it is, run `python manage.py collectstatic --noinput` on each deploy, and have the web server, a CDN or WhiteNoise serve it."}
	}
	if !hasRoot || root.Value.Kind == evaluator.None {
		return Check{Topic: "Static files", Status: Todo, Text: "STATIC_ROOT is not set: `manage.py collectstatic` has nowhere to collect the files production serves."}
	}
	where := "STATIC_ROOT is set (" + b.settingWhere(root) + "): run `python manage.py collectstatic --noinput` on each deploy"
	if mw, ok := b.rootSetting("MIDDLEWARE"); ok && mw.Value.ContainsString("whitenoise.middleware.WhiteNoiseMiddleware") {
		return Check{Topic: "Static files", Status: Done, Text: where + "; WhiteNoise serves them."}
	}
	if found, commented := b.res.HasPackage("whitenoise"); found && commented {
		return Check{Topic: "Static files", Status: Todo, Text: where + ". With DEBUG off Django serves none of them, and whitenoise is only commented out in the requirements and not in MIDDLEWARE: add it, or have the web server or a CDN serve STATIC_ROOT."}
	}
	return Check{Topic: "Static files", Status: Verify, Text: where + ". With DEBUG off Django serves none of them: the web server, a CDN or WhiteNoise must."}
}

func (b *builder) databaseCheck() Check {
	var dbFindings []string
	for _, f := range b.all {
		if f.Setting == "DATABASES" && f.Severity >= finding.Warning {
			dbFindings = append(dbFindings, f.Code)
		}
	}
	s, ok := b.rootSetting("DATABASES")
	engineName := ""
	if ok {
		if def, ok := s.Value.Get("default"); ok {
			if e, ok := def.Get("ENGINE"); ok && e.Kind == evaluator.Str {
				engineName = e.Str
			}
		}
	}
	switch {
	case strings.Contains(engineName, "sqlite3"):
		return Check{Topic: "Database", Status: Todo, Text: "The database is SQLite: one file on one server. Use PostgreSQL or MySQL for a site with concurrent writes, or keep the file on persistent, backed-up storage; run `python manage.py migrate` on each deploy."}
	case len(dbFindings) > 0:
		return Check{Topic: "Database", Status: Todo, Text: "DATABASES needs fixing (" + strings.Join(unique(dbFindings), ", ") + ", above); then run `python manage.py migrate` on each deploy."}
	case engineName != "":
		return Check{Topic: "Database", Status: Verify, Text: "The database is " + engineName[strings.LastIndexByte(engineName, '.')+1:] + ": make sure it is backed up and reachable from production, and run `python manage.py migrate` on each deploy."}
	}
	return Check{Topic: "Database", Status: Verify, Text: "The database settings are computed (a URL from the environment): make sure production's is backed up, and run `python manage.py migrate` on each deploy."}
}

func (b *builder) loggingCheck() Check {
	s, ok := b.rootSetting("LOGGING")
	if (!ok && b.res.MaybeSet("LOGGING")) || (ok && s.Value.Kind != evaluator.Dict) {
		return Check{Topic: "Logging", Status: Verify, Text: "djls cannot read LOGGING: make sure errors reach the console (the platform collects it) or an error tracker."}
	}
	if !ok {
		text := "LOGGING is not set: with DEBUG off, errors are only emailed to ADMINS"
		if _, admins := b.rootSetting("ADMINS"); !admins && !b.res.MaybeSet("ADMINS") {
			text = "LOGGING and ADMINS are not set: with DEBUG off, errors reach no one"
		}
		return Check{Topic: "Logging", Status: Todo, Text: text + ". Log to the console (the platform collects it) or to an error tracker."}
	}
	handlers, _ := s.Value.Get("handlers")
	var files []string
	if handlers != nil {
		for _, h := range handlers.Items {
			if class, ok := h.Get("class"); ok && class.Kind == evaluator.Str && strings.HasSuffix(class.Str, "FileHandler") {
				name := "a file"
				if fn, ok := h.Get("filename"); ok && fn.Kind == evaluator.Str {
					name = fn.Str
				}
				files = append(files, name)
			}
		}
	}
	if len(files) > 0 {
		return Check{Topic: "Logging", Status: Verify, Text: "LOGGING writes to " + strings.Join(files, ", ") + " (" + b.settingWhere(s) + "): the folder must exist and be writable by the app's user (start-up fails otherwise), and the file rotated; on containers and PaaS, log to the console instead."}
	}
	return Check{Topic: "Logging", Status: Done, Text: "LOGGING is set (" + b.settingWhere(s) + ") and writes no local file."}
}

func (b *builder) envCheck() Check {
	n := mustSet(b.rev.Env)
	if n == 0 {
		return Check{Topic: "Environment", Status: Done, Text: "No environment variable must be set for production to be safe."}
	}
	return Check{Topic: "Environment", Status: Todo, Text: fmt.Sprintf("Set the %d environment %s marked \"must set\" above in production (a secrets manager or the platform's settings, never a committed file).", n, plural(n, "variable"))}
}

// committedSecretCodes are the rules that report a secret written in the
// source (a literal or an env read's default).
var committedSecretCodes = map[string]bool{"DJS002": true, "DJS003": true, "DJS006": true, "DJS502": true, "DJS601": true}

// secretsCheck: a secret that was committed stays in the git history, so
// moving it to the environment is not enough.
func (b *builder) secretsCheck() Check {
	var where []string
	seen := map[string]bool{}
	for _, f := range b.all {
		if !committedSecretCodes[f.Code] {
			continue
		}
		name := f.Setting
		switch name {
		case "":
			name = f.Code
		case "DATABASES":
			name = "the database password"
		}
		w := name + " (" + b.where(f.Path, f.Start) + ")"
		if !seen[w] {
			seen[w] = true
			where = append(where, w)
		}
	}
	if len(where) == 0 {
		return Check{Topic: "Secrets", Status: Done, Text: "No secret is committed in the settings."}
	}
	stays := "They stay in the git history: rotate each one"
	if len(where) == 1 {
		stays = "It stays in the git history: rotate it"
	}
	return Check{Topic: "Secrets", Status: Todo, Text: fmt.Sprintf("%d %s committed in the source: %s. %s (a new key, a new password) when moving it to the environment.", len(where), plural(len(where), "secret is"), strings.Join(where, ", "), stays)}
}

// deployCheck: Django's own deploy check, with the production module named.
func (b *builder) deployCheck() (Check, bool) {
	for _, root := range b.res.JudgedRoots() {
		rel, err := filepath.Rel(manageDir(b.root, root), root)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		mod := strings.TrimSuffix(strings.TrimSuffix(filepath.ToSlash(rel), ".py"), "/__init__")
		mod = strings.ReplaceAll(mod, "/", ".")
		return Check{Topic: "Django", Status: Verify, Text: "On the server, run `DJANGO_SETTINGS_MODULE=" + mod + " python manage.py check --deploy` with production's environment: it sees the values djls can only infer."}, true
	}
	return Check{}, false
}

// rootSetting is a setting's value in the first judged root that assigns it.
func (b *builder) rootSetting(name string) (engine.RootSetting, bool) {
	for _, root := range b.res.JudgedRoots() {
		if s, ok := b.res.ProductionSetting(root, name); ok && s.Value != nil {
			return s, true
		}
	}
	return engine.RootSetting{}, false
}

// anyRoot reports whether a judged root's value of name passes ok.
func (b *builder) anyRoot(name string, ok func(*evaluator.Value) bool) bool {
	for _, root := range b.res.JudgedRoots() {
		if s, found := b.res.ProductionSetting(root, name); found && s.Value != nil && ok(s.Value) {
			return true
		}
	}
	return false
}

func unique(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func plural(n int, word string) string {
	switch {
	case n == 1:
		return word
	case word == "secret is":
		return "secrets are"
	}
	return word + "s"
}

func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// manageDir is the folder of the manage.py nearest above path, within the
// project (where DJANGO_SETTINGS_MODULE's dotted name starts); the project
// folder when there is none.
func manageDir(project, path string) string {
	for dir := filepath.Dir(path); ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "manage.py")); err == nil {
			return dir
		}
		if dir == project || dir == filepath.Dir(dir) || !strings.HasPrefix(dir, project) {
			return project
		}
	}
}
