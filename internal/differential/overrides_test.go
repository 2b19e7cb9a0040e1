package differential

import (
	"math/rand"
	"strings"
)

// An overrideForm is an optional override import:
//
//	try:
//	    from <module> import *
//	except <handler>:
//	    <fallback>
//
// An absent module fails to import in production and in Django's run alike:
// the handler runs and the settings keep their own values (rules.md,
// "Optional override modules are absent in production"). A present one is
// generated under a non-development name, which djls reads as Django does;
// one with a development name (local.py) would be read by Django but treated
// as absent by djls, by design, so it is never generated.
type overrideForm struct {
	module   string // "" for no import
	handler  string // the exception the except clause names
	fallback string // the handler's body
	present  bool
}

var overrideForms = []overrideForm{
	{}, {}, {}, {}, {}, {}, // most modules have none
	{module: "local_settings", handler: "ImportError", fallback: "pass"},
	{module: "local_settings", handler: "ModuleNotFoundError", fallback: "pass"},
	{module: "local", handler: "(ImportError, ModuleNotFoundError)", fallback: "pass"},
	{module: "settings_local", handler: "Exception", fallback: "SECURE_SSL_REDIRECT = True"},
	{module: "local_settings", handler: "ImportError", fallback: "SESSION_COOKIE_SECURE = False\n    CSRF_COOKIE_SECURE = True"},
	{module: "overrides", handler: "ImportError", fallback: "pass", present: true},
	{module: "site_settings", handler: "ImportError", fallback: "SECURE_SSL_REDIRECT = False", present: true},
	{module: "overrides", handler: "Exception", fallback: "pass", present: true},
}

// overrideValues are what a present override module may assign; none
// touches DEBUG, which the generator keeps consistent with derived settings.
var overrideValues = []string{
	"SECURE_SSL_REDIRECT = True",
	"SECURE_SSL_REDIRECT = False",
	"SESSION_COOKIE_SECURE = True",
	"CSRF_COOKIE_SECURE = False",
	"SECURE_HSTS_SECONDS = 31536000",
	"SECURE_HSTS_SECONDS = int(os.environ.get('SECURE_HSTS_SECONDS', '0'))",
	"SECURE_HSTS_INCLUDE_SUBDOMAINS = True",
	"X_FRAME_OPTIONS = 'DENY'",
	"ALLOWED_HOSTS = ['example.com']",
	"ALLOWED_HOSTS = os.getenv('ALLOWED_HOSTS', '').split(',')",
	"SECRET_KEY = os.getenv('SECRET_KEY', '')",
	"SECRET_KEY = '" + strongKey + "'",
}

// render writes the try statement for a flat settings.py (absolute import of
// a sibling module) or a settings package (relative import, or absolute from
// the project package), and the override module's file when it is present.
func (o overrideForm) render(r *rand.Rand, split bool) (stmt string, files map[string]string) {
	module, file := o.module, o.module+".py"
	if split {
		file = "mysite/settings/" + file
		if r.Intn(3) == 0 {
			module = "mysite.settings." + o.module
		} else {
			module = "." + o.module
		}
	}
	stmt = "try:\n    from " + module + " import *  # noqa: F401,F403\nexcept " + o.handler + ":\n    " + o.fallback
	if !o.present {
		return stmt, nil
	}
	var body []string
	for _, i := range r.Perm(len(overrideValues))[:1+r.Intn(3)] {
		body = append(body, overrideValues[i])
	}
	return stmt, map[string]string{file: "import os\n\n" + strings.Join(body, "\n") + "\n"}
}
