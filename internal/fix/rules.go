package fix

// The quick fix of each catalog rule. A builder returns nil when it cannot
// fix the finding exactly (a computed value, a list built elsewhere): no fix
// is better than a guess.

import (
	"regexp"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/project"
	"github.com/djls-dev/djls/internal/treesitter"
)

// Target is what fixing one finding needs.
type Target struct {
	Finding diagnostics.Finding
	Module  *evaluator.Module // settings module of the finding's file; nil for project files
	Text    []byte            // the text of the finding's file (the offsets refer to it)
	Project *project.Project
	// Dedicated is set when the module is a production-only module (split
	// settings): the production block goes in unguarded.
	Dedicated bool
}

// DebugTitle is the DEBUG fix's title, which editors' tests look for.
const DebugTitle = "Read DEBUG from the environment with a False default"

const unsafeNote = " (unsafe: start-up fails until it is set)"

// For returns the quick fixes for t (not "suppress", which the engine adds).
func For(t Target) []Fix {
	f := t.Finding
	if t.Module == nil || f.Code == "DJS801" || f.Code == "DJS802" {
		return projectFixes(t)
	}
	s := &src{path: f.Path, text: t.Text, root: t.Module.Root, style: DetectStyle(t.Module)}
	if s.root == nil || f.Start > len(s.text) || f.End > len(s.text) {
		return nil
	}
	node := nodeAt(s.root, f.Start, f.End)
	b := &builder{src: s, t: t, node: node}
	var fx *Fix
	switch f.Code {
	case "DJS001":
		fx = b.debug()
	case "DJS002", "DJS003":
		if f.Setting == "SECRET_KEY" {
			fx = b.require("SECRET_KEY", false)
		}
	case "DJS004", "DJS005":
		fx = b.require("ALLOWED_HOSTS", true)
	case "DJS502", "DJS601":
		fx = b.require(f.Setting, false)
	case "DJS007":
		fx = b.removeSetting("DEBUG_PROPAGATE_EXCEPTIONS", "Remove DEBUG_PROPAGATE_EXCEPTIONS", true)
	case "DJS008":
		fx = b.underDebug()
	case "DJS202":
		fx = b.setValue("SESSION_COOKIE_HTTPONLY", "True", true)
	case "DJS204":
		fx = b.addScheme()
	case "DJS206":
		fx = b.removeAutoescape()
	case "DJS207":
		fx = b.strongHasherFirst()
	case "DJS301", "DJS302", "DJS303":
		fx = b.insertMiddleware()
	case "DJS304":
		fx = b.setValue("X_FRAME_OPTIONS", s.style.q("DENY"), false)
	case "DJS305":
		fx = b.setValue("SECURE_CONTENT_TYPE_NOSNIFF", "True", true)
	case "DJS306", "DJS307":
		fx = b.setValue("SECURE_REFERRER_POLICY", s.style.q("same-origin"), true)
	case "DJS309":
		fx = b.moveWhiteNoise()
	case "DJS401":
		fx = b.corsFromEnv()
	case "DJS403":
		fx = b.require("CORS_ALLOWED_ORIGINS", true)
	case "DJS501":
		fx = b.postgres()
	case "DJS503":
		fx = b.connMaxAge()
	case "DJS504":
		fx = b.removeOption()
	case "DJS701":
		fx = b.obsolete()
	case "DJS702":
		fx = b.envCall()
	case "DJS901":
		fx = b.logging()
	}
	if fx == nil || len(fx.Edits) == 0 {
		return nil
	}
	fx.Kind, fx.Code = KindQuickFix, f.Code
	fx.Preferred = fx.Safe
	return []Fix{*fx}
}

type builder struct {
	*src
	t    Target
	node *treesitter.Node
}

// withImports appends the import edits an expression needs.
func (b *builder) withImports(e expr, edits ...Edit) []Edit {
	return append(edits, b.importEdits(e.needs)...)
}

// inheritedFrom returns the star-import statement the finding sits on (the
// setting's value comes from another module), or nil.
func (b *builder) inheritedFrom() *treesitter.Node {
	if b.node == nil {
		return nil
	}
	return ancestor(b.node, "import_from_statement")
}

