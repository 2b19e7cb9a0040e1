package rules

import (
	"fmt"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/treesitter"
)

func init() {
	register(
		&Rule{ID: "DJS601", Name: "hardcoded-credential", Severity: diagnostics.Error,
			Summary: "a password, secret, token or key setting is committed in source (literal or env default)", Fix: requireSetting, Check: checkCredentials},
		&Rule{ID: "DJS701", Name: "obsolete-setting", Severity: diagnostics.Warning,
			Summary: "a setting deprecated, removed or without effect in the project's Django version", Scope: ScopeEveryModule, Fix: fixObsolete, Check: checkObsolete},
		&Rule{ID: "DJS702", Name: "env-helper-misuse", Severity: diagnostics.Error,
			Summary: "an env-library call the library rejects at start-up, or whose default it does not convert", Scope: ScopeEveryModule, Fix: fixEnvCall, Check: checkMisuse},
		&Rule{ID: "DJS901", Name: "logging-missing", Severity: diagnostics.Info,
			Summary: "a production settings module has no LOGGING", Fix: fixLogging, Check: checkLogging},
	)
}

func checkCredentials(c *diagnostics.Context) {
	for _, name := range c.Module.Order {
		if !diagnostics.IsCredentialName(name) {
			continue
		}
		b := c.Setting(name)
		if b == nil {
			continue
		}
		if s, ok := literalString(b.Value); ok && s != "" {
			c.OnValue(b, b.Value, "", diagnostics.Msg(name+" is committed in source", c.WhySecret(b.Value),
				"Anyone with the code has the credential: require it from the environment"))
		}
	}
}

// obsolete describes a setting Django stopped honouring: what to use
// instead ("" when nothing replaces it) and why.
type obsolete struct {
	deprecated, removed diagnostics.Version
	replacement, note   string
}

// advice is what to do about an obsolete setting: "Use X instead", or
// "Remove it: why".
func (o obsolete) advice() string {
	if o.replacement != "" {
		return diagnostics.Sentences("Use "+o.replacement+" instead", o.note)
	}
	if o.note != "" {
		return "Remove it: " + o.note
	}
	return "Remove it: nothing replaces it"
}

var obsoleteSettings = map[string]obsolete{
	"SECURE_BROWSER_XSS_FILTER":   {ver(3, 0), ver(4, 0), "", "browsers ignore X-XSS-Protection; a Content Security Policy protects against XSS instead"},
	"DEFAULT_HASHING_ALGORITHM":   {ver(3, 1), ver(4, 0), "", "Django uses sha256 everywhere"},
	"PASSWORD_RESET_TIMEOUT_DAYS": {ver(3, 1), ver(4, 0), "PASSWORD_RESET_TIMEOUT", "it is in seconds"},
	"USE_L10N":                    {ver(4, 0), ver(5, 0), "", "localisation is always on"},
	"USE_DEPRECATED_PYTZ":         {ver(4, 0), ver(5, 0), "", "Django uses zoneinfo only"},
	"CSRF_COOKIE_MASKED":          {ver(4, 1), ver(5, 0), "", ""},
	"DEFAULT_FILE_STORAGE":        {ver(4, 2), ver(5, 1), `STORAGES["default"]`, ""},
	"STATICFILES_STORAGE":         {ver(4, 2), ver(5, 1), `STORAGES["staticfiles"]`, ""},
	"FORMS_URLFIELD_ASSUME_HTTPS": {ver(5, 0), ver(6, 0), "", "https is assumed"},
	"FILE_CHARSET":                {ver(2, 2), ver(3, 1), "", "files are read as UTF-8"},
	"DEFAULT_CONTENT_TYPE":        {ver(2, 0), ver(3, 0), "", ""},
	"USE_ETAGS":                   {ver(1, 11), ver(2, 1), "ConditionalGetMiddleware", ""},
	"MIDDLEWARE_CLASSES":          {ver(1, 10), ver(2, 0), "MIDDLEWARE", ""},
	"TEMPLATE_DIRS":               {ver(1, 8), ver(1, 10), "TEMPLATES", ""},
	"TEMPLATE_LOADERS":            {ver(1, 8), ver(1, 10), "TEMPLATES", ""},
	"TEMPLATE_CONTEXT_PROCESSORS": {ver(1, 8), ver(1, 10), "TEMPLATES", ""},
	"TEMPLATE_DEBUG":              {ver(1, 8), ver(1, 10), "TEMPLATES", ""},
	"TEMPLATE_STRING_IF_INVALID":  {ver(1, 8), ver(1, 10), "TEMPLATES", ""},
	"ALLOWED_INCLUDE_ROOTS":       {ver(1, 8), ver(1, 10), "", ""},
}

