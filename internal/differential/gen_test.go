package differential

import (
	"fmt"
	"math/rand"
	"strings"
)

// A case is one project folder holding a settings module that Django can
// import with no environment variable set.
type genCase struct {
	name   string            // folder name, case_NN
	about  string            // what a hand-written case pins; "" for generated ones
	files  map[string]string // Python files by path in the folder
	module string            // the settings module Django imports
	// django is, for a hand-written case, the set of mirrored checks Django
	// 3.2 is known to report on it (nil for generated cases: Django decides).
	django []string
	// origins is set when the case assigns CSRF_TRUSTED_ORIGINS: djls then
	// judges it again as Django 4.0 to compare 4_0.E001.
	origins bool
}

// source shows the case's Python files for a failure message.
func (c genCase) source() string {
	var b strings.Builder
	for _, p := range keys(c.files) {
		fmt.Fprintf(&b, "--- %s ---\n%s", p, c.files[p])
	}
	return b.String()
}

const (
	secMW     = "django.middleware.security.SecurityMiddleware"
	sessMW    = "django.contrib.sessions.middleware.SessionMiddleware"
	csrfMW    = "django.middleware.csrf.CsrfViewMiddleware"
	xframeMW  = "django.middleware.clickjacking.XFrameOptionsMiddleware"
	commonMW  = "django.middleware.common.CommonMiddleware"
	sessApp   = "django.contrib.sessions"
	sqliteDB  = "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}}"
	keyChars  = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)" // get_random_secret_key's alphabet
	strongKey = "k3j9x!lq2@zr7#vm5$tn8%wb4^yc6&hd1*gf0(pe3)sa9-ru2+qo"
)

// header imports every env library a form may use; both are importable once
// python3-decouple and python3-django-environ are installed. envLine is
// replaced by envWithSchema when a form relies on a django-environ schema.
const header = `import json
import os

import environ
from decouple import Csv, config

%s


def env_bool(name, default='False'):
    return os.getenv(name, default).lower() in ('1', 'true', 'yes')


`

const envLine = "env = environ.Env()"

// envWithSchema declares env with the schema entries the drawn forms need.
func envWithSchema(entries ...string) string {
	var kept []string
	for _, e := range entries {
		if e != "" {
			kept = append(kept, e)
		}
	}
	return "env = environ.Env(" + strings.Join(kept, ", ") + ")"
}

// A DEBUG form, with whether its value is truthy when no variable is set:
// settings derived from DEBUG are generated only when it is falsy, because
// djls deliberately judges such settings as if DEBUG were off.
type debugForm struct {
	src    string
	truthy bool
	schema string // a django-environ schema entry the form needs
}

var debugForms = []debugForm{
	{src: "DEBUG = True", truthy: true},
	{src: "DEBUG = False"},
	{src: "DEBUG: bool = False"},
	{src: "DEBUG = 'False'", truthy: true},
	{src: "DEBUG = 0"},
	{src: "DEBUG = os.environ.get('DEBUG', 'False')", truthy: true},
	{src: "DEBUG = os.getenv('DEBUG', '') == '1'"},
	{src: "DEBUG = os.getenv('DEBUG', 'true').lower() == 'true'", truthy: true},
	{src: "DEBUG = os.environ.get('DEBUG', 'False').lower() in ('1', 'true', 'yes')"},
	{src: "DEBUG = bool(int(os.environ.get('DEBUG', '0')))"},
	{src: "DEBUG = os.getenv('DEBUG') or 'False'", truthy: true},
	{src: "DEBUG = json.loads(os.environ.get('DEBUG', 'false'))"},
	{src: "DEBUG = config('DEBUG', default=False, cast=bool)"},
	{src: "DEBUG = config('DEBUG', default='True', cast=bool)", truthy: true},
	{src: "DEBUG = config('DEBUG', default='False')", truthy: true},
	{src: "DEBUG = env.bool('DEBUG', default=True)", truthy: true},
	{src: "DEBUG = env.bool('DEBUG', default='False')", truthy: true},
	{src: "DEBUG = env('DEBUG', default=False)"},
	{src: "DEBUG = env('DEBUG')", schema: "DEBUG=(bool, False)"},
	{src: "DEBUG = env('DEBUG')", truthy: true, schema: "DEBUG=(bool, True)"},
	{src: "DEBUG = env_bool('DEBUG')"},
	{src: "DEBUG = env_bool('DEBUG', 'True')", truthy: true},
	{src: "DEBUG = True if os.getenv('DEBUG') else False"},
}

