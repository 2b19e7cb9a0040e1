package differential

import (
	"fmt"
	"strings"
)

// hardenedBase is a settings module on which Django 3.2 reports no mirrored
// check. Each anchor changes a few of its lines and pins what Django then
// reports, so the facts djls relies on are checked against Django itself.
var hardenedBase = []struct{ name, src string }{
	{"DEBUG", "DEBUG = False"},
	{"SECRET_KEY", "SECRET_KEY = '" + strongKey + "'"},
	{"ALLOWED_HOSTS", "ALLOWED_HOSTS = ['example.com']"},
	{"INSTALLED_APPS", "INSTALLED_APPS = ['django.contrib.auth', 'django.contrib.contenttypes', '" + sessApp + "']"},
	{"MIDDLEWARE", "MIDDLEWARE = [" + quoteAll([]string{secMW, sessMW, commonMW, csrfMW, xframeMW}) + "]"},
	{"DATABASES", sqliteDB},
	{"SESSION_COOKIE_SECURE", "SESSION_COOKIE_SECURE = True"},
	{"CSRF_COOKIE_SECURE", "CSRF_COOKIE_SECURE = True"},
	{"SECURE_SSL_REDIRECT", "SECURE_SSL_REDIRECT = True"},
	{"SECURE_HSTS_SECONDS", "SECURE_HSTS_SECONDS = 31536000"},
	{"SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_INCLUDE_SUBDOMAINS = True"},
	{"SECURE_HSTS_PRELOAD", "SECURE_HSTS_PRELOAD = True"},
}

type anchor struct {
	about string
	// set maps a setting to its new source line(s); "" deletes it. Settings
	// not in the base are appended in sorted order.
	set    map[string]string
	django string // the mirrored checks Django 3.2 reports, space-separated
}

