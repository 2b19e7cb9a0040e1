package evaluator

import (
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

func eval(t *testing.T, src string) *Module {
	t.Helper()
	return Evaluate("/p/settings.py", treesitter.Parse([]byte(src)), nil)
}

// TestProductionValues pins the production-world value of settings across
// the idioms of ../shared/notes/settings-idioms.md (H-n).
func TestProductionValues(t *testing.T) {
	cases := []struct {
		name, src, setting, want string
	}{
		{"literal", "DEBUG = True\n", "DEBUG", "True"},
		// tree-sitter reads `x, y` here as a pattern_list (the line before
		// runs into it), yet without syntax errors: still a tuple.
		{"chained tuple read as a pattern", "X = 1\nY = 2\nZ = []MIDDLEWARE = SESSION_COOKIE_SECURE = X, Y\n", "SESSION_COOKIE_SECURE", "(1, 2)"},
		{"annotated (H-29)", "ALLOWED_HOSTS: list[str] = []\nALLOWED_HOSTS += ['api.example.org']\n", "ALLOWED_HOSTS", "['api.example.org']"},
		{"getenv default compared (H-1)", "import os\nDEBUG = os.getenv('APP_DEBUG', 'no') == 'yes'\n", "DEBUG", "False"},
		{"lower in set (H-1)", "import os\nDEBUG = os.getenv('APP_DEBUG', 'true').lower() in {'1', 'true', 'yes'}\n", "DEBUG", "True"},
		{"not equal (H-1)", "import os\nSSL = os.getenv('FORCE_TLS', '1') != '0'\n", "SSL", "True"},
		{"raw non-string default (H-2)", "import os\nDEBUG = os.environ.get('DEBUG', True)\n", "DEBUG", "True"},
		{"raw string default is a string", "import os\nDEBUG = os.environ.get('DEBUG', 'False')\n", "DEBUG", "'False'"},
		{"helper function (H-3)", "import os\ndef flag(name, fallback='off'):\n    return os.environ.get(name, fallback).lower() in ('on', '1')\nDEBUG = flag('DEBUG', 'on')\n", "DEBUG", "True"},
		{"helper with if chain", "import os\ndef b(n, d='0'):\n    v = os.getenv(n, d)\n    if v in ('1', 'true'):\n        return True\n    return False\nX = b('X', '1')\n", "X", "True"},
		{"environ schema (H-4)", "import environ\nenv = environ.Env(APP_DEBUG=(bool, True))\nDEBUG = env('APP_DEBUG')\n", "DEBUG", "True"},
		{"environ call default wins (H-4)", "import environ\nenv = environ.Env(APP_DEBUG=(bool, True))\nDEBUG = env('APP_DEBUG', default=False)\n", "DEBUG", "False"},
		{"environ bool string default stays a string", "import environ\nenv = environ.Env()\nDEBUG = env.bool('DEBUG', default='False')\n", "DEBUG", "'False'"},
		{"decouple casts the default", "from decouple import config\nDEBUG = config('DEBUG', default='False', cast=bool)\n", "DEBUG", "False"},
		{"decouple Csv", "from decouple import config, Csv\nH = config('H', default='a.org, b.org', cast=Csv())\n", "H", "['a.org', 'b.org']"},
		{"required read", "import os\nSECRET_KEY = os.environ['SECRET_KEY']\n", "SECRET_KEY", "<unknown>"},
		{"get without default is None (H-5)", "import os\nSECRET_KEY = os.environ.get('SECRET_KEY')\n", "SECRET_KEY", "None"},
		{"random fallback (H-35)", "import os\nfrom django.core.management.utils import get_random_secret_key\nSECRET_KEY = os.getenv('K', get_random_secret_key())\n", "SECRET_KEY", "<unknown>"},
		{"module constant (H-7)", "import os\nFALLBACK = 'not-a-real-key'\nSECRET_KEY = os.getenv('SECRET_KEY', FALLBACK)\n", "SECRET_KEY", "'not-a-real-key'"},
		{"derived from DEBUG (H-8)", "import os\nDEBUG = os.getenv('D', 'true') == 'true'\n_prod = not DEBUG\nSESSION_COOKIE_SECURE = _prod\n", "SESSION_COOKIE_SECURE", "True"},
		{"flag defaults off (H-9)", "import environ\nenv = environ.Env()\nif env.bool('USE_HSTS', default=False):\n    SECURE_HSTS_SECONDS = 31536000\n", "SECURE_HSTS_SECONDS", "<absent>"},
		{"presence test picks else (H-10)", "import os\nif 'PRODUCTION' in os.environ:\n    DEBUG = False\nelse:\n    DEBUG = True\n", "DEBUG", "True"},
		{"late override import skipped", "DEBUG = False\ntry:\n    from .local import *\nexcept ImportError:\n    pass\n", "DEBUG", "False"},
		{"walrus else (H-14)", "import os\nif hosts := os.getenv('HOSTS'):\n    ALLOWED_HOSTS = hosts.split(',')\nelse:\n    ALLOWED_HOSTS = ['*']\n", "ALLOWED_HOSTS", "['*']"},
		{"conditional on DEBUG (H-14)", "DEBUG = True\nX_FRAME_OPTIONS = 'ALLOWALL' if DEBUG else 'DENY'\n", "X_FRAME_OPTIONS", "'DENY'"},
		{"semicolon split (H-15)", "import os\nALLOWED_HOSTS = os.getenv('HOSTS', 'a.org;*').split(';')\n", "ALLOWED_HOSTS", "['a.org', '*']"},
		{"append (H-15)", "ALLOWED_HOSTS = ['localhost']\nALLOWED_HOSTS.append('*')\n", "ALLOWED_HOSTS", "['localhost', '*']"},
		{"insert at a negative index", "H = ['a', 'b']\nH.insert(-1, '*')\n", "H", "['a', '*', 'b']"},
		{"insert past the end appends", "H = ['a']\nH.insert(9, '*')\n", "H", "['a', '*']"},
		{"insert at an unknown index", "import os\nH = ['a']\nH.insert(os.environ['I'], '*')\n", "H", "<at least ['a', '*']>"},
		{"dj_database_url password (H-16)", "import dj_database_url\nDATABASES = {'default': dj_database_url.config(default='postgres://app:s3cret@db/app')}\n", "DATABASES", "{'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'app', 'USER': 'app', 'PASSWORD': 's3cret', 'HOST': 'db', 'PORT': ''}}"},
		{"environ db sqlite (H-16)", "import environ\nenv = environ.Env()\nDATABASES = {'default': env.db('DATABASE_URL', default='sqlite:///db.sqlite3')}\n", "DATABASES", "{'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': '/db.sqlite3'}}"},
		{"update no-op (H-16)", "import dj_database_url\nDATABASES = {'default': {'ENGINE': 'x'}}\nDATABASES['default'].update(dj_database_url.config())\n", "DATABASES", "{'default': {'ENGINE': 'x'}}"},
		{"subscript assignment", "DATABASES = {'default': {'ENGINE': 'x'}}\nDATABASES['default']['CONN_MAX_AGE'] = 60\n", "DATABASES", "{'default': {'ENGINE': 'x', 'CONN_MAX_AGE': 60}}"},
		{"sqlite fallback (H-17)", "import os\nif os.getenv('DATABASE_URL'):\n    DATABASES = {}\nelse:\n    DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3'}}\n", "DATABASES", "{'default': {'ENGINE': 'django.db.backends.sqlite3'}}"},
		{"configparser fallback (H-26)", "import configparser\ncfg = configparser.ConfigParser()\ncfg.read(['app.cfg'])\nDEBUG = cfg.getboolean('web', 'debug', fallback=False)\n", "DEBUG", "False"},
		{"concatenation (H-26)", "import configparser\ncfg = configparser.ConfigParser()\nDB_ENGINE = 'django.db.backends.' + cfg.get('db', 'engine', fallback='sqlite3')\n", "DB_ENGINE", "'django.db.backends.sqlite3'"},
		{"sys.argv (H-27)", "import sys\nRUNNING_DEVSERVER = 'runserver' in sys.argv\nTESTING = len(sys.argv) > 1 and sys.argv[1] == 'test'\n", "TESTING", "False"},
		{"stage default (H-28)", "import os\nSTAGE = os.getenv('APP_STAGE', 'development')\nIS_DEV = STAGE == 'development'\nDEBUG = IS_DEV\n", "DEBUG", "False"},
		{"environment name compares to prod", "import os\nENV = os.environ.get('DJANGO_ENV', 'dev')\nSECURE = ENV in ('prod', 'production')\n", "SECURE", "True"},
		{"with block (H-31)", "with open('/run/secret') as fh:\n    SECRET_KEY = fh.read().strip()\n", "SECRET_KEY", "<unknown>"},
		{"file fallback (H-31)", "from pathlib import Path\ntry:\n    SECRET_KEY = Path('k').read_text()\nexcept OSError:\n    SECRET_KEY = 'fallback-dev-key'\n", "SECRET_KEY", "'fallback-dev-key'"},
		{"truthiness (H-32)", "import os\nDEBUG = int(os.getenv('APP_DEBUG', 1))\n", "DEBUG", "1"},
		{"bool int true (H-32)", "import os\nCORS_ALLOW_ALL_ORIGINS = bool(int(os.getenv('CORS_ALL', True)))\n", "CORS_ALLOW_ALL_ORIGINS", "True"},
		{"or fallback (H-33)", "import os\nDB_PASSWORD = os.getenv('DB_PW') or 'devpass'\n", "DB_PASSWORD", "'devpass'"},
		{"if-else expression (H-33)", "import os\nSECRET_KEY = os.getenv('APP_KEY') if os.getenv('APP_KEY') else 'set-me-please'\n", "SECRET_KEY", "'set-me-please'"},
		{"try attribute error (H-34)", "import os\ntry:\n    ALLOWED_HOSTS = os.environ.get('HOSTS').split(' ')\nexcept AttributeError:\n    ALLOWED_HOSTS = ['localhost']\n", "ALLOWED_HOSTS", "['localhost']"},
		{"try never raises (H-34)", "import os\ntry:\n    SECRET_KEY = os.environ.get('APP_KEY')\nexcept Exception:\n    SECRET_KEY = 'dead-code-key'\n", "SECRET_KEY", "None"},
		{"debug-only hosts (H-36)", "ALLOWED_HOSTS = ['a.org']\nif DEBUG:\n    ALLOWED_HOSTS = [*ALLOWED_HOSTS, '*']\n", "ALLOWED_HOSTS", "['a.org']"},
		{"comprehension (H-37)", "import os\nALLOWED_HOSTS = [h.strip() for h in os.getenv('HOSTS', '*').split(',') if h.strip()]\n", "ALLOWED_HOSTS", "['*']"},
		{"empty split (H-37)", "import os\nALLOWED_HOSTS = list(filter(None, os.getenv('HOSTS', '').split(',')))\n", "ALLOWED_HOSTS", "[]"},
		{"dict by key (H-38)", "import os\n_DBS = {'pg': {'ENGINE': 'pg'}, 'lite': {'ENGINE': 'sqlite3'}}\nDATABASES = {'default': _DBS[os.getenv('DB_KIND', 'lite')]}\n", "DATABASES", "{'default': {'ENGINE': 'sqlite3'}}"},
		{"setdefault (H-45)", "import os\nos.environ.setdefault('APP_ENV_NAME_X', 'development')\nX = os.environ['APP_ENV_NAME_X']\n", "X", "'development'"},
		{"guarded write (H-45)", "import os\nif 'HOSTS' not in os.environ:\n    os.environ['HOSTS'] = 'example.org'\nALLOWED_HOSTS = os.environ['HOSTS'].split(',')\n", "ALLOWED_HOSTS", "['example.org']"},
		{"platform variable (H-46)", "import os\nif 'RAILWAY_ENVIRONMENT' in os.environ:\n    ALLOWED_HOSTS = ['*']\n", "ALLOWED_HOSTS", "['*']"},
		// The production block's copy of the platform list also had
		// RAILWAY_PUBLIC_DOMAIN, which Railway sets on a deployed service.
		{"platform variable, Railway's domain", "import os\nif 'RAILWAY_PUBLIC_DOMAIN' in os.environ:\n    ALLOWED_HOSTS = ['*']\n", "ALLOWED_HOSTS", "['*']"},
		{"strtobool int", "from distutils.util import strtobool\nimport os\nSECURE_SSL_REDIRECT = strtobool(os.getenv('SSL', 'true'))\n", "SECURE_SSL_REDIRECT", "1"},
		{"json loads", "import json, os\nX = json.loads(os.getenv('X', 'true'))\n", "X", "True"},
		{"implicit concatenation and prefixes", "X = r'a\\n' 'b' f'c{{d}}'\n", "X", `'a\\nbc{d}'`},
		{"chained assignment", "A = B = 3\n", "A", "3"},
		{"string repetition", "SECRET_KEY = 'a' * 60\n", "SECRET_KEY", "'" + strings.Repeat("a", 60) + "'"},
		{"tuple unpacking", "A, B = 1, 2\n", "B", "2"},
		{"unknown call stays unknown", "X = compute()\n", "X", "<unknown>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := eval(t, c.src)
			b := m.Setting(c.setting)
			got := "<absent>"
			if b == nil {
				if v := m.Names.Get(c.setting); v != nil {
					got = v.Value.Repr()
				}
			} else {
				got = b.Value.Repr()
			}
			if got != c.want {
				t.Errorf("%s = %s, want %s", c.setting, got, c.want)
			}
		})
	}
}