// secretForms are templates: <key> is a fresh strong key, <key49> a
// 49-character one, <half> 25 characters (twice: exactly 50).
// An env read with no default is left out on purpose: djls treats it as
// required (set in production), Django sees None. An empty default is a
// value (rules.md, "Empty values are values"): Django 3.2 starts and reports
// W009, djls reports DJS002.
var secretForms = []string{
	"SECRET_KEY = '<key>'",
	"SECRET_KEY = '<key>'",
	"SECRET_KEY = '<key49>'",
	"SECRET_KEY = 'abc'",
	"SECRET_KEY = ''",
	"SECRET_KEY = 'django-insecure-<key>'",
	"SECRET_KEY = '" + strings.Repeat("abcd", 15) + "'",
	"SECRET_KEY = '" + strings.Repeat("abcde", 10) + "'",
	"SECRET_KEY = f'<key>'",
	"SECRET_KEY = (\n    '<half>'\n    '<half>'\n)",
	"SECRET_KEY = os.environ.get('SECRET_KEY', 'weak-fallback')",
	"SECRET_KEY = os.environ.get('SECRET_KEY', '<key>')",
	"SECRET_KEY = os.getenv('SECRET_KEY') or 'change-me'",
	"SECRET_KEY = config('SECRET_KEY', default='django-insecure-<key>')",
	"SECRET_KEY = env('SECRET_KEY', default='<key>')",
	"SECRET_KEY = env.str('SECRET_KEY', default='short')",
	"SECRET_KEY = os.getenv('SECRET_KEY', '')",
	"SECRET_KEY = os.environ.get('SECRET_KEY', \"\")",
	"SECRET_KEY = config('SECRET_KEY', default='')",
	"SECRET_KEY = env('SECRET_KEY', default='')",
	"SECRET_KEY = env.str('SECRET_KEY', default='')",
	"SECRET_KEY = os.getenv('SECRET_KEY') or ''",
	"SECRET_KEY = env('SECRET_KEY')" + schemaMark + "SECRET_KEY=(str, '')",
	"SECRET_KEY = env('SECRET_KEY')" + schemaMark + "SECRET_KEY=(str, '<key>')",
	"", // absent
}

// schemaMark separates a form from the django-environ schema entry it needs.
const schemaMark = "\x00"

// splitSchema returns a form's source and its schema entry ("" for none).
func splitSchema(form string) (src, schema string) {
	src, schema, _ = strings.Cut(form, schemaMark)
	return src, schema
}

var hostForms = []string{
	"ALLOWED_HOSTS = []",
	"ALLOWED_HOSTS = ['*']",
	"ALLOWED_HOSTS = ['example.com']",
	"ALLOWED_HOSTS = ('example.com', 'www.example.com')",
	"",
	"ALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', '').split(',')",
	"ALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', 'example.com').split(',')",
	"ALLOWED_HOSTS = config('ALLOWED_HOSTS', default='', cast=Csv())",
	"ALLOWED_HOSTS = config('ALLOWED_HOSTS', default='a.example,b.example', cast=Csv())",
	"ALLOWED_HOSTS = env.list('ALLOWED_HOSTS', default=[])",
	"ALLOWED_HOSTS = env.list('ALLOWED_HOSTS', default=['example.com'])",
	// Python's ''.split(',') is [''], which Django's W020 accepts;
	// ''.split() and a filtered split are [], which it does not.
	"ALLOWED_HOSTS = config('ALLOWED_HOSTS', default='').split(',')",
	"ALLOWED_HOSTS = env('ALLOWED_HOSTS', default='').split(',')",
	"ALLOWED_HOSTS = os.getenv('ALLOWED_HOSTS', 'example.com,').split(',')",
	"ALLOWED_HOSTS = os.getenv('ALLOWED_HOSTS', '').split()",
	"ALLOWED_HOSTS = [h for h in os.getenv('ALLOWED_HOSTS', '').split(',') if h]",
	"ALLOWED_HOSTS = [h.strip() for h in config('ALLOWED_HOSTS', default='').split(',') if h.strip()]",
}