// envVarOf returns the env var a setting already reads, else a new name.
func (b *builder) envVarOf(setting string) string {
	if bind := b.t.Module.Setting(setting); bind != nil && bind.Value != nil && bind.Value.Env != nil && bind.Value.Env.Var != "" {
		return bind.Value.Env.Var
	}
	return b.style.envVar(setting)
}

// overrideAfter sets a setting in this module after the star import that
// brought the bad value in.
func (b *builder) overrideAfter(imp *treesitter.Node, setting string, e expr) []Edit {
	return b.withImports(e, b.insertAfterStatement(imp, setting+" = "+e.text))
}

func (b *builder) debug() *Fix {
	fx := &Fix{Title: DebugTitle, Safe: true}
	if imp := b.inheritedFrom(); imp != nil {
		fx.Edits = b.overrideAfter(imp, "DEBUG", b.style.boolRead(b.envVarOf("DEBUG"), false))
		return fx
	}
	asg := b.assignmentOf(b.node, "DEBUG")
	if asg == nil {
		return nil
	}
	// config('DEBUG', default='True', cast=bool) and env.bool('DEBUG',
	// default=True) need only their default changed.
	if kw := ancestor(b.node, "keyword_argument"); kw != nil && kw.ChildByField("name").Text(b.text) == "default" {
		if call := ancestor(kw, "call"); call != nil && b.castsToBool(call) {
			fx.Edits = []Edit{b.replace(kw.ChildByField("value"), "False")}
			return fx
		}
	}
	e := b.style.boolRead(b.envVarOf("DEBUG"), false)
	fx.Edits = b.withImports(e, b.replace(asg.ChildByField("right"), e.text))
	return fx
}

// castsToBool reports a decouple read with cast=bool or an environ .bool read.
func (b *builder) castsToBool(call *treesitter.Node) bool {
	fn := call.ChildByField("function")
	if fn != nil && fn.Type == "attribute" && fn.ChildByField("attribute").Text(b.text) == "bool" {
		return true
	}
	for _, a := range call.ChildByField("arguments").NamedChildren() {
		if a.Type == "keyword_argument" && a.ChildByField("name").Text(b.text) == "cast" && a.ChildByField("value").Text(b.text) == "bool" {
			return true
		}
	}
	return false
}

// require makes a setting (or the secret inside it) a required env read.
func (b *builder) require(setting string, list bool) *Fix {
	fx := &Fix{Title: "Require " + setting + " from the environment" + unsafeNote}
	if imp := b.inheritedFrom(); imp != nil {
		fx.Edits = b.overrideAfter(imp, setting, b.requiredRead(setting, list))
		return fx
	}
	if b.node == nil {
		return nil
	}
	// An env read's default: drop it so the read becomes required.
	if arg := b.defaultArgument(b.node); arg != nil {
		call := arg.Parent.Parent
		fn := call.ChildByField("function").Text(b.text)
		if v := stringValue(call.ChildByField("arguments").NamedChildren()[0], b.text); v != "" {
			fx.Title = "Require " + v + " from the environment" + unsafeNote
		}
		if strings.HasSuffix(fn, "environ.get") || strings.HasSuffix(fn, "getenv") {
			key := call.ChildByField("arguments").NamedChildren()[0]
			fx.Edits = b.withImports(expr{needs: []need{needOS}}, b.replace(call, b.style.osName()+".environ["+key.Text(b.text)+"]"))
			return fx
		}
		fx.Edits = []Edit{b.removeArgument(arg)}
		return fx
	}
	// A secret inside a dict: {'PASSWORD': 'x'} -> {'PASSWORD': config('DATABASE_PASSWORD')}.
	if b.node.Field == "value" && b.node.Parent.Type == "pair" && !list {
		key := stringValue(b.node.Parent.ChildByField("key"), b.text)
		if key == "" {
			return nil
		}
		name := setting + "_" + strings.ToUpper(key)
		if setting == "DATABASES" {
			name = "DATABASE_" + strings.ToUpper(key)
		}
		fx.Title = "Require " + key + " from the environment" + unsafeNote
		e := b.style.requiredStr(b.style.envVar(name))
		fx.Edits = b.withImports(e, b.replace(b.node, e.text))
		return fx
	}
	asg := b.assignmentOf(b.node, setting)
	if asg == nil {
		return nil
	}
	e := b.requiredRead(setting, list)
	fx.Edits = b.withImports(e, b.replace(asg.ChildByField("right"), e.text))
	return fx
}

