package diagnostics

import (
	"fmt"
	"strings"

	"github.com/djls-dev/djls/internal/evaluator"
)

func init() {
	register(
		&Rule{ID: "DJS601", Name: "hardcoded-credential", Severity: Error,
			Summary: "a password, secret, token or key setting is committed in source (literal or env default)", Fix: "require it from the environment", Check: checkCredentials},
		&Rule{ID: "DJS701", Name: "obsolete-setting", Severity: Warning,
			Summary: "a setting deprecated, removed or without effect in the project's Django version", Fix: "remove or migrate", Scope: ScopeEveryModule, Check: checkObsolete},
		&Rule{ID: "DJS702", Name: "env-helper-misuse", Severity: Error,
			Summary: "an env-library call the library rejects at start-up, or whose default it does not convert", Fix: "correct the call", Scope: ScopeEveryModule, Check: checkMisuse},
		&Rule{ID: "DJS901", Name: "logging-missing", Severity: Info,
			Summary: "a production settings module has no LOGGING", Fix: "insert a LOGGING block", Check: checkLogging},
	)
}

var credentialSuffixes = []string{"PASSWORD", "SECRET", "SECRET_KEY", "API_KEY", "TOKEN", "PRIVATE_KEY", "ACCESS_KEY"}

func isCredentialName(name string) bool {
	if name == "SECRET_KEY" || strings.HasSuffix(name, "PUBLIC_KEY") {
		return false
	}
	for _, s := range credentialSuffixes {
		// name is s, or ends with "_" + s (without building that string:
		// this runs for every setting on every keystroke).
		if strings.HasSuffix(name, s) && (len(name) == len(s) || name[len(name)-len(s)-1] == '_') {
			return true
		}
	}
	return false
}

func checkCredentials(c *Context) {
	for _, name := range c.Module.Order {
		if !isCredentialName(name) {
			continue
		}
		b := c.Setting(name)
		if b == nil {
			continue
		}
		if s, ok := literalString(b.Value); ok && s != "" {
			c.OnValue(b, b.Value, "", name+" is committed in source"+c.Explain(b.Value)+": require it from the environment")
		}
	}
}

// obsolete describes a setting Django stopped honouring.
type obsolete struct {
	deprecated, removed Version
	replacement         string
}

var obsoleteSettings = map[string]obsolete{
	"SECURE_BROWSER_XSS_FILTER":   {Version{3, 0}, Version{4, 0}, "nothing: browsers ignore X-XSS-Protection; use a Content Security Policy"},
	"DEFAULT_HASHING_ALGORITHM":   {Version{3, 1}, Version{4, 0}, "nothing (sha256 everywhere)"},
	"PASSWORD_RESET_TIMEOUT_DAYS": {Version{3, 1}, Version{4, 0}, "PASSWORD_RESET_TIMEOUT (in seconds)"},
	"USE_L10N":                    {Version{4, 0}, Version{5, 0}, "nothing: localisation is always on"},
	"USE_DEPRECATED_PYTZ":         {Version{4, 0}, Version{5, 0}, "nothing: zoneinfo only"},
	"CSRF_COOKIE_MASKED":          {Version{4, 1}, Version{5, 0}, "nothing"},
	"DEFAULT_FILE_STORAGE":        {Version{4, 2}, Version{5, 1}, `STORAGES["default"]`},
	"STATICFILES_STORAGE":         {Version{4, 2}, Version{5, 1}, `STORAGES["staticfiles"]`},
	"FORMS_URLFIELD_ASSUME_HTTPS": {Version{5, 0}, Version{6, 0}, "nothing (https is assumed)"},
	"FILE_CHARSET":                {Version{2, 2}, Version{3, 1}, "nothing (UTF-8)"},
	"DEFAULT_CONTENT_TYPE":        {Version{2, 0}, Version{3, 0}, "nothing"},
	"USE_ETAGS":                   {Version{1, 11}, Version{2, 1}, "ConditionalGetMiddleware"},
	"MIDDLEWARE_CLASSES":          {Version{1, 10}, Version{2, 0}, "MIDDLEWARE"},
	"TEMPLATE_DIRS":               {Version{1, 8}, Version{1, 10}, "TEMPLATES"},
	"TEMPLATE_LOADERS":            {Version{1, 8}, Version{1, 10}, "TEMPLATES"},
	"TEMPLATE_CONTEXT_PROCESSORS": {Version{1, 8}, Version{1, 10}, "TEMPLATES"},
	"TEMPLATE_DEBUG":              {Version{1, 8}, Version{1, 10}, "TEMPLATES"},
	"TEMPLATE_STRING_IF_INVALID":  {Version{1, 8}, Version{1, 10}, "TEMPLATES"},
	"ALLOWED_INCLUDE_ROOTS":       {Version{1, 8}, Version{1, 10}, "nothing"},
}