// obsoleteValues are values Django dropped (setting -> value -> history).
var obsoleteValues = map[string]map[string]obsolete{
	"SESSION_SERIALIZER":  {"django.contrib.sessions.serializers.PickleSerializer": {ver(4, 1), ver(5, 0), "JSONSerializer", ""}},
	"STATICFILES_STORAGE": {"django.contrib.staticfiles.storage.CachedStaticFilesStorage": {ver(2, 2), ver(3, 1), "ManifestStaticFilesStorage", ""}},
}

func checkObsolete(c *diagnostics.Context) {
	for _, name := range c.Module.Order {
		o, ok := obsoleteSettings[name] // first: the cheap test, for every setting
		if !ok || !c.Django.AtLeast(o.deprecated.Major, o.deprecated.Minor) {
			continue
		}
		b := c.Setting(name)
		if b == nil || b.Inherited() {
			continue
		}
		status := fmt.Sprintf("deprecated since Django %s and removed in %s", o.deprecated, o.removed)
		tags := []diagnostics.Tag{diagnostics.TagDeprecated}
		if c.Django.AtLeast(o.removed.Major, o.removed.Minor) {
			status = fmt.Sprintf("removed in Django %s: the project's Django %s ignores it", o.removed, c.Django)
			tags = append(tags, diagnostics.TagUnnecessary)
		}
		c.At(b, b.Target(), "", diagnostics.Msg(name+" is "+status, o.advice()), tags...)
	}
	for name, values := range obsoleteValues {
		b := c.Setting(name)
		if b == nil || b.Inherited() || b.Value.Kind != evaluator.Str {
			continue
		}
		if o, ok := values[b.Value.Str]; ok && c.Django.AtLeast(o.deprecated.Major, o.deprecated.Minor) {
			c.OnValue(b, b.Value, "", diagnostics.Msg(fmt.Sprintf("%s = %s is deprecated since Django %s", name, diagnostics.Quote(b.Value.Repr()), o.deprecated),
				fmt.Sprintf("It is removed in Django %s", o.removed), o.advice()), diagnostics.TagDeprecated)
		}
	}
	checkObsoleteNested(c)
}

// checkObsoleteNested flags dropped backends and hashers inside dict and
// list settings.
func checkObsoleteNested(c *diagnostics.Context) {
	if b := c.Setting("CACHES"); b != nil && !b.Inherited() && b.Value.Kind == evaluator.Dict && c.Django.AtLeast(3, 2) {
		for _, cache := range b.Value.Items {
			if be, ok := cache.Get("BACKEND"); ok && be.Kind == evaluator.Str && be.Str == "django.core.cache.backends.memcached.MemcachedCache" {
				c.OnValue(b, be, "", diagnostics.Msg("CACHES uses MemcachedCache, deprecated since Django 3.2", "It is removed in Django 4.1. Use PyMemcacheCache instead"), diagnostics.TagDeprecated)
			}
		}
	}
	if b := c.Setting("DATABASES"); b != nil && !b.Inherited() && b.Value.Kind == evaluator.Dict && c.Django.AtLeast(2, 0) {
		for _, db := range b.Value.Items {
			if e, ok := db.Get("ENGINE"); ok && e.Kind == evaluator.Str && e.Str == "django.db.backends.postgresql_psycopg2" {
				c.OnValue(b, e, "", diagnostics.Msg("DATABASES uses the engine name postgresql_psycopg2, deprecated since Django 2.0",
					"It is removed in Django 3.0. Use django.db.backends.postgresql instead"), diagnostics.TagDeprecated)
			}
		}
	}
	if b := c.Setting("PASSWORD_HASHERS"); b != nil && !b.Inherited() && b.Value.IsSequence() && c.Django.AtLeast(4, 1) {
		for _, h := range b.Value.Items {
			if h.Kind != evaluator.Str {
				continue
			}
			short := h.Str[strings.LastIndex(h.Str, ".")+1:]
			switch {
			case short == "CryptPasswordHasher" && c.Django.AtLeast(4, 1):
				c.OnValue(b, h, "", diagnostics.Msg("PASSWORD_HASHERS uses CryptPasswordHasher, deprecated since Django 4.1", "It is removed in Django 5.0"), diagnostics.TagDeprecated)
			case (short == "SHA1PasswordHasher" || short == "UnsaltedSHA1PasswordHasher" || short == "UnsaltedMD5PasswordHasher") && c.Django.AtLeast(4, 2):
				c.OnValue(b, h, "", diagnostics.Msg("PASSWORD_HASHERS uses "+short+", deprecated since Django 4.2", "It is removed in Django 5.1"), diagnostics.TagDeprecated)
			}
		}
	}
}