// requiredRead is a required env read of the setting's variable: a
// comma-separated list when list is set.
func (b *builder) requiredRead(setting string, list bool) expr {
	if list {
		return b.style.requiredList(b.envVarOf(setting))
	}
	return b.style.requiredStr(b.envVarOf(setting))
}

// defaultArgument returns the env-read default argument n is (or is in):
// a `default=` keyword or a positional argument after the variable name.
func (s *src) defaultArgument(n *treesitter.Node) *treesitter.Node {
	for ; n != nil; n = n.Parent {
		if n.Parent == nil || n.Parent.Type != "argument_list" {
			continue
		}
		if !s.isEnvCall(n.Parent.Parent) {
			return nil
		}
		if n.Type == "keyword_argument" {
			if n.ChildByField("name").Text(s.text) == "default" {
				return n
			}
			return nil
		}
		if args := n.Parent.NamedChildren(); len(args) > 1 && args[1] == n {
			return n
		}
		return nil
	}
	return nil
}

// envCallRE matches the call spellings whose default is an env default.
var envCallRE = regexp.MustCompile(`(^|\.)(config|env|getenv|get|str|bool|int|float|list|tuple|json|db|db_url|url|cache|cache_url|email|email_url|search_url|setdefault)$`)

func (s *src) isEnvCall(call *treesitter.Node) bool {
	if call == nil || call.Type != "call" {
		return false
	}
	fn := call.ChildByField("function")
	return fn != nil && envCallRE.MatchString(fn.Text(s.text))
}

// removeArgument deletes one argument with its separating comma.
func (b *builder) removeArgument(arg *treesitter.Node) Edit {
	args := arg.Parent.NamedChildren()
	i := 0
	for i < len(args) && args[i] != arg {
		i++
	}
	switch {
	case i > 0:
		return Edit{Path: b.path, Start: int(args[i-1].EndByte), End: int(arg.EndByte)}
	case len(args) > 1:
		return Edit{Path: b.path, Start: int(arg.StartByte), End: int(args[1].StartByte)}
	}
	return Edit{Path: b.path, Start: int(arg.StartByte), End: b.afterComma(arg)}
}

// underDebug moves a debug tool out of a production list into an
// `if DEBUG:` block after the list's assignment.
func (b *builder) underDebug() *Fix {
	setting := b.t.Finding.Setting
	if b.node == nil || b.node.Type != "string" || b.t.Module.Setting("DEBUG") == nil {
		return nil
	}
	list := b.node.Parent
	asg := b.assignmentOf(b.node, setting)
	if list == nil || (list.Type != "list" && list.Type != "tuple") || asg == nil || asg.ChildByField("right") != list {
		return nil
	}
	item := b.node.Text(b.text)
	wrap := "[" + item + "]"
	if list.Type == "tuple" {
		wrap = "(" + item + ",)"
	}
	name := stringValue(b.node, b.text)
	return &Fix{Title: "Add " + name + " only under `if DEBUG:`", Safe: true, Edits: []Edit{
		b.removeElement(list, b.node),
		b.insertAfterStatement(statementOf(asg), "if DEBUG:\n"+b.style.Indent+setting+" += "+wrap+"\n"),
	}}
}

// setValue gives a setting a literal value: in place when this module
// assigns it, after the star import when it inherits it.
func (b *builder) setValue(setting, value string, safe bool) *Fix {
	title := "Set " + setting + " = " + value
	if !safe {
		title += " (unsafe: check nothing relies on the old value)"
	}
	fx := &Fix{Title: title, Safe: safe}
	if imp := b.inheritedFrom(); imp != nil {
		fx.Edits = []Edit{b.insertAfterStatement(imp, setting+" = "+value)}
		return fx
	}
	asg := b.assignmentOf(b.node, setting)
	if asg == nil {
		asg = b.lastAssignment(setting)
	}
	if asg == nil {
		// Unset, and Django's default is unsafe: add it after the MIDDLEWARE
		// or DEBUG statement the finding sits on.
		stmt := statementOf(b.node)
		if stmt == nil {
			return nil
		}
		fx.Edits = []Edit{b.insertAfterStatement(stmt, setting+" = "+value)}
		return fx
	}
	fx.Edits = []Edit{b.replace(asg.ChildByField("right"), value)}
	return fx
}