// TestSpans pins where a value's blame sits: the default argument of an
// env read, or the literal.
func TestSpans(t *testing.T) {
	cases := []struct{ src, setting, want string }{
		{"from decouple import config\nDEBUG = config('DEBUG', default='True', cast=bool)\n", "DEBUG", "default='True'"},
		{"import os\nDEBUG = os.getenv('DEBUG', 'true').lower() == 'true'\n", "DEBUG", "'true'"},
		{"DEBUG = True\n", "DEBUG", "True"},
		{"import os\nALLOWED_HOSTS = os.getenv('H', '*').split(',')\n", "ALLOWED_HOSTS", "*"},
		// Each entry of a split literal has its own span; an escape in the
		// literal (or an empty entry) keeps the whole literal.
		{"import os\nALLOWED_HOSTS = os.getenv('H', 'a.org, *').split(',')[-1]\n", "ALLOWED_HOSTS", "*"},
		{"import os\nALLOWED_HOSTS = os.getenv('H', r'a,*').split(',')[-1]\n", "ALLOWED_HOSTS", "*"},
		{"import os\nALLOWED_HOSTS = os.getenv('H', 'a\\x2c*').split(',')[-1]\n", "ALLOWED_HOSTS", "'a\\x2c*'"},
		{"import os\nX = os.getenv('H', '').split(',')\n", "X", "''"},
	}
	for _, c := range cases {
		m := eval(t, c.src)
		v := m.Setting(c.setting).Value
		if v.IsSequence() && len(v.Items) > 0 {
			v = v.Items[0]
		}
		if got := c.src[v.Span.Start:v.Span.End]; got != c.want {
			t.Errorf("%q: span %q, want %q", c.src, got, c.want)
		}
	}
}