func checkMisuse(c *diagnostics.Context) {
	for _, m := range c.Module.Misuses {
		if m.Span.File != c.Module.Path {
			continue
		}
		// The message may quote the default: a key-like one is redacted.
		c.ReportFile(m.Span.File, m.Span.Start, m.Span.End, "", diagnostics.RedactSource(m.Message, false))
	}
}

func checkLogging(c *diagnostics.Context) {
	if c.Setting("LOGGING") == nil && c.Absent("LOGGING") {
		c.Missing("LOGGING", "", diagnostics.Msg("LOGGING is not set in production settings",
			"With DEBUG off, Django's default logging sends server errors only to ADMINS by mail and prints nothing; configure handlers before go-live"))
	}
}

// Quick fixes.

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

// fixObsolete removes or migrates an obsolete setting or value.
func fixObsolete(b *fix.Builder) *fix.Fix {
	if b.Node() == nil {
		return nil
	}
	if b.Node().Type() == "string" {
		old := fix.StringValue(b.Node(), b.Text())
		if r, ok := replacements[old]; ok {
			title := "Use " + r.with[strings.LastIndex(r.with, ".")+1:]
			if !r.safe {
				title += " (unsafe: check the new backend's requirements)"
			}
			return &fix.Fix{Title: title, Safe: r.safe, Edits: []fix.Edit{b.Replace(b.Node(), b.Style().Q(r.with))}}
		}
		if strings.HasSuffix(old, "CryptPasswordHasher") || strings.HasSuffix(old, "SHA1PasswordHasher") || strings.HasSuffix(old, "MD5PasswordHasher") {
			if b.Node().Parent != nil && (b.Node().Parent.Type() == "list" || b.Node().Parent.Type() == "tuple") {
				return &fix.Fix{Title: "Remove " + old[strings.LastIndex(old, ".")+1:] + " (unsafe: users with such hashes must reset their password)",
					Edits: []fix.Edit{b.RemoveElement(b.Node().Parent, b.Node())}}
			}
		}
		return nil
	}
	name := b.Target().Finding.Setting
	asg := b.AssignmentOf(b.Node(), name)
	if asg == nil {
		return nil
	}
	stmt := fix.StatementOf(asg)
	switch name {
	case "PASSWORD_RESET_TIMEOUT_DAYS":
		if b.Target().Module.MaybeSet("PASSWORD_RESET_TIMEOUT") {
			return &fix.Fix{Title: "Remove PASSWORD_RESET_TIMEOUT_DAYS", Safe: true, Edits: []fix.Edit{b.RemoveStatement(stmt)}}
		}
		days := asg.ChildByField("right").Text(b.Text())
		return &fix.Fix{Title: "Use PASSWORD_RESET_TIMEOUT (seconds)", Safe: true,
			Edits: []fix.Edit{b.Replace(asg, "PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * "+parenthesize(days))}}
	case "STATICFILES_STORAGE", "DEFAULT_FILE_STORAGE":
		return fixStorages(b)
	case "MIDDLEWARE_CLASSES", "TEMPLATE_DIRS", "TEMPLATE_LOADERS", "TEMPLATE_CONTEXT_PROCESSORS", "TEMPLATE_DEBUG", "TEMPLATE_STRING_IF_INVALID", "USE_ETAGS":
		return nil // a migration, not a deletion: the developer must move the values
	}
	return &fix.Fix{Title: "Remove " + name + " (it has no effect)", Safe: true, Edits: []fix.Edit{b.RemoveStatement(stmt)}}
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
func fixStorages(b *fix.Builder) *fix.Fix {
	if b.Target().Module.MaybeSet("STORAGES") {
		return nil
	}
	static := b.LastAssignment("STATICFILES_STORAGE")
	files := b.LastAssignment("DEFAULT_FILE_STORAGE")
	if (static != nil && fix.StatementOf(static).Parent.Type() != "module") || (files != nil && fix.StatementOf(files).Parent.Type() != "module") {
		return nil // conditional: merging branches is the developer's call
	}
	backend := func(a *treesitter.Node, def string) string {
		if a == nil {
			return b.Style().Q(def)
		}
		return a.ChildByField("right").Text(b.Text())
	}
	s := b.Style()
	block := "STORAGES = {\n" +
		s.Indent + s.Q("default") + ": {" + s.Q("BACKEND") + ": " + backend(files, "django.core.files.storage.FileSystemStorage") + "},\n" +
		s.Indent + s.Q("staticfiles") + ": {" + s.Q("BACKEND") + ": " + backend(static, "django.contrib.staticfiles.storage.StaticFilesStorage") + "},\n" +
		"}"
	fx := &fix.Fix{Title: "Move the storage backends to STORAGES", Safe: true}
	first, second := static, files
	if first == nil || (second != nil && second.StartByte < first.StartByte) {
		first, second = second, first
	}
	fx.Edits = append(fx.Edits, b.Replace(fix.StatementOf(first), b.NL(block)))
	if second != nil {
		fx.Edits = append(fx.Edits, b.RemoveStatement(fix.StatementOf(second)))
	}
	return fx
}

// fixEnvCall corrects an env-library call the library would reject.
func fixEnvCall(b *fix.Builder) *fix.Fix {
	if b.Node() == nil {
		return nil
	}
	kw := fix.Ancestor(b.Node(), "keyword_argument")
	if kw == nil {
		return nil
	}
	name := kw.ChildByField("name").Text(b.Text())
	value := kw.ChildByField("value")
	switch {
	case name == "required":
		return &fix.Fix{Title: "Remove required= (decouple has no such argument; a read without default is required)", Safe: true,
			Edits: []fix.Edit{b.RemoveArgument(kw)}}
	case name == "default" && value.Type() == "string":
		lit, ok := typedLiteral(fix.StringValue(value, b.Text()), fix.Ancestor(kw, "call").ChildByField("function").Text(b.Text()))
		if !ok {
			return nil
		}
		return &fix.Fix{Title: "Write the default as " + lit + " (django-environ does not cast defaults)", Safe: true,
			Edits: []fix.Edit{b.Replace(value, lit)}}
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

// fixLogging appends a console LOGGING block to a production module.
func fixLogging(b *fix.Builder) *fix.Fix {
	s := b.Style()
	i := s.Indent
	block := "LOGGING = {\n" +
		i + s.Q("version") + ": 1,\n" +
		i + s.Q("disable_existing_loggers") + ": False,\n" +
		i + s.Q("handlers") + ": {" + s.Q("console") + ": {" + s.Q("class") + ": " + s.Q("logging.StreamHandler") + "}},\n" +
		i + s.Q("root") + ": {" + s.Q("handlers") + ": [" + s.Q("console") + "], " + s.Q("level") + ": " + s.Q("INFO") + "},\n" +
		"}\n"
	return &fix.Fix{Title: "Add a LOGGING block that logs to the console", Safe: true, Edits: []fix.Edit{b.AppendToModule(block)}}
}

// requireSetting requires the finding's setting (or the secret inside it)
// from the environment.
func requireSetting(b *fix.Builder) *fix.Fix { return b.Require(b.Target().Finding.Setting, false) }

func ver(major, minor int) diagnostics.Version {
	return diagnostics.Version{Major: major, Minor: minor}
}