// originForms are CSRF_TRUSTED_ORIGINS values. Django 3.2 has no check on
// them; the driver applies Django 4.0's 4_0.E001 test (see originCheck).
var originForms = []string{
	"", "",
	"CSRF_TRUSTED_ORIGINS = ['https://example.com']",
	"CSRF_TRUSTED_ORIGINS = ['example.com']",
	"CSRF_TRUSTED_ORIGINS = config('CSRF_TRUSTED_ORIGINS', default='').split(',')",
	"CSRF_TRUSTED_ORIGINS = env('CSRF_TRUSTED_ORIGINS', default='').split(',')",
	"CSRF_TRUSTED_ORIGINS = os.environ.get('CSRF_TRUSTED_ORIGINS', '').split(',')",
	"CSRF_TRUSTED_ORIGINS = os.getenv('CSRF_TRUSTED_ORIGINS', 'https://a.example,').split(',')",
	"CSRF_TRUSTED_ORIGINS = os.getenv('CSRF_TRUSTED_ORIGINS', '').split()",
	"CSRF_TRUSTED_ORIGINS = [o for o in config('CSRF_TRUSTED_ORIGINS', default='').split(',') if o]",
	"CSRF_TRUSTED_ORIGINS = config('CSRF_TRUSTED_ORIGINS', default='', cast=Csv())",
	"CSRF_TRUSTED_ORIGINS = env.list('CSRF_TRUSTED_ORIGINS', default=[])",
}

// boolForms are values for the boolean settings; NAME is the setting's name.
// Several are truthy without being True, which Django 3.2 treats differently
// per check (`is True` for some, truthiness for others).
var boolForms = []string{
	"", "", "", // absent is the commonest case in real files
	"True", "False", "1", "0", "'True'", "None",
	"config('NAME', default=True, cast=bool)",
	"config('NAME', default='1', cast=bool)",
	"config('NAME', default='off', cast=bool)",
	"env.bool('NAME', default=True)",
	"env.bool('NAME', default='False')",
	"os.environ.get('NAME', 'True') == 'True'",
	"os.environ.get('NAME', '') == 'on'",
	"os.getenv('NAME', 'true').lower() in ('1', 'true', 'yes')",
	"bool(int(os.getenv('NAME', '1')))",
	"json.loads(os.environ.get('NAME', 'true'))",
	"env_bool('NAME', 'yes')",
}

var boolSettings = []string{
	"SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
	"CSRF_USE_SESSIONS", "SECURE_SSL_REDIRECT", "SECURE_CONTENT_TYPE_NOSNIFF",
	"SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
}

var hstsForms = []string{
	"", "", "0", "3600", "31536000", "'0'", "None",
	"int(os.environ.get('SECURE_HSTS_SECONDS', '3600'))",
	"int(os.getenv('SECURE_HSTS_SECONDS', 0))",
	"env.int('SECURE_HSTS_SECONDS', default=0)",
	"env.int('SECURE_HSTS_SECONDS', default='0')",
	"config('SECURE_HSTS_SECONDS', default=0, cast=int)",
	"config('SECURE_HSTS_SECONDS', default='3600', cast=int)",
}

var xframeForms = []string{
	"", "", "'DENY'", "'SAMEORIGIN'", "'deny'", "None",
	"os.environ.get('X_FRAME_OPTIONS', 'DENY')",
	"os.environ.get('X_FRAME_OPTIONS', 'SAMEORIGIN')",
}

var referrerForms = []string{
	"", "", "None", "'same-origin'", "'bogus'", "'origin, no-referrer'",
	"' same-origin , strict-origin '", "''", "'Same-Origin'", "[]",
	"('origin', 'same-origin')", "['origin', 'bogus']", "{'no-referrer'}",
	"os.environ.get('SECURE_REFERRER_POLICY', 'same-origin')",
	"config('SECURE_REFERRER_POLICY', default='unsafe-url')",
	"env('SECURE_REFERRER_POLICY', default='no-referer')", // misspelt on purpose: E023
}

var silencedForms = []string{
	"", "", "", "", "",
	"SILENCED_SYSTEM_CHECKS = ['security.W008']",
	"SILENCED_SYSTEM_CHECKS = ['security.W004', 'security.W012']",
	"SILENCED_SYSTEM_CHECKS = ['security.W018']",
	"SILENCED_SYSTEM_CHECKS = ['security.W009', 'security.W020']",
	"SILENCED_SYSTEM_CHECKS = ['security.W010']",
	"SILENCED_SYSTEM_CHECKS = ['security.W001', 'security.W002', 'security.W003']",
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.Intn(len(xs))] }