// removeSetting deletes a setting's assignment in this module.
func (b *builder) removeSetting(setting, title string, safe bool) *Fix {
	asg := b.assignmentOf(b.node, setting)
	if asg == nil {
		return nil
	}
	return &Fix{Title: title, Safe: safe, Edits: []Edit{b.removeStatement(statementOf(asg))}}
}

// addScheme prefixes a CSRF_TRUSTED_ORIGINS entry with https://.
func (b *builder) addScheme() *Fix {
	if b.node == nil || b.node.Type != "string" {
		return nil
	}
	t := b.node.Text(b.text)
	q := strings.IndexAny(t, `'"`)
	if q < 0 || strings.HasPrefix(t[q:], `"""`) || strings.HasPrefix(t[q:], `'''`) {
		return nil
	}
	at := int(b.node.StartByte) + q + 1
	return &Fix{Title: "Add https:// to the origin", Safe: true, Edits: []Edit{{Path: b.path, Start: at, End: at, NewText: "https://"}}}
}

// removeAutoescape deletes 'autoescape': False from TEMPLATES OPTIONS.
func (b *builder) removeAutoescape() *Fix {
	pair := ancestor(b.node, "pair")
	if pair == nil || stringValue(pair.ChildByField("key"), b.text) != "autoescape" {
		return nil
	}
	return &Fix{Title: "Remove 'autoescape': False (unsafe: templates that build HTML by hand may double-escape)",
		Edits: []Edit{b.removeElement(pair.Parent, pair)}}
}

// strongHasherFirst puts PBKDF2 (Django's default) first in PASSWORD_HASHERS;
// old hashes still verify and are upgraded at the next login.
func (b *builder) strongHasherFirst() *Fix {
	list := b.settingContainer("PASSWORD_HASHERS", "list", "tuple")
	if list == nil {
		return nil
	}
	const pbkdf2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"
	for _, el := range elements(list) {
		if stringValue(el, b.text) == pbkdf2 {
			return &Fix{Title: "Put PBKDF2PasswordHasher first in PASSWORD_HASHERS", Safe: true,
				Edits: []Edit{b.removeElement(list, el), b.insertElement(list, 0, b.style.q(pbkdf2))}}
		}
	}
	return &Fix{Title: "Put PBKDF2PasswordHasher first in PASSWORD_HASHERS", Safe: true,
		Edits: []Edit{b.insertElement(list, 0, b.style.q(pbkdf2))}}
}

// settingContainer returns the list/dict literal this module assigns to a
// setting (the last assignment), or nil.
func (b *builder) settingContainer(setting string, types ...string) *treesitter.Node {
	asg := b.lastAssignment(setting)
	if asg == nil {
		return nil
	}
	right := asg.ChildByField("right")
	for _, t := range types {
		if right != nil && right.Type == t {
			return right
		}
	}
	return nil
}

const (
	securityMW   = "django.middleware.security.SecurityMiddleware"
	whiteNoiseMW = "whitenoise.middleware.WhiteNoiseMiddleware"
)

// insertMiddleware adds the missing middleware where Django's project
// template puts it.
func (b *builder) insertMiddleware() *Fix {
	list := b.settingContainer("MIDDLEWARE", "list", "tuple")
	if list == nil {
		return nil
	}
	var path string
	var after []string // insert after the last of these present, else at the end
	first := false
	switch b.t.Finding.Code {
	case "DJS301":
		path, first = securityMW, true
	case "DJS302":
		path = "django.middleware.clickjacking.XFrameOptionsMiddleware"
	case "DJS303":
		path = "django.middleware.csrf.CsrfViewMiddleware"
		after = []string{"django.contrib.sessions.middleware.SessionMiddleware", "django.middleware.common.CommonMiddleware"}
	}
	els := elements(list)
	at := len(els)
	if first {
		at = 0
	} else if len(after) > 0 {
		for i, el := range els {
			for _, a := range after {
				if stringValue(el, b.text) == a {
					at = i + 1
				}
			}
		}
	}
	short := path[strings.LastIndex(path, ".")+1:]
	return &Fix{Title: "Add " + short + " to MIDDLEWARE", Safe: true, Edits: []Edit{b.insertElement(list, at, b.style.q(path))}}
}

