// Package djangoref is reference data about Django settings for hover and
// completion: each setting's purpose in one line, Django's default, its
// documentation and, for enumerated settings, the values Django accepts.
// It is data only; the engine's rules do not depend on it.
package djangoref

import (
	"sort"
	"strings"
	"sync"
)

// Setting describes one setting.
type Setting struct {
	Name    string
	Doc     string   // what the setting does, one line
	Default string   // Django's default as Python source; "" when there is none
	Values  []string // the accepted values of an enumerated setting
	Package string   // the third-party package that reads it; "" for Django
}

// URL links the setting's documentation.
func (s Setting) URL() string {
	switch s.Package {
	case "django-cors-headers":
		return "https://github.com/adamchainz/django-cors-headers#" + strings.ToLower(s.Name)
	case "whitenoise":
		return "https://whitenoise.readthedocs.io/en/stable/django.html#" + strings.ReplaceAll(strings.ToLower(s.Name), "_", "-")
	}
	return "https://docs.djangoproject.com/en/stable/ref/settings/#std-setting-" + s.Name
}

// Lookup returns the setting called name.
func Lookup(name string) (Setting, bool) {
	s, ok := byName()[name]
	return s, ok
}

// Settings returns every known setting, sorted by name.
func Settings() []Setting { return sorted() }

// ReferrerPolicies are the values SECURE_REFERRER_POLICY accepts.
var ReferrerPolicies = []string{
	"no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin",
	"same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url",
}

// Middleware lists Django's own middleware (and WhiteNoise's) in the order
// Django's deployment checklist recommends.
var Middleware = []string{
	"django.middleware.security.SecurityMiddleware",
	"whitenoise.middleware.WhiteNoiseMiddleware",
	"django.contrib.sessions.middleware.SessionMiddleware",
	"corsheaders.middleware.CorsMiddleware",
	"django.middleware.locale.LocaleMiddleware",
	"django.middleware.common.CommonMiddleware",
	"django.middleware.csrf.CsrfViewMiddleware",
	"django.contrib.auth.middleware.AuthenticationMiddleware",
	"django.contrib.auth.middleware.LoginRequiredMiddleware",
	"django.contrib.messages.middleware.MessageMiddleware",
	"django.middleware.clickjacking.XFrameOptionsMiddleware",
	"django.middleware.cache.UpdateCacheMiddleware",
	"django.middleware.cache.FetchFromCacheMiddleware",
	"django.middleware.gzip.GZipMiddleware",
	"django.middleware.http.ConditionalGetMiddleware",
	"django.contrib.sites.middleware.CurrentSiteMiddleware",
	"django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
	"django.contrib.redirects.middleware.RedirectFallbackMiddleware",
	"django.contrib.admindocs.middleware.XViewMiddleware",
}

const (
	cors       = "django-cors-headers"
	whitenoise = "whitenoise"
)