func TestDynamicWritesMakeSettingsUnknown(t *testing.T) {
	m := eval(t, "import os\nfor k, v in os.environ.items():\n    globals()[k] = v\n")
	if m.Dynamic == nil || !m.MaybeSet("SECURE_SSL_REDIRECT") {
		t.Fatalf("dynamic write not noticed: %+v", m.Dynamic)
	}
}

func TestMisuses(t *testing.T) {
	cases := []struct{ src, want string }{
		{"from decouple import config\nX = config('X', required=True)\n", `takes no "required" argument`},
		{"from decouple import config\nX = config('X', default='maybe', cast=bool)\n", "cannot pass cast=bool"},
		{"import environ\nenv = environ.Env()\nDEBUG = env.bool('DEBUG', default='False')\n", "returns a default as written"},
		{"from decouple import config\nX = config('X', default=1, cast=boolean)\n", "cast=boolean"},
	}
	for _, c := range cases {
		m := eval(t, c.src)
		if len(m.Misuses) != 1 || !strings.Contains(m.Misuses[0].Message, c.want) {
			t.Errorf("%q: misuses %+v, want one containing %q", c.src, m.Misuses, c.want)
		}
	}
}

// TestNeverPanics feeds broken and hostile text.
func TestNeverPanics(t *testing.T) {
	for _, src := range []string{
		"", "DEBUG = (", "X = [1, 2\nY = 3\n", "def f(:\n", "\x00\xff\xfe", "X = " + strings.Repeat("[", 5000),
		"X = 'unterminated\n", "if True:\n\tDEBUG = True\r\n", "{% if x %}\nDEBUG = True\n{% endif %}\n",
		"print 'python 2'\nDEBUG = True\n", "X = f'{a}'\nY = X\n", "A = A + 1\nB = -'x'\n",
		"def f(x): return f(x)\nX = f(1)\n",
	} {
		eval(t, src)
	}
}