// moveWhiteNoise puts WhiteNoiseMiddleware directly after SecurityMiddleware.
func (b *builder) moveWhiteNoise() *Fix {
	list := b.settingContainer("MIDDLEWARE", "list", "tuple")
	if list == nil {
		return nil
	}
	var wn *treesitter.Node
	sec := -1
	for i, el := range elements(list) {
		switch stringValue(el, b.text) {
		case whiteNoiseMW:
			wn = el
		case securityMW:
			sec = i
		}
	}
	if wn == nil || sec < 0 {
		return nil
	}
	text := wn.Text(b.text)
	return &Fix{Title: "Move WhiteNoiseMiddleware directly after SecurityMiddleware", Safe: true,
		Edits: []Edit{b.removeElement(list, wn), b.insertElement(list, sec+1, text)}}
}

// corsFromEnv replaces CORS_ALLOW_ALL_ORIGINS = True with an env-driven
// CORS_ALLOWED_ORIGINS.
func (b *builder) corsFromEnv() *Fix {
	name := b.t.Finding.Setting
	asg := b.assignmentOf(b.node, name)
	if asg == nil {
		return nil
	}
	fx := &Fix{Title: "Read CORS_ALLOWED_ORIGINS from the environment instead of allowing every origin" + unsafeNote}
	stmt := statementOf(asg)
	if b.t.Module.MaybeSet("CORS_ALLOWED_ORIGINS") || b.t.Module.MaybeSet("CORS_ORIGIN_WHITELIST") {
		fx.Title = "Set " + name + " = False (unsafe: only the configured origins stay allowed)"
		fx.Edits = []Edit{b.replace(asg.ChildByField("right"), "False")}
		return fx
	}
	e := b.style.requiredList(b.style.envVar("CORS_ALLOWED_ORIGINS"))
	fx.Edits = b.withImports(e, b.replace(stmt, "CORS_ALLOWED_ORIGINS = "+e.text))
	return fx
}

// postgres makes the default database an env-driven PostgreSQL one.
func (b *builder) postgres() *Fix {
	fx := &Fix{Title: "Use an env-driven PostgreSQL database" + unsafeNote}
	if arg := b.defaultArgument(b.node); arg != nil {
		fx.Title = "Require DATABASE_URL from the environment" + unsafeNote
		fx.Edits = []Edit{b.removeArgument(arg)}
		return fx
	}
	dbs := b.settingContainer("DATABASES", "dictionary")
	def := b.dictEntry(dbs, "default")
	if def == nil || def.ChildByField("value").Type != "dictionary" {
		return nil
	}
	s := b.style
	indent := indentAt(b.text, int(def.StartByte))
	var lines []string
	lines = append(lines, "{")
	add := func(k, v string) { lines = append(lines, indent+s.Indent+s.q(k)+": "+v+",") }
	var needs []need
	read := func(e expr) string { needs = append(needs, e.needs...); return e.text }
	add("ENGINE", s.q("django.db.backends.postgresql"))
	add("NAME", read(s.requiredStr(s.envVar("DATABASE_NAME"))))
	add("USER", read(s.requiredStr(s.envVar("DATABASE_USER"))))
	add("PASSWORD", read(s.requiredStr(s.envVar("DATABASE_PASSWORD"))))
	add("HOST", read(s.strRead(s.envVar("DATABASE_HOST"), "localhost")))
	add("PORT", read(s.strRead(s.envVar("DATABASE_PORT"), "5432")))
	add("CONN_MAX_AGE", read(s.intRead(s.envVar("CONN_MAX_AGE"), "60")))
	lines = append(lines, indent+"}")
	fx.Edits = b.withImports(expr{needs: needs}, b.replace(def.ChildByField("value"), b.nl(strings.Join(lines, "\n"))))
	return fx
}