var table = []Setting{
	{Name: "ABSOLUTE_URL_OVERRIDES", Doc: "Maps \"app_label.model_name\" to functions that override get_absolute_url().", Default: "{}"},
	{Name: "ADMINS", Doc: "People who get error notifications by email.", Default: "[]"},
	{Name: "ALLOWED_HOSTS", Doc: "Host/domain names this site can serve; protects against HTTP Host header attacks.", Default: "[]"},
	{Name: "APPEND_SLASH", Doc: "Redirect URLs without a trailing slash when no pattern matches (CommonMiddleware).", Default: "True"},
	{Name: "AUTHENTICATION_BACKENDS", Doc: "Backends tried, in order, to authenticate a user.", Default: "['django.contrib.auth.backends.ModelBackend']"},
	{Name: "AUTH_PASSWORD_VALIDATORS", Doc: "Validators that check the strength of user passwords.", Default: "[]"},
	{Name: "AUTH_USER_MODEL", Doc: "The model that represents a user.", Default: "'auth.User'"},
	{Name: "CACHES", Doc: "Cache backends, by alias; 'default' is required.", Default: "{'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}"},
	{Name: "CACHE_MIDDLEWARE_ALIAS", Doc: "Cache used by the cache middleware.", Default: "'default'"},
	{Name: "CACHE_MIDDLEWARE_KEY_PREFIX", Doc: "Prefix of the cache middleware's keys.", Default: "''"},
	{Name: "CACHE_MIDDLEWARE_SECONDS", Doc: "Seconds a page is cached by the cache middleware.", Default: "600"},
	{Name: "CSRF_COOKIE_AGE", Doc: "Age of the CSRF cookie, in seconds.", Default: "31449600"},
	{Name: "CSRF_COOKIE_DOMAIN", Doc: "Domain of the CSRF cookie.", Default: "None"},
	{Name: "CSRF_COOKIE_HTTPONLY", Doc: "Mark the CSRF cookie HttpOnly (little benefit; JavaScript needs the token).", Default: "False"},
	{Name: "CSRF_COOKIE_NAME", Doc: "Name of the CSRF cookie.", Default: "'csrftoken'"},
	{Name: "CSRF_COOKIE_PATH", Doc: "Path of the CSRF cookie.", Default: "'/'"},
	{Name: "CSRF_COOKIE_SAMESITE", Doc: "SameSite flag of the CSRF cookie.", Default: "'Lax'", Values: []string{"Lax", "Strict", "None"}},
	{Name: "CSRF_COOKIE_SECURE", Doc: "Send the CSRF cookie over HTTPS only.", Default: "False"},
	{Name: "CSRF_FAILURE_VIEW", Doc: "View used when a request fails CSRF protection.", Default: "'django.views.csrf.csrf_failure'"},
	{Name: "CSRF_HEADER_NAME", Doc: "Request header holding the CSRF token.", Default: "'HTTP_X_CSRFTOKEN'"},
	{Name: "CSRF_TRUSTED_ORIGINS", Doc: "Trusted origins for unsafe requests (scheme required since Django 4.0).", Default: "[]"},
	{Name: "CSRF_USE_SESSIONS", Doc: "Store the CSRF token in the session instead of a cookie.", Default: "False"},
	{Name: "DATABASES", Doc: "Database connections, by alias; 'default' is required.", Default: "{}"},
	{Name: "DATABASE_ROUTERS", Doc: "Routers that pick a database for a query.", Default: "[]"},
	{Name: "DATA_UPLOAD_MAX_MEMORY_SIZE", Doc: "Largest request body, in bytes, read before SuspiciousOperation.", Default: "2621440"},
	{Name: "DATA_UPLOAD_MAX_NUMBER_FIELDS", Doc: "Most GET/POST parameters accepted.", Default: "1000"},
	{Name: "DATA_UPLOAD_MAX_NUMBER_FILES", Doc: "Most files accepted in one multipart request.", Default: "100"},
	{Name: "DATETIME_FORMAT", Doc: "Default format for datetimes in templates.", Default: "'N j, Y, P'"},
	{Name: "DATE_FORMAT", Doc: "Default format for dates in templates.", Default: "'N j, Y'"},
	{Name: "DEBUG", Doc: "Debug mode: detailed error pages with settings and source. Never on in production.", Default: "False"},
	{Name: "DEBUG_PROPAGATE_EXCEPTIONS", Doc: "Let exceptions propagate instead of rendering 500 pages.", Default: "False"},
	{Name: "DEFAULT_AUTO_FIELD", Doc: "Primary key type for models that do not declare one.", Default: "'django.db.models.AutoField'"},
	{Name: "DEFAULT_CHARSET", Doc: "Charset of HttpResponse objects.", Default: "'utf-8'"},
	{Name: "DEFAULT_EXCEPTION_REPORTER", Doc: "Class that builds error reports.", Default: "'django.views.debug.ExceptionReporter'"},
	{Name: "DEFAULT_FILE_STORAGE", Doc: "Removed in Django 5.1: use STORAGES['default'].", Default: "'django.core.files.storage.FileSystemStorage'"},
	{Name: "DEFAULT_FROM_EMAIL", Doc: "Sender address of automatic emails.", Default: "'webmaster@localhost'"},
	{Name: "DEFAULT_HASHING_ALGORITHM", Doc: "Removed in Django 4.0: a transitional setting for the 3.1 hashing change.", Default: "'sha256'"},
	{Name: "DEFAULT_TABLESPACE", Doc: "Default tablespace for models.", Default: "''"},
	{Name: "DISALLOWED_USER_AGENTS", Doc: "User agents refused by CommonMiddleware.", Default: "[]"},
	{Name: "EMAIL_BACKEND", Doc: "Backend that sends email.", Default: "'django.core.mail.backends.smtp.EmailBackend'"},
	{Name: "EMAIL_HOST", Doc: "SMTP host.", Default: "'localhost'"},
	{Name: "EMAIL_HOST_PASSWORD", Doc: "SMTP password; read it from the environment.", Default: "''"},
	{Name: "EMAIL_HOST_USER", Doc: "SMTP user name.", Default: "''"},
	{Name: "EMAIL_PORT", Doc: "SMTP port.", Default: "25"},
	{Name: "EMAIL_SUBJECT_PREFIX", Doc: "Prefix of emails sent to ADMINS and MANAGERS.", Default: "'[Django] '"},
	{Name: "EMAIL_TIMEOUT", Doc: "Timeout of SMTP connections, in seconds.", Default: "None"},
	{Name: "EMAIL_USE_SSL", Doc: "Use implicit TLS for SMTP.", Default: "False"},
	{Name: "EMAIL_USE_TLS", Doc: "Use STARTTLS for SMTP.", Default: "False"},
	{Name: "FILE_UPLOAD_HANDLERS", Doc: "Handlers of uploaded files.", Default: "['django.core.files.uploadhandler.MemoryFileUploadHandler', 'django.core.files.uploadhandler.TemporaryFileUploadHandler']"},
	{Name: "FILE_UPLOAD_MAX_MEMORY_SIZE", Doc: "Uploads larger than this (bytes) stream to disk.", Default: "2621440"},
	{Name: "FILE_UPLOAD_PERMISSIONS", Doc: "Mode of newly uploaded files.", Default: "0o644"},
	{Name: "FILE_UPLOAD_TEMP_DIR", Doc: "Directory for uploads streamed to disk.", Default: "None"},
	{Name: "FIXTURE_DIRS", Doc: "Extra directories searched for fixtures.", Default: "[]"},
	{Name: "FORM_RENDERER", Doc: "Class that renders forms and widgets.", Default: "'django.forms.renderers.DjangoTemplates'"},
	{Name: "INSTALLED_APPS", Doc: "Applications enabled in this project.", Default: "[]"},
	{Name: "INTERNAL_IPS", Doc: "IP addresses that see debug information (debug context processor, toolbar).", Default: "[]"},
	{Name: "LANGUAGES", Doc: "Languages available for translation.", Default: "the full list of Django's languages"},
	{Name: "LANGUAGE_CODE", Doc: "The project's default language.", Default: "'en-us'"},
	{Name: "LOCALE_PATHS", Doc: "Directories searched for translation files.", Default: "[]"},
	{Name: "LOGGING", Doc: "Logging configuration (dictConfig) merged with Django's defaults.", Default: "{}"},
	{Name: "LOGGING_CONFIG", Doc: "Callable that configures logging.", Default: "'logging.config.dictConfig'"},
	{Name: "LOGIN_REDIRECT_URL", Doc: "Where users go after logging in.", Default: "'/accounts/profile/'"},
	{Name: "LOGIN_URL", Doc: "Where login_required sends users.", Default: "'/accounts/login/'"},
	{Name: "LOGOUT_REDIRECT_URL", Doc: "Where users go after logging out.", Default: "None"},
	{Name: "MANAGERS", Doc: "People who get broken-link notifications.", Default: "[]"},
	{Name: "MEDIA_ROOT", Doc: "Filesystem directory of user-uploaded files.", Default: "''"},
	{Name: "MEDIA_URL", Doc: "URL that serves MEDIA_ROOT.", Default: "''"},
	{Name: "MIDDLEWARE", Doc: "Middleware run on every request, in order.", Default: "[]"},
	{Name: "PASSWORD_HASHERS", Doc: "Password hashers; the first hashes new passwords.", Default: "['django.contrib.auth.hashers.PBKDF2PasswordHasher', ...]"},
	{Name: "PASSWORD_RESET_TIMEOUT", Doc: "Seconds a password reset link stays valid.", Default: "259200"},
	{Name: "PASSWORD_RESET_TIMEOUT_DAYS", Doc: "Removed in Django 4.0: use PASSWORD_RESET_TIMEOUT (seconds).", Default: "3"},
	{Name: "PREPEND_WWW", Doc: "Redirect to the www. subdomain (CommonMiddleware).", Default: "False"},
	{Name: "ROOT_URLCONF", Doc: "Module holding the root URL patterns.", Default: ""},
	{Name: "SECRET_KEY", Doc: "Key for cryptographic signing (sessions, password resets); must be long, random and secret.", Default: "''"},
	{Name: "SECRET_KEY_FALLBACKS", Doc: "Old secret keys still accepted for signatures during a rotation.", Default: "[]"},
	{Name: "SECURE_BROWSER_XSS_FILTER", Doc: "Removed in Django 4.0: browsers dropped X-XSS-Protection.", Default: "False"},
	{Name: "SECURE_CONTENT_TYPE_NOSNIFF", Doc: "Send X-Content-Type-Options: nosniff (SecurityMiddleware).", Default: "True"},
	{Name: "SECURE_CROSS_ORIGIN_OPENER_POLICY", Doc: "Cross-Origin-Opener-Policy header (SecurityMiddleware).", Default: "'same-origin'", Values: []string{"same-origin", "same-origin-allow-popups", "unsafe-none"}},
	{Name: "SECURE_CSP", Doc: "Content-Security-Policy header (Django 6.0+, ContentSecurityPolicyMiddleware).", Default: "{}"},
	{Name: "SECURE_CSP_REPORT_ONLY", Doc: "Content-Security-Policy-Report-Only header (Django 6.0+).", Default: "{}"},
	{Name: "SECURE_HSTS_INCLUDE_SUBDOMAINS", Doc: "Add includeSubDomains to the HSTS header.", Default: "False"},
	{Name: "SECURE_HSTS_PRELOAD", Doc: "Add preload to the HSTS header.", Default: "False"},
	{Name: "SECURE_HSTS_SECONDS", Doc: "max-age of the Strict-Transport-Security header; 0 sends none.", Default: "0"},
	{Name: "SECURE_PROXY_SSL_HEADER", Doc: "(header, value) telling Django a proxied request was HTTPS; only behind a proxy that sets it.", Default: "None"},
	{Name: "SECURE_REDIRECT_EXEMPT", Doc: "Path regexes not redirected to HTTPS.", Default: "[]"},
	{Name: "SECURE_REFERRER_POLICY", Doc: "Referrer-Policy header (SecurityMiddleware).", Default: "'same-origin'", Values: ReferrerPolicies},
	{Name: "SECURE_SSL_HOST", Doc: "Host that HTTPS redirects go to.", Default: "None"},
	{Name: "SECURE_SSL_REDIRECT", Doc: "Redirect every HTTP request to HTTPS (SecurityMiddleware).", Default: "False"},
	{Name: "SERVER_EMAIL", Doc: "Sender address of error emails.", Default: "'root@localhost'"},
	{Name: "SESSION_CACHE_ALIAS", Doc: "Cache used by cache-based sessions.", Default: "'default'"},
	{Name: "SESSION_COOKIE_AGE", Doc: "Age of the session cookie, in seconds.", Default: "1209600"},
	{Name: "SESSION_COOKIE_DOMAIN", Doc: "Domain of the session cookie.", Default: "None"},
	{Name: "SESSION_COOKIE_HTTPONLY", Doc: "Hide the session cookie from JavaScript.", Default: "True"},
	{Name: "SESSION_COOKIE_NAME", Doc: "Name of the session cookie.", Default: "'sessionid'"},
	{Name: "SESSION_COOKIE_PATH", Doc: "Path of the session cookie.", Default: "'/'"},
	{Name: "SESSION_COOKIE_SAMESITE", Doc: "SameSite flag of the session cookie.", Default: "'Lax'", Values: []string{"Lax", "Strict", "None"}},
	{Name: "SESSION_COOKIE_SECURE", Doc: "Send the session cookie over HTTPS only.", Default: "False"},
	{Name: "SESSION_ENGINE", Doc: "Where session data is stored.", Default: "'django.contrib.sessions.backends.db'"},
	{Name: "SESSION_EXPIRE_AT_BROWSER_CLOSE", Doc: "End sessions when the browser closes.", Default: "False"},
	{Name: "SESSION_SAVE_EVERY_REQUEST", Doc: "Save the session on every request.", Default: "False"},
	{Name: "SESSION_SERIALIZER", Doc: "Serializer of session data.", Default: "'django.contrib.sessions.serializers.JSONSerializer'"},
	{Name: "SILENCED_SYSTEM_CHECKS", Doc: "System check IDs to silence (djls honours them).", Default: "[]"},
	{Name: "STATICFILES_DIRS", Doc: "Extra directories collected as static files.", Default: "[]"},
	{Name: "STATICFILES_FINDERS", Doc: "Finders that locate static files.", Default: "['django.contrib.staticfiles.finders.FileSystemFinder', 'django.contrib.staticfiles.finders.AppDirectoriesFinder']"},
	{Name: "STATICFILES_STORAGE", Doc: "Removed in Django 5.1: use STORAGES['staticfiles'].", Default: "'django.contrib.staticfiles.storage.StaticFilesStorage'"},
	{Name: "STATIC_ROOT", Doc: "Directory collectstatic copies static files to.", Default: "None"},
	{Name: "STATIC_URL", Doc: "URL that serves static files.", Default: "None"},
	{Name: "STORAGES", Doc: "File storages by alias: 'default' and 'staticfiles' (Django 4.2+).", Default: "{'default': {...FileSystemStorage}, 'staticfiles': {...StaticFilesStorage}}"},
	{Name: "TEMPLATES", Doc: "Template engines and their options.", Default: "[]"},
	{Name: "TEST_RUNNER", Doc: "Class that runs the test suite.", Default: "'django.test.runner.DiscoverRunner'"},
	{Name: "TIME_FORMAT", Doc: "Default format for times in templates.", Default: "'P'"},
	{Name: "TIME_ZONE", Doc: "The project's time zone.", Default: "'America/Chicago'"},
	{Name: "USE_I18N", Doc: "Enable translation.", Default: "True"},
	{Name: "USE_L10N", Doc: "Removed in Django 5.0: localized formatting is always on.", Default: "True"},
	{Name: "USE_THOUSAND_SEPARATOR", Doc: "Display numbers with a thousand separator.", Default: "False"},
	{Name: "USE_TZ", Doc: "Store and compute datetimes as time-zone aware.", Default: "True"},
	{Name: "USE_X_FORWARDED_HOST", Doc: "Trust X-Forwarded-Host over Host; only behind a proxy that sets it.", Default: "False"},
	{Name: "USE_X_FORWARDED_PORT", Doc: "Trust X-Forwarded-Port; only behind a proxy that sets it.", Default: "False"},
	{Name: "WSGI_APPLICATION", Doc: "Dotted path of the WSGI application runserver uses.", Default: "None"},
	{Name: "X_FRAME_OPTIONS", Doc: "X-Frame-Options header (XFrameOptionsMiddleware).", Default: "'DENY'", Values: []string{"DENY", "SAMEORIGIN"}},

	{Name: "CORS_ALLOWED_ORIGINS", Doc: "Origins allowed to make cross-site requests.", Default: "[]", Package: cors},
	{Name: "CORS_ALLOWED_ORIGIN_REGEXES", Doc: "Regexes of origins allowed to make cross-site requests; anchor them.", Default: "[]", Package: cors},
	{Name: "CORS_ALLOW_ALL_ORIGINS", Doc: "Allow every origin; never with credentials.", Default: "False", Package: cors},
	{Name: "CORS_ALLOW_CREDENTIALS", Doc: "Allow cookies in cross-site requests.", Default: "False", Package: cors},
	{Name: "CORS_ALLOW_HEADERS", Doc: "Request headers allowed in cross-site requests.", Default: "corsheaders.defaults.default_headers", Package: cors},
	{Name: "CORS_ALLOW_METHODS", Doc: "HTTP methods allowed in cross-site requests.", Default: "corsheaders.defaults.default_methods", Package: cors},
	{Name: "CORS_EXPOSE_HEADERS", Doc: "Response headers exposed to the browser.", Default: "[]", Package: cors},
	{Name: "CORS_PREFLIGHT_MAX_AGE", Doc: "Seconds browsers cache a preflight response.", Default: "86400", Package: cors},
	{Name: "CORS_URLS_REGEX", Doc: "Only URLs matching this regex get CORS headers.", Default: "r'^.*$'", Package: cors},
	{Name: "CORS_ORIGIN_ALLOW_ALL", Doc: "Old name of CORS_ALLOW_ALL_ORIGINS.", Default: "False", Package: cors},
	{Name: "CORS_ORIGIN_WHITELIST", Doc: "Old name of CORS_ALLOWED_ORIGINS.", Default: "[]", Package: cors},
	{Name: "CORS_ORIGIN_REGEX_WHITELIST", Doc: "Old name of CORS_ALLOWED_ORIGIN_REGEXES.", Default: "[]", Package: cors},
	{Name: "WHITENOISE_AUTOREFRESH", Doc: "Re-scan static files on every request (development only).", Default: "DEBUG", Package: whitenoise},
	{Name: "WHITENOISE_USE_FINDERS", Doc: "Serve files found by the static finders, not just STATIC_ROOT.", Default: "DEBUG", Package: whitenoise},
	{Name: "WHITENOISE_MAX_AGE", Doc: "Cache max-age for non-versioned files, in seconds.", Default: "60 (0 when DEBUG)", Package: whitenoise},
	{Name: "WHITENOISE_ROOT", Doc: "Directory served at the site root (robots.txt, favicon).", Default: "None", Package: whitenoise},
	{Name: "WHITENOISE_INDEX_FILE", Doc: "Serve index.html for directory URLs.", Default: "False", Package: whitenoise},
	{Name: "WHITENOISE_MANIFEST_STRICT", Doc: "Raise on files missing from the manifest.", Default: "True", Package: whitenoise},
	{Name: "WHITENOISE_KEEP_ONLY_HASHED_FILES", Doc: "Delete unhashed copies after collectstatic.", Default: "False", Package: whitenoise},
}

// byName and sorted are built on first use: a command that never looks a
// setting up does not pay for them at start-up.
var (
	byName = sync.OnceValue(func() map[string]Setting {
		m := make(map[string]Setting, len(table))
		for _, s := range table {
			m[s.Name] = s
		}
		return m
	})
	sorted = sync.OnceValue(func() []Setting {
		out := append([]Setting(nil), table...)
		sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
		return out
	})
)