func TestCutOffFileKeepsGoodStatements(t *testing.T) {
	m := eval(t, "import os\n\nDEBUG = True\nSECRET_KEY = os.getenv(\"SECRET_KEY\", \"change-me\")\n\nINSTALLED_APPS = [\n    \"app\",\n\nMIDDLEWARE = [\n")
	if b := m.Setting("DEBUG"); b == nil || b.Value.Repr() != "True" {
		t.Fatalf("DEBUG lost: %+v", b)
	}
	if b := m.Setting("SECRET_KEY"); b == nil || b.Value.Repr() != "'change-me'" {
		t.Fatalf("SECRET_KEY lost: %+v", b)
	}
}

func TestDeploymentFlags(t *testing.T) {
	m := eval(t, "import configparser\nconf = configparser.ConfigParser()\nON_SERVER = conf.has_option('machine', 'deploy_type')\nX = load()\nPRODUCTION = compute()\nDEBUG2 = not PRODUCTION\n")
	if got := m.Setting("PRODUCTION").Value.Repr(); got != "True" {
		t.Errorf("PRODUCTION = %s, want True", got)
	}
	if got := m.Setting("DEBUG2").Value.Repr(); got != "False" {
		t.Errorf("DEBUG2 = %s, want False", got)
	}
	if got := m.Setting("ON_SERVER").Value.Repr(); got != "False" {
		// has_option on a config file that is absent in production is False.
		t.Errorf("ON_SERVER = %s, want False", got)
	}
}

func TestIsSettingName(t *testing.T) {
	for name, want := range map[string]bool{
		"DEBUG": true, "SECRET_KEY": true, "X1": true, "APP_SETTING_00016": true, "ÉTAT": true, "CAFÉ_URL": true,
		"": false, "_PRIVATE": false, "debug": false, "Debug": false, "X_y": false, "123": false, "ÉTé": false, "É": false, "ÀBC_é": false,
	} {
		if got := isSettingName(name); got != want {
			t.Errorf("isSettingName(%q) = %v, want %v", name, got, want)
		}
	}
}