// obsoleteValues are values Django dropped (setting -> value -> history).
var obsoleteValues = map[string]map[string]obsolete{
	"SESSION_SERIALIZER":  {"django.contrib.sessions.serializers.PickleSerializer": {Version{4, 1}, Version{5, 0}, "JSONSerializer"}},
	"STATICFILES_STORAGE": {"django.contrib.staticfiles.storage.CachedStaticFilesStorage": {Version{2, 2}, Version{3, 1}, "ManifestStaticFilesStorage"}},
}

func checkObsolete(c *Context) {
	for _, name := range c.Module.Order {
		b := c.Setting(name)
		if b == nil || b.Inherited() {
			continue
		}
		o, ok := obsoleteSettings[name]
		if !ok || !c.Django.AtLeast(o.deprecated.Major, o.deprecated.Minor) {
			continue
		}
		status := fmt.Sprintf("deprecated since Django %s and removed in %s", o.deprecated, o.removed)
		tags := []Tag{TagDeprecated}
		if c.Django.AtLeast(o.removed.Major, o.removed.Minor) {
			status = fmt.Sprintf("removed in Django %s: the project's Django %s ignores it", o.removed, c.Django)
			tags = append(tags, TagUnnecessary)
		}
		c.At(b, b.Target, "", fmt.Sprintf("%s is %s; use %s", name, status, o.replacement), tags...)
	}
	for name, values := range obsoleteValues {
		b := c.Setting(name)
		if b == nil || b.Inherited() || b.Value.Kind != evaluator.Str {
			continue
		}
		if o, ok := values[b.Value.Str]; ok && c.Django.AtLeast(o.deprecated.Major, o.deprecated.Minor) {
			c.OnValue(b, b.Value, "", fmt.Sprintf("%s = %s is deprecated since Django %s (removed in %s); use %s", name, b.Value.Repr(), o.deprecated, o.removed, o.replacement), TagDeprecated)
		}
	}
	checkObsoleteNested(c)
}

// checkObsoleteNested flags dropped backends and hashers inside dict and
// list settings.
func checkObsoleteNested(c *Context) {
	if b := c.Setting("CACHES"); b != nil && !b.Inherited() && b.Value.Kind == evaluator.Dict && c.Django.AtLeast(3, 2) {
		for _, cache := range b.Value.Items {
			if be, ok := cache.Get("BACKEND"); ok && be.Kind == evaluator.Str && be.Str == "django.core.cache.backends.memcached.MemcachedCache" {
				c.OnValue(b, be, "", "MemcachedCache is deprecated since Django 3.2 and removed in 4.1; use PyMemcacheCache", TagDeprecated)
			}
		}
	}
	if b := c.Setting("DATABASES"); b != nil && !b.Inherited() && b.Value.Kind == evaluator.Dict && c.Django.AtLeast(2, 0) {
		for _, db := range b.Value.Items {
			if e, ok := db.Get("ENGINE"); ok && e.Kind == evaluator.Str && e.Str == "django.db.backends.postgresql_psycopg2" {
				c.OnValue(b, e, "", "the engine name postgresql_psycopg2 is deprecated since Django 2.0 and removed in 3.0; use django.db.backends.postgresql", TagDeprecated)
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
				c.OnValue(b, h, "", "CryptPasswordHasher is deprecated since Django 4.1 and removed in 5.0", TagDeprecated)
			case (short == "SHA1PasswordHasher" || short == "UnsaltedSHA1PasswordHasher" || short == "UnsaltedMD5PasswordHasher") && c.Django.AtLeast(4, 2):
				c.OnValue(b, h, "", short+" is deprecated since Django 4.2 and removed in 5.1", TagDeprecated)
			}
		}
	}
}

func checkMisuse(c *Context) {
	for _, m := range c.Module.Misuses {
		if m.Span.File != c.Module.Path {
			continue
		}
		c.report(Location{Path: m.Span.File, Start: m.Span.Start, End: m.Span.End}, nil, "", "-", m.Message)
	}
}

func checkLogging(c *Context) {
	if c.Setting("LOGGING") == nil && c.Absent("LOGGING") {
		c.Missing("LOGGING", "", "no LOGGING in production settings: with DEBUG off, Django's default logging sends server errors only to ADMINS by mail and prints nothing; configure handlers before go-live")
	}
}

// IsSecretName reports a setting or env var name that holds a secret
// (SECRET_KEY, *_PASSWORD, *_TOKEN, ...), whose value must never be shown.
func IsSecretName(name string) bool {
	name = strings.ToUpper(name)
	return name == "SECRET_KEY" || strings.HasSuffix(name, "_SECRET_KEY") || isCredentialName(name)
}