// A deck deals its forms in shuffled rounds, so every form is used once
// before any is used twice.
type deck[T any] struct {
	forms []T
	left  []int
	last  T // the form drawn last
}

func (d *deck[T]) draw(r *rand.Rand) T {
	if len(d.left) == 0 {
		d.left = r.Perm(len(d.forms))
	}
	i := d.left[0]
	d.left = d.left[1:]
	d.last = d.forms[i]
	return d.last
}

// decks holds one deck per varied setting, shared by all generated cases.
type decks struct {
	debug                                          deck[debugForm]
	secret, hosts, hsts, xframe, referrer, origins deck[string]
	bools                                          map[string]*deck[string]
	silenced                                       deck[string]
	override                                       deck[overrideForm]
}

func newDecks() *decks {
	d := &decks{
		debug: deck[debugForm]{forms: debugForms}, secret: deck[string]{forms: secretForms},
		hosts: deck[string]{forms: hostForms}, hsts: deck[string]{forms: hstsForms},
		xframe: deck[string]{forms: xframeForms}, referrer: deck[string]{forms: referrerForms},
		silenced: deck[string]{forms: silencedForms}, bools: map[string]*deck[string]{},
		origins: deck[string]{forms: originForms}, override: deck[overrideForm]{forms: overrideForms},
	}
	for _, s := range boolSettings {
		d.bools[s] = &deck[string]{forms: boolForms}
	}
	return d
}

// randomKey never starts with '$': django-environ reads a value that does
// as a reference to another variable ("$OTHER"), recursing on itself here.
func randomKey(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = keyChars[r.Intn(len(keyChars))]
	}
	if b[0] == '$' {
		b[0] = 'k'
	}
	return string(b)
}

func quoteAll(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "'" + x + "'"
	}
	return strings.Join(q, ", ")
}

// seq writes a Python list or tuple literal.
func seq(xs []string, tuple bool) string {
	if !tuple {
		return "[" + quoteAll(xs) + "]"
	}
	if len(xs) == 1 {
		return "(" + quoteAll(xs) + ",)"
	}
	return "(" + quoteAll(xs) + ")"
}

// generate returns n deterministic, varied cases named case_<first>...
func generate(n, first int) []genCase {
	r := rand.New(rand.NewSource(20261123))
	d := newDecks()
	out := make([]genCase, 0, n)
	for i := 0; i < n; i++ {
		c := generateOne(r, d)
		c.name = fmt.Sprintf("case_%02d", first+i)
		out = append(out, c)
	}
	return out
}