// connMaxAge keeps database connections open between requests.
func (b *builder) connMaxAge() *Fix {
	dbs := b.settingContainer("DATABASES", "dictionary")
	def := b.dictEntry(dbs, "default")
	if def == nil {
		return nil
	}
	value := def.ChildByField("value")
	fx := &Fix{Title: "Keep database connections open for 60 seconds (CONN_MAX_AGE)", Safe: true}
	switch value.Type {
	case "dictionary":
		fx.Edits = []Edit{b.insertElement(value, len(elements(value)), b.style.q("CONN_MAX_AGE")+": 60")}
	case "call":
		fn := value.ChildByField("function").Text(b.text)
		if !strings.HasPrefix(fn, "dj_database_url.") && fn != "config" && fn != "parse" {
			return nil
		}
		fx.Edits = []Edit{b.insertElement(value.ChildByField("arguments"), len(elements(value.ChildByField("arguments"))), "conn_max_age=60")}
	default:
		return nil
	}
	return fx
}

// removeOption deletes a database OPTIONS entry the engine rejects.
func (b *builder) removeOption() *Fix {
	pair := ancestor(b.node, "pair")
	if pair == nil || pair.Parent == nil || pair.Parent.Type != "dictionary" {
		return nil
	}
	key := stringValue(pair.ChildByField("key"), b.text)
	return &Fix{Title: "Remove the " + key + " option", Safe: true, Edits: []Edit{b.removeElement(pair.Parent, pair)}}
}

// replacements are obsolete values with a drop-in successor.
var replacements = map[string]struct {
	with string
	safe bool
}{
	"django.db.backends.postgresql_psycopg2":                      {"django.db.backends.postgresql", true},
	"django.core.cache.backends.memcached.MemcachedCache":         {"django.core.cache.backends.memcached.PyMemcacheCache", false},
	"django.contrib.sessions.serializers.PickleSerializer":        {"django.contrib.sessions.serializers.JSONSerializer", false},
	"django.contrib.staticfiles.storage.CachedStaticFilesStorage": {"django.contrib.staticfiles.storage.ManifestStaticFilesStorage", false},
}

// obsolete removes or migrates an obsolete setting or value.
func (b *builder) obsolete() *Fix {
	if b.node == nil {
		return nil
	}
	if b.node.Type == "string" {
		old := stringValue(b.node, b.text)
		if r, ok := replacements[old]; ok {
			title := "Use " + r.with[strings.LastIndex(r.with, ".")+1:]
			if !r.safe {
				title += " (unsafe: check the new backend's requirements)"
			}
			return &Fix{Title: title, Safe: r.safe, Edits: []Edit{b.replace(b.node, b.style.q(r.with))}}
		}
		if strings.HasSuffix(old, "CryptPasswordHasher") || strings.HasSuffix(old, "SHA1PasswordHasher") || strings.HasSuffix(old, "MD5PasswordHasher") {
			if b.node.Parent != nil && (b.node.Parent.Type == "list" || b.node.Parent.Type == "tuple") {
				return &Fix{Title: "Remove " + old[strings.LastIndex(old, ".")+1:] + " (unsafe: users with such hashes must reset their password)",
					Edits: []Edit{b.removeElement(b.node.Parent, b.node)}}
			}
		}
		return nil
	}
	name := b.t.Finding.Setting
	asg := b.assignmentOf(b.node, name)
	if asg == nil {
		return nil
	}
	stmt := statementOf(asg)
	switch name {
	case "PASSWORD_RESET_TIMEOUT_DAYS":
		if b.t.Module.MaybeSet("PASSWORD_RESET_TIMEOUT") {
			return &Fix{Title: "Remove PASSWORD_RESET_TIMEOUT_DAYS", Safe: true, Edits: []Edit{b.removeStatement(stmt)}}
		}
		days := asg.ChildByField("right").Text(b.text)
		return &Fix{Title: "Use PASSWORD_RESET_TIMEOUT (seconds)", Safe: true,
			Edits: []Edit{b.replace(asg, "PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * "+parenthesize(days))}}
	case "STATICFILES_STORAGE", "DEFAULT_FILE_STORAGE":
		return b.storages()
	case "MIDDLEWARE_CLASSES", "TEMPLATE_DIRS", "TEMPLATE_LOADERS", "TEMPLATE_CONTEXT_PROCESSORS", "TEMPLATE_DEBUG", "TEMPLATE_STRING_IF_INVALID", "USE_ETAGS":
		return nil // a migration, not a deletion: the developer must move the values
	}
	return &Fix{Title: "Remove " + name + " (it has no effect)", Safe: true, Edits: []Edit{b.removeStatement(stmt)}}
}