var anchors = []anchor{
	{about: "hardened", django: ""},
	{about: "startproject_values", django: "W004 W008 W009 W012 W016 W018 W020", set: map[string]string{
		"DEBUG":                 "DEBUG = True",
		"SECRET_KEY":            "SECRET_KEY = 'django-insecure-kyc_6+%f%djssvrv4uff#(d6_se#fz=)n#p1x4#-x!^eo&xq6d'",
		"ALLOWED_HOSTS":         "ALLOWED_HOSTS = []",
		"SESSION_COOKIE_SECURE": "", "CSRF_COOKIE_SECURE": "", "SECURE_SSL_REDIRECT": "",
		"SECURE_HSTS_SECONDS": "", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "", "SECURE_HSTS_PRELOAD": "",
	}},
	{about: "no_middleware", django: "W001 W002 W003 W010", set: map[string]string{
		"MIDDLEWARE": "", "SESSION_COOKIE_SECURE": "SESSION_COOKIE_SECURE = False", "CSRF_COOKIE_SECURE": "CSRF_COOKIE_SECURE = False",
		"SECURE_SSL_REDIRECT": "", "SECURE_HSTS_SECONDS": "", "X_FRAME_OPTIONS": "X_FRAME_OPTIONS = 'SAMEORIGIN'",
		"SECURE_REFERRER_POLICY": "SECURE_REFERRER_POLICY = 'bogus'",
	}},
	{about: "secret_key_absent", django: "W009", set: map[string]string{"SECRET_KEY": ""}},
	{about: "secret_key_empty", django: "W009", set: map[string]string{"SECRET_KEY": "SECRET_KEY = ''"}},
	{about: "secret_key_49_chars", django: "W009", set: map[string]string{"SECRET_KEY": "SECRET_KEY = '" + strongKey[:49] + "'"}},
	{about: "secret_key_50_chars_5_distinct", django: "", set: map[string]string{"SECRET_KEY": "SECRET_KEY = '" + strings.Repeat("abcde", 10) + "'"}},
	{about: "secret_key_4_distinct", django: "W009", set: map[string]string{"SECRET_KEY": "SECRET_KEY = '" + strings.Repeat("abcd", 20) + "'"}},
	{about: "secret_key_insecure_prefix", django: "W009", set: map[string]string{"SECRET_KEY": "SECRET_KEY = 'django-insecure-" + strongKey + "'"}},
	{about: "secret_key_env_weak_default", django: "W009", set: map[string]string{"SECRET_KEY": "SECRET_KEY = os.environ.get('SECRET_KEY', 'dev-key')"}},
	{about: "debug_string_false", django: "W018", set: map[string]string{"DEBUG": "DEBUG = 'False'"}},
	{about: "debug_env_string_default", django: "W018", set: map[string]string{"DEBUG": "DEBUG = os.environ.get('DEBUG', 'False')"}},
	{about: "debug_environ_bool_string_default", django: "W018", set: map[string]string{"DEBUG": "DEBUG = env.bool('DEBUG', default='False')"}},
	{about: "cookies_secure_1", django: "", set: map[string]string{
		"SESSION_COOKIE_SECURE": "SESSION_COOKIE_SECURE = 1", "CSRF_COOKIE_SECURE": "CSRF_COOKIE_SECURE = 1",
	}},
	{about: "cookies_secure_truthy_strings", django: "", set: map[string]string{
		"SESSION_COOKIE_SECURE": "SESSION_COOKIE_SECURE = env.bool('SESSION_COOKIE_SECURE', default='False')",
		"CSRF_COOKIE_SECURE":    "CSRF_COOKIE_SECURE = 'no'",
	}},
	{about: "session_app_only", django: "W010 W013", set: map[string]string{
		"MIDDLEWARE":            "MIDDLEWARE = [" + quoteAll([]string{secMW, commonMW, csrfMW, xframeMW}) + "]",
		"SESSION_COOKIE_SECURE": "SESSION_COOKIE_SECURE = False", "SESSION_COOKIE_HTTPONLY": "SESSION_COOKIE_HTTPONLY = False",
	}},
	{about: "session_middleware_only", django: "W011 W014", set: map[string]string{
		"INSTALLED_APPS":        "INSTALLED_APPS = ('django.contrib.auth', 'django.contrib.contenttypes')",
		"SESSION_COOKIE_SECURE": "", "SESSION_COOKIE_HTTPONLY": "SESSION_COOKIE_HTTPONLY = 0",
	}},
	{about: "session_both_httponly_none", django: "W012 W015", set: map[string]string{
		"SESSION_COOKIE_SECURE": "SESSION_COOKIE_SECURE = None", "SESSION_COOKIE_HTTPONLY": "SESSION_COOKIE_HTTPONLY = None",
	}},
	{about: "session_httponly_1", django: "", set: map[string]string{"SESSION_COOKIE_HTTPONLY": "SESSION_COOKIE_HTTPONLY = 1"}},
	{about: "csrf_use_sessions", django: "", set: map[string]string{
		"CSRF_COOKIE_SECURE": "CSRF_COOKIE_SECURE = False", "CSRF_USE_SESSIONS": "CSRF_USE_SESSIONS = True",
	}},
	{about: "csrf_use_sessions_1", django: "", set: map[string]string{
		"CSRF_COOKIE_SECURE": "", "CSRF_USE_SESSIONS": "CSRF_USE_SESSIONS = 1",
	}},
	{about: "ssl_redirect_1_nosniff_1", django: "W006 W008", set: map[string]string{
		"SECURE_SSL_REDIRECT": "SECURE_SSL_REDIRECT = 1", "SECURE_CONTENT_TYPE_NOSNIFF": "SECURE_CONTENT_TYPE_NOSNIFF = 1",
	}},
	{about: "ssl_redirect_environ_string_default", django: "W008", set: map[string]string{
		"SECURE_SSL_REDIRECT": "SECURE_SSL_REDIRECT = env.bool('SECURE_SSL_REDIRECT', default='True')",
	}},
	{about: "hsts_zero", django: "W004", set: map[string]string{"SECURE_HSTS_SECONDS": "SECURE_HSTS_SECONDS = 0"}},
	{about: "hsts_string_zero", django: "W005 W021", set: map[string]string{
		"SECURE_HSTS_SECONDS": "SECURE_HSTS_SECONDS = '0'", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "", "SECURE_HSTS_PRELOAD": "",
	}},
	{about: "hsts_flags_1", django: "W005 W021", set: map[string]string{
		"SECURE_HSTS_INCLUDE_SUBDOMAINS": "SECURE_HSTS_INCLUDE_SUBDOMAINS = 1", "SECURE_HSTS_PRELOAD": "SECURE_HSTS_PRELOAD = 'True'",
	}},
	{about: "x_frame_deny_lower", django: "W019", set: map[string]string{"X_FRAME_OPTIONS": "X_FRAME_OPTIONS = 'deny'"}},
	{about: "x_frame_sameorigin", django: "W019", set: map[string]string{"X_FRAME_OPTIONS": "X_FRAME_OPTIONS = 'SAMEORIGIN'"}},
	{about: "referrer_none", django: "W022", set: map[string]string{"SECURE_REFERRER_POLICY": "SECURE_REFERRER_POLICY = None"}},
	{about: "referrer_empty_string", django: "E023", set: map[string]string{"SECURE_REFERRER_POLICY": "SECURE_REFERRER_POLICY = ''"}},
	{about: "referrer_empty_list", django: "", set: map[string]string{"SECURE_REFERRER_POLICY": "SECURE_REFERRER_POLICY = []"}},
	{about: "referrer_comma_list", django: "", set: map[string]string{"SECURE_REFERRER_POLICY": "SECURE_REFERRER_POLICY = 'origin, no-referrer'"}},
	{about: "referrer_wrong_case", django: "E023", set: map[string]string{"SECURE_REFERRER_POLICY": "SECURE_REFERRER_POLICY = 'Same-Origin'"}},
	{about: "allowed_hosts_split_empty_default", django: "", set: map[string]string{
		"ALLOWED_HOSTS": "ALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', '').split(',')",
	}},
	{about: "allowed_hosts_csv_empty_default", django: "W020", set: map[string]string{
		"ALLOWED_HOSTS": "ALLOWED_HOSTS = config('ALLOWED_HOSTS', default='', cast=Csv())",
	}},
	// Empty values are values: Django 3.2 starts with an empty key and reports
	// W009; [''] passes W020, [] does not.
	{about: "secret_key_empty_getenv_default", django: "W009", set: map[string]string{"SECRET_KEY": "SECRET_KEY = os.getenv('SECRET_KEY', '')"}},
	{about: "secret_key_empty_decouple_default", django: "W009", set: map[string]string{"SECRET_KEY": "SECRET_KEY = config('SECRET_KEY', default='')"}},
	{about: "secret_key_empty_environ_default", django: "W009", set: map[string]string{"SECRET_KEY": "SECRET_KEY = env('SECRET_KEY', default='')"}},
	{about: "secret_key_empty_environ_schema", django: "W009", set: map[string]string{
		"SECRET_KEY": "schema_env = environ.Env(SECRET_KEY=(str, ''))\nSECRET_KEY = schema_env('SECRET_KEY')",
	}},
	{about: "allowed_hosts_split_empty_decouple_default", django: "", set: map[string]string{
		"ALLOWED_HOSTS": "ALLOWED_HOSTS = config('ALLOWED_HOSTS', default='').split(',')",
	}},
	{about: "allowed_hosts_whitespace_split_empty_default", django: "W020", set: map[string]string{
		"ALLOWED_HOSTS": "ALLOWED_HOSTS = os.getenv('ALLOWED_HOSTS', '').split()",
	}},
	{about: "csrf_trusted_origins_split_empty_default", django: "4_0.E001", set: map[string]string{
		"CSRF_TRUSTED_ORIGINS": "CSRF_TRUSTED_ORIGINS = config('CSRF_TRUSTED_ORIGINS', default='').split(',')",
	}},
	{about: "csrf_trusted_origins_whitespace_split_empty_default", django: "", set: map[string]string{
		"CSRF_TRUSTED_ORIGINS": "CSRF_TRUSTED_ORIGINS = os.getenv('CSRF_TRUSTED_ORIGINS', '').split()",
	}},
	// An absent optional override: the import fails, the handler runs and
	// the settings missing before it are missing.
	{about: "optional_override_absent", django: "W008", set: map[string]string{
		"SECURE_SSL_REDIRECT": "", "OVERRIDE": "try:\n    from local_settings import *  # noqa: F401,F403\nexcept ImportError:\n    pass",
	}},
	{about: "optional_override_absent_handler_sets", django: "W016", set: map[string]string{
		"CSRF_COOKIE_SECURE": "", "OVERRIDE": "try:\n    from settings_local import *  # noqa: F401,F403\nexcept ModuleNotFoundError:\n    SECURE_SSL_REDIRECT = True",
	}},
	{about: "silenced_w010_keeps_w012", django: "W012", set: map[string]string{
		"SESSION_COOKIE_SECURE": "", "SILENCED_SYSTEM_CHECKS": "SILENCED_SYSTEM_CHECKS = ['security.W010', 'security.W008']",
		"SECURE_SSL_REDIRECT": "",
	}},
}

// anchorCases renders the anchors as cases named case_00, case_01, ...
func anchorCases() []genCase {
	out := make([]genCase, 0, len(anchors))
	for i, a := range anchors {
		var b strings.Builder
		fmt.Fprintf(&b, header, envLine)
		seen := map[string]bool{}
		for _, s := range hardenedBase {
			seen[s.name] = true
			src, ok := a.set[s.name]
			if !ok {
				src = s.src
			}
			if src != "" {
				b.WriteString(src + "\n")
			}
		}
		for _, name := range sortedKeys(a.set) {
			if !seen[name] && a.set[name] != "" {
				b.WriteString(a.set[name] + "\n")
			}
		}
		django := []string{}
		for _, id := range strings.Fields(a.django) {
			if id != originsCheck {
				id = "security." + id
			}
			django = append(django, id)
		}
		_, origins := a.set["CSRF_TRUSTED_ORIGINS"]
		out = append(out, genCase{name: fmt.Sprintf("case_%02d", i), about: a.about, module: "settings",
			files: map[string]string{"settings.py": b.String()}, django: django, origins: origins})
	}
	return out
}