// generateOne writes a settings.py, or one time in five the same statements
// split into mysite/settings/base.py and production.py (`from .base import *`
// then the rest), which both Django and djls must merge. Some cases import an
// optional override module under try/except (overrides.go).
func generateOne(r *rand.Rand, d *decks) genCase {
	var stmts []string
	add := func(s string) {
		if s != "" {
			stmts = append(stmts, s)
		}
	}
	debug := d.debug.draw(r)
	add(debug.src)

	key := strings.NewReplacer("<key49>", randomKey(r, 49), "<half>", randomKey(r, 25), "<key>", randomKey(r, 50+r.Intn(10)))
	secret, secretSchema := splitSchema(key.Replace(d.secret.draw(r)))
	env := envLine
	if debug.schema != "" || secretSchema != "" {
		env = envWithSchema(debug.schema, secretSchema)
	}
	add(secret)
	add(d.hosts.draw(r))

	apps := []string{"django.contrib.auth", "django.contrib.contenttypes"}
	withSessions := r.Intn(3) > 0
	lateSessions := withSessions && r.Intn(5) == 0
	if withSessions && !lateSessions {
		apps = append(apps, sessApp)
	}
	appsTuple := r.Intn(4) == 0
	add("INSTALLED_APPS = " + seq(apps, appsTuple))
	if lateSessions {
		add("INSTALLED_APPS += " + seq([]string{sessApp}, appsTuple))
	}

	writeMiddleware(r, add, debug.truthy)
	add(sqliteDB)

	for _, s := range boolSettings {
		v := d.bools[s].draw(r)
		if !debug.truthy && r.Intn(12) == 0 {
			v = "not DEBUG"
		}
		if v != "" {
			add(s + " = " + strings.ReplaceAll(v, "NAME", s))
		}
	}
	if v := d.hsts.draw(r); v != "" {
		add("SECURE_HSTS_SECONDS = " + v)
	}
	if v := d.xframe.draw(r); v != "" {
		add("X_FRAME_OPTIONS = " + v)
	}
	if v := d.referrer.draw(r); v != "" {
		add("SECURE_REFERRER_POLICY = " + v)
	}
	add(d.origins.draw(r))

	// Idioms that change earlier values; each agrees between djls's
	// production world and Django's run with no variable set.
	switch r.Intn(8) {
	case 0: // an environment name whose default is production
		add("ENVIRONMENT = os.environ.get('DJANGO_ENV', 'production')")
		add("if ENVIRONMENT == 'production':\n    SECURE_SSL_REDIRECT = True\n    SESSION_COOKIE_SECURE = True\n" +
			"else:\n    SECURE_SSL_REDIRECT = False")
	case 1: // a late override: the last assignment wins
		add(pick(r, boolSettings) + " = " + pick(r, []string{"True", "False"}))
	case 2:
		if !debug.truthy { // development-only branch, not taken in production
			add("if DEBUG:\n    ALLOWED_HOSTS = []\n    SECURE_SSL_REDIRECT = False\n    CSRF_COOKIE_SECURE = False")
		}
	}
	add(d.silenced.draw(r))

	split := r.Intn(5) == 0
	ov := d.override.draw(r)
	var extra map[string]string
	if ov.module != "" {
		// The import goes anywhere after DEBUG: what follows it still counts.
		at := 1 + r.Intn(len(stmts))
		imp, files := ov.render(r, split)
		stmts = append(stmts[:at], append([]string{imp}, stmts[at:]...)...)
		extra = files
	}

	head := fmt.Sprintf(header, env)
	var c genCase
	if !split {
		c = genCase{module: "settings", files: map[string]string{"settings.py": head + strings.Join(stmts, "\n") + "\n"}}
	} else {
		k := 1 + r.Intn(len(stmts)-1)
		prod := head + "from .base import *  # noqa: F401,F403\n\n"
		c = genCase{module: "mysite.settings.production", files: map[string]string{
			"manage.py":                     "import os\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings.production')\n",
			"mysite/__init__.py":            "",
			"mysite/settings/__init__.py":   "",
			"mysite/settings/base.py":       head + strings.Join(stmts[:k], "\n") + "\n",
			"mysite/settings/production.py": prod + strings.Join(stmts[k:], "\n") + "\n",
		}}
	}
	for p, text := range extra {
		c.files[p] = text
	}
	c.origins = d.origins.last != ""
	return c
}

// writeMiddleware emits MIDDLEWARE in one of several shapes: a literal list
// or tuple, a list completed by insert/append/+=, a sum of two lists, or
// nothing at all (Django's default is an empty list).
func writeMiddleware(r *rand.Rand, line func(string), debugTruthy bool) {
	var mws []string
	for _, m := range []string{secMW, sessMW, commonMW, csrfMW, xframeMW} {
		if m == commonMW || r.Intn(4) > 0 {
			mws = append(mws, m)
		}
	}
	switch r.Intn(9) {
	case 0:
		return
	case 1:
		line("MIDDLEWARE = " + seq(mws, true))
	case 2: // the first entry added afterwards
		line("MIDDLEWARE = " + seq(mws[1:], false))
		line(fmt.Sprintf("MIDDLEWARE.insert(0, '%s')", mws[0]))
	case 3: // the last entry added afterwards
		last := mws[len(mws)-1]
		rest := mws[:len(mws)-1]
		line("MIDDLEWARE = " + seq(rest, false))
		if r.Intn(2) == 0 {
			line(fmt.Sprintf("MIDDLEWARE.append('%s')", last))
		} else {
			line(fmt.Sprintf("MIDDLEWARE += ['%s']", last))
		}
	case 4:
		k := len(mws) / 2
		line("BASE_MIDDLEWARE = " + seq(mws[:k], false))
		line("MIDDLEWARE = BASE_MIDDLEWARE + " + seq(mws[k:], false))
	case 5:
		if !debugTruthy && mws[0] == secMW { // added only when DEBUG is off
			line("MIDDLEWARE = " + seq(mws[1:], false))
			line(fmt.Sprintf("if not DEBUG:\n    MIDDLEWARE.insert(0, '%s')", secMW))
			return
		}
		line("MIDDLEWARE = " + seq(mws, false))
	default:
		line("MIDDLEWARE = " + seq(mws, false))
	}
}