func parenthesize(expr string) string {
	for _, r := range expr {
		if !(r >= '0' && r <= '9' || r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return "(" + expr + ")"
		}
	}
	return expr
}

// storages migrates STATICFILES_STORAGE / DEFAULT_FILE_STORAGE to STORAGES.
func (b *builder) storages() *Fix {
	if b.t.Module.MaybeSet("STORAGES") {
		return nil
	}
	static := b.lastAssignment("STATICFILES_STORAGE")
	files := b.lastAssignment("DEFAULT_FILE_STORAGE")
	if (static != nil && statementOf(static).Parent.Type != "module") || (files != nil && statementOf(files).Parent.Type != "module") {
		return nil // conditional: merging branches is the developer's call
	}
	backend := func(a *treesitter.Node, def string) string {
		if a == nil {
			return b.style.q(def)
		}
		return a.ChildByField("right").Text(b.text)
	}
	s := b.style
	block := "STORAGES = {\n" +
		s.Indent + s.q("default") + ": {" + s.q("BACKEND") + ": " + backend(files, "django.core.files.storage.FileSystemStorage") + "},\n" +
		s.Indent + s.q("staticfiles") + ": {" + s.q("BACKEND") + ": " + backend(static, "django.contrib.staticfiles.storage.StaticFilesStorage") + "},\n" +
		"}"
	fx := &Fix{Title: "Move the storage backends to STORAGES", Safe: true}
	first, second := static, files
	if first == nil || (second != nil && second.StartByte < first.StartByte) {
		first, second = second, first
	}
	fx.Edits = append(fx.Edits, b.replace(statementOf(first), b.nl(block)))
	if second != nil {
		fx.Edits = append(fx.Edits, b.removeStatement(statementOf(second)))
	}
	return fx
}

// envCall corrects an env-library call the library would reject.
func (b *builder) envCall() *Fix {
	if b.node == nil {
		return nil
	}
	kw := ancestor(b.node, "keyword_argument")
	if kw == nil {
		return nil
	}
	name := kw.ChildByField("name").Text(b.text)
	value := kw.ChildByField("value")
	switch {
	case name == "required":
		return &Fix{Title: "Remove required= (decouple has no such argument; a read without default is required)", Safe: true,
			Edits: []Edit{b.removeArgument(kw)}}
	case name == "default" && value.Type == "string":
		lit, ok := typedLiteral(stringValue(value, b.text), ancestor(kw, "call").ChildByField("function").Text(b.text))
		if !ok {
			return nil
		}
		return &Fix{Title: "Write the default as " + lit + " (django-environ does not cast defaults)", Safe: true,
			Edits: []Edit{b.replace(value, lit)}}
	}
	return nil
}

// typedLiteral turns a string default into the literal an environ typed
// read (env.bool, env.int) expects.
func typedLiteral(s, fn string) (string, bool) {
	switch {
	case strings.HasSuffix(fn, ".bool"):
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true", "1", "yes", "on", "y":
			return "True", true
		case "false", "0", "no", "off", "n", "":
			return "False", true
		}
	case strings.HasSuffix(fn, ".int"):
		if s = strings.TrimSpace(s); s != "" && strings.Trim(s, "0123456789") == "" {
			return s, true
		}
	}
	return "", false
}

// logging appends a console LOGGING block to a production module.
func (b *builder) logging() *Fix {
	s := b.style
	i := s.Indent
	block := "LOGGING = {\n" +
		i + s.q("version") + ": 1,\n" +
		i + s.q("disable_existing_loggers") + ": False,\n" +
		i + s.q("handlers") + ": {" + s.q("console") + ": {" + s.q("class") + ": " + s.q("logging.StreamHandler") + "}},\n" +
		i + s.q("root") + ": {" + s.q("handlers") + ": [" + s.q("console") + "], " + s.q("level") + ": " + s.q("INFO") + "},\n" +
		"}\n"
	return &Fix{Title: "Add a LOGGING block that logs to the console", Safe: true, Edits: []Edit{b.appendToModule(block)}}
}
