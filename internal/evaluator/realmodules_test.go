package evaluator

import (
	"fmt"
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

// mapImporter resolves `from .<name> import ...` to modules evaluated from
// the sources it holds.
type mapImporter map[string]string

func (mi mapImporter) Import(_ string, _ int, name string) (*Module, bool, bool) {
	src, ok := mi[name]
	if !ok {
		return nil, false, false
	}
	return Evaluate("/p/"+name+".py", treesitter.Parse([]byte(src)), mi), false, true
}

func evalWith(t *testing.T, src string, imp Importer) *Module {
	t.Helper()
	return Evaluate("/p/settings.py", treesitter.Parse([]byte(src)), imp)
}

// settingRepr is a setting's value as Python prints it, or <absent>.
func settingRepr(m *Module, name string) string {
	if b := m.Names.Get(name); b != nil {
		return b.Value.Repr()
	}
	return "<absent>"
}

const envBoolChain = `import os
def env_bool(name, default="False"):
    value = os.environ.get(name)
    if value is None:
        return env_bool_text(default)
    return env_bool_text(value)
def env_bool_text(text):
    text = text.strip().lower()
    if text in ("1", "true", "yes"):
        return True
    elif text in ("0", "false", "no"):
        return False
    else:
        raise ValueError(text)
`

// TestHelpersOfRealModules pins helpers with if/elif/else chains, nested
// defs, try/except and helpers from imported project modules
// (../shared/rules.md, "More of what real modules do").
func TestHelpersOfRealModules(t *testing.T) {
	cases := []struct {
		name, src string
		imp       mapImporter
		setting   string
		want      string
	}{
		{"elif chain", envBoolChain + "DEBUG = env_bool('DEBUG', 'True')\n", nil, "DEBUG", "True"},
		{"elif chain false", envBoolChain + "DEBUG = env_bool('DEBUG', 'no')\n", nil, "DEBUG", "False"},
		{"elif chain def default", envBoolChain + "DEBUG = env_bool('DEBUG')\n", nil, "DEBUG", "False"},
		{"else raises", envBoolChain + "DEBUG = env_bool('DEBUG', 'maybe')\n", nil, "DEBUG", "<unknown>"},
		{"nested def", "import os\ndef setting(name, default=None):\n    def parse(v):\n        return v.lower() in ('1', 'true')\n    return parse(os.getenv(name, default))\nDEBUG = setting('DEBUG', 'true')\n", nil, "DEBUG", "True"},
		{"unknown condition, same result", "import os\ndef f(name):\n    if os.environ['X']:\n        return 'a'\n    else:\n        return 'a'\nX = f('X')\n", nil, "X", "'a'"},
		{"unknown condition, different results", "import os\ndef f(name):\n    if os.environ['X']:\n        return 'a'\n    return 'b'\nX = f('X')\n", nil, "X", "<unknown>"},
		{"try int", "import os\ndef env_int(name, default=0):\n    try:\n        return int(os.getenv(name, default))\n    except ValueError:\n        return default\nX = env_int('X', 'many')\nY = env_int('Y', '5')\n", nil, "X", "'many'"},
		{"cast is bool", "import os\ndef env(key, default=None, cast=str):\n    value = os.environ.get(key, default)\n    if cast is bool:\n        return str(value).lower() in ('1', 'true')\n    return cast(value)\nDEBUG = env('DEBUG', 'True', cast=bool)\nX = env('X', '5', int)\n", nil, "DEBUG", "True"},
		{"named import", "from .utils import env_bool\nDEBUG = env_bool('DEBUG', 'yes')\n", mapImporter{"utils": envBoolChain}, "DEBUG", "True"},
		{"star import", "from .base import *\nSESSION_COOKIE_SECURE = env_bool('SECURE', 'False')\n", mapImporter{"base": envBoolChain + "X = 1\n"}, "SESSION_COOKIE_SECURE", "False"},
		{"star import chain", "from .prod import *\nDEBUG = env_bool('DEBUG', '1')\n", mapImporter{"prod": "from .base import *\n", "base": envBoolChain}, "DEBUG", "True"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var imp Importer
			if c.imp != nil {
				imp = c.imp
			}
			if got := settingRepr(evalWith(t, c.src, imp), c.setting); got != c.want {
				t.Errorf("%s = %s, want %s", c.setting, got, c.want)
			}
		})
	}
}

// TestHelperDefaultSitsOnTheArgument pins where a default that comes
// through a helper's parameter is blamed, and how it is quoted.
func TestHelperDefaultSitsOnTheArgument(t *testing.T) {
	cases := []struct {
		name, src string
		imp       mapImporter
		span      string // the text the value's span covers in settings.py
		text      string // the default as quoted in messages
	}{
		{"through getenv", "import os\ndef env_bool(name, default='False'):\n    return os.getenv(name, default).lower() == 'true'\nDEBUG = env_bool('DEBUG', 'True')\n", nil, "'True'", "'True'"},
		{"keyword argument", "import os\ndef env_bool(name, default='False'):\n    return os.getenv(name, default).lower() == 'true'\nDEBUG = env_bool('DEBUG', default='True')\n", nil, "default='True'", "default='True'"},
		{"returned parameter", envBoolChain + "DEBUG = env_bool('DEBUG', 'True')\n", nil, "'True'", "'True'"},
		{"through two helpers", "import os\ndef raw(name, fallback):\n    return os.getenv(name, fallback)\ndef flag(name, default):\n    return raw(name, default) == 'on'\nDEBUG = flag('DEBUG', 'on')\n", nil, "'on'", "'on'"},
		{"decouple keyword", "from decouple import config\ndef flag(name, default=False):\n    return config(name, default=default, cast=bool)\nDEBUG = flag('DEBUG', 'on')\n", nil, "'on'", "'on'"},
		{"closure over a parameter", "import os\ndef setting(name, default):\n    def parse(v):\n        return v or default\n    return parse(os.getenv(name))\nDEBUG = setting('DEBUG', True)\n", nil, "True", "True"},
		{"KeyError caught", "import os\ndef get_env_variable(var_name, default=None):\n    try:\n        return os.environ[var_name]\n    except KeyError:\n        if default is not None:\n            return default\n        raise ImproperlyConfigured(var_name)\nDEBUG = get_env_variable('DEBUG', True)\n", nil, "True", "True"},
		{"imported helper", "from .utils import env_bool\nDEBUG = env_bool('DEBUG', 'True')\n", mapImporter{"utils": envBoolChain}, "'True'", "'True'"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var imp Importer
			if c.imp != nil {
				imp = c.imp
			}
			m := evalWith(t, c.src, imp)
			v := m.Setting("DEBUG").Value
			if v.Env == nil || v.Env.Var != "DEBUG" || !v.Env.HasDefault {
				t.Fatalf("DEBUG = %s has no env default: %+v", v.Repr(), v.Env)
			}
			if v.Span.File != m.Path || c.src[v.Span.Start:v.Span.End] != c.span {
				t.Errorf("span %+v, want %q in settings.py", v.Span, c.span)
			}
			if v.Env.DefaultText != c.text {
				t.Errorf("default quoted as %q, want %q", v.Env.DefaultText, c.text)
			}
		})
	}
}

// TestPartlyKnownValues pins what survives what cannot be followed
// exactly: list members (a lower bound) and string prefixes.
func TestPartlyKnownValues(t *testing.T) {
	const apps = "APPS = ['django.contrib.sessions']\n"
	cases := []struct{ name, src, setting, want string }{
		{"list += tuple", "A = ['a']\nA += ('b',)\n", "A", "['a', 'b']"},
		{"list += set", "A = ['a']\nA += {'b'}\n", "A", "['a', 'b']"},
		{"tuple += tuple", "T = ('a',)\nT += ('b',)\n", "T", "('a', 'b')"},
		{"tuple += list raises", "T = ('a',)\nT += ['b']\n", "T", "<unknown>"},
		{"list + tuple raises", "A = ['a'] + ('b',)\n", "A", "<unknown>"},
		{"append of unknown items stays exact", apps + "APPS.append(compute())\n", "APPS", "['django.contrib.sessions', <unknown>]"},
		{"loop of appends", "import os\n" + apps + "for a in os.environ['EXTRA'].split(','):\n    APPS.append(a)\n", "APPS", "<at least ['django.contrib.sessions']>"},
		{"extend of unknown", apps + "APPS.extend(compute())\n", "APPS", "<at least ['django.contrib.sessions']>"},
		{"+= of unknown", apps + "APPS += compute()\n", "APPS", "<at least ['django.contrib.sessions']>"},
		{"extension under unknown condition", apps + "if compute():\n    APPS += ['x']\n", "APPS", "<at least ['django.contrib.sessions']>"},
		{"insert at unknown index", apps + "APPS.insert(compute(), 'x')\n", "APPS", "<at least ['django.contrib.sessions', 'x']>"},
		{"partial then append", apps + "APPS.extend(compute())\nAPPS.append('x')\nAPPS += ['y']\n", "APPS", "<at least ['django.contrib.sessions', 'x', 'y']>"},
		{"partial then remove", apps + "APPS.extend(compute())\nAPPS.remove('django.contrib.sessions')\n", "APPS", "<at least []>"},
		{"partial then plus", apps + "APPS.extend(compute())\nB = APPS + ['z']\n", "B", "<at least ['django.contrib.sessions', 'z']>"},
		{"list() of a partial tuple", "T = ('a',)\nT += compute()\nL = list(T)\n", "L", "<at least ['a']>"},
		{"splat of unknown", "B = [*compute(), 'x']\n", "B", "<at least ['x']>"},
		{"both branches' common members", "if compute():\n    M = ['a', 'b']\nelse:\n    M = ['b', 'c']\n", "M", "<at least ['b']>"},
		{"member of a partial list", apps + "APPS.extend(compute())\nX = 'django.contrib.sessions' in APPS\n", "X", "True"},
		{"non-member of a partial list", apps + "APPS.extend(compute())\nX = 'other' in APPS\n", "X", "<unknown>"},
		{"partial list is truthy", apps + "APPS.extend(compute())\nX = bool(APPS)\n", "X", "True"},
		{"partial list has no length", apps + "APPS.extend(compute())\nX = len(APPS)\n", "X", "<unknown>"},
		{"f-string prefix", "DB = f'sqlite:///{BASE_DIR}/db.sqlite3'\n", "DB", "<'sqlite:///'...>"},
		{"f-string with no prefix", "DB = f'{BASE_DIR}/db.sqlite3'\n", "DB", "<unknown>"},
		{"concatenation prefix", "DB = 'sqlite:///' + str(BASE_DIR / 'db.sqlite3')\n", "DB", "<'sqlite:///'...>"},
		{"implicit concatenation prefix", "DB = 'sqlite:' f'///{BASE_DIR}'\n", "DB", "<'sqlite:///'...>"},
		{"format prefix", "DB = 'sqlite:///{}/db.sqlite3'.format(BASE_DIR)\n", "DB", "<'sqlite:///'...>"},
		{"format with a literal brace", "X = 'a{{b}}{0}'.format(Y)\n", "X", "<'a{b}'...>"},
		{"percent format prefix", "DB = 'sqlite:///%s/db.sqlite3' % BASE_DIR\n", "DB", "<'sqlite:///'...>"},
		{"prefix is not equal to anything", "DB = f'sqlite:///{BASE_DIR}'\nX = DB == 'sqlite:///'\n", "X", "<unknown>"},
		{"common prefix of two ways", "if compute():\n    U = 'https://a.org'\nelse:\n    U = 'https://b.org'\n", "U", "<'https://'...>"},
		{"environ db default", "import environ\nenv = environ.Env()\nDATABASES = {'default': env.db('DATABASE_URL', default=f'sqlite:///{BASE_DIR}/db.sqlite3')}\n", "DATABASES", "{'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': <unknown>}}"},
		{"dj_database_url default", "import dj_database_url\nDATABASES = {'default': dj_database_url.config(default='sqlite:///' + str(BASE_DIR / 'db.sqlite3'))}\n", "DATABASES", "{'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': <unknown>}}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := settingRepr(evalWith(t, c.src, nil), c.setting); got != c.want {
				t.Errorf("%s = %s, want %s", c.setting, got, c.want)
			}
		})
	}
}

// TestGlobalsWrites pins vars()/globals() updates: known keys are plain
// assignments; anything else makes every setting unknown.
func TestGlobalsWrites(t *testing.T) {
	const email = "import environ\nenv = environ.Env()\nSECURE_SSL_REDIRECT = True\nvars().update(env.email_url('EMAIL_URL', default='smtp://mailer:hunter22@mail.example.org:587'))\n"
	cases := []struct {
		name, src, setting, want string
		dynamic                  bool
	}{
		{"literal dict", "vars().update({'DEBUG': True, 'X': 1})\n", "DEBUG", "True", false},
		{"keywords", "globals().update(DEBUG=True)\n", "DEBUG", "True", false},
		{"dict name", "_D = {'DEBUG': False}\nglobals().update(_D)\n", "DEBUG", "False", false},
		{"email url password", email, "EMAIL_HOST_PASSWORD", "'hunter22'", false},
		{"email url port", email, "EMAIL_PORT", "587", false},
		{"email url backend", email, "EMAIL_BACKEND", "'django.core.mail.backends.smtp.EmailBackend'", false},
		{"email url leaves other settings", email, "SECURE_SSL_REDIRECT", "True", false},
		{"required email url", "import environ\nenv = environ.Env()\nvars().update(env.email_url())\n", "EMAIL_HOST", "<unknown>", false},
		{"environ db", "import environ\nenv = environ.Env()\nALLOWED_HOSTS = []\nvars().update(env.db())\n", "ALLOWED_HOSTS", "[]", false},
		{"environ cache", "import environ\nenv = environ.Env()\nvars().update(env.cache())\n", "LOCATION", "<unknown>", false},
		{"dj_email_url", "import dj_email_url\nDEBUG = False\nvars().update(dj_email_url.parse(URL))\n", "DEBUG", "False", false},
		{"dj_email_url config without default writes nothing", "import dj_email_url\nvars().update(dj_email_url.config())\n", "EMAIL_HOST", "<absent>", false},
		{"dj_email_url config with a default", "import dj_email_url\nvars().update(dj_email_url.config(default='smtp://h'))\n", "EMAIL_HOST", "<unknown>", false},
		{"subscript with a known key", "globals()['DEBUG'] = True\n", "DEBUG", "True", false},
		{"other dict", "DEBUG = True\nvars().update(load())\n", "DEBUG", "<unknown>", true},
		{"other dict, later assignment", "DEBUG = True\nvars().update(load())\nDEBUG = True\n", "DEBUG", "True", true},
		{"globals passed to a call", "DEBUG = True\nconfigure(globals())\n", "DEBUG", "<unknown>", true},
		{"vars passed by keyword", "DEBUG = True\nsetup(namespace=vars())\n", "DEBUG", "<unknown>", true},
		{"unknown subscript", "DEBUG = True\nfor k in names():\n    globals()[k] = 1\n", "DEBUG", "<unknown>", true},
		{"exec of an absent file", "DEBUG = True\ntry:\n    exec(open('local.py').read(), globals())\nexcept FileNotFoundError:\n    pass\n", "DEBUG", "True", false /* an optional file production does not have: nothing runs */},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := evalWith(t, c.src, nil)
			if got := settingRepr(m, c.setting); got != c.want {
				t.Errorf("%s = %s, want %s", c.setting, got, c.want)
			}
			if (m.Dynamic != nil) != c.dynamic {
				t.Errorf("Dynamic = %v, want %v", m.Dynamic, c.dynamic)
			}
		})
	}
}

// TestHelperResultIsNotCreditedToAComparisonValue: an argument the
// variable is compared with is not its default.
func TestHelperResultIsNotCreditedToAComparisonValue(t *testing.T) {
	m := evalWith(t, "import os\ndef flag(name, on_value='yes'):\n    if os.getenv(name) == on_value:\n        return True\n    return False\nX = flag('SECURE')\n", nil)
	if v := m.Setting("X").Value; v.Repr() != "False" || v.Env != nil {
		t.Errorf("X = %s with env %+v, want False with no env default", v.Repr(), v.Env)
	}
}

// TestPartlyKnownValuesStayBounded: a partial list or prefix that would
// grow past MaxValueSize keeps fewer members, or a shorter prefix.
func TestPartlyKnownValuesStayBounded(t *testing.T) {
	src := "A = [*compute(), *list('x' * 20000)]\nS = 'y' * 60000 + f'{z}'\nfor i in [1, 2]:\n    A = A + A\n    S = 'q' * 60000 + S\n"
	m := evalWith(t, src, nil)
	a, s := m.Setting("A").Value, m.Setting("S").Value
	if !a.IsPartialSequence() || size(a) > MaxValueSize || len(a.Items) < 20000 {
		t.Errorf("A: partial %v, size %d", a.IsPartialSequence(), size(a))
	}
	if p, _, ok := s.KnownPrefix(); !ok || len(p) > MaxValueSize {
		t.Errorf("S: prefix known %v, %d bytes", ok, len(p))
	}
}

// TestHelperCallsStayBounded: helpers that fork and call each other stop
// at the work budget.
func TestHelperCallsStayBounded(t *testing.T) {
	src := "import os\ndef f0(x):\n    if os.environ['A']:\n        return 1\n    return 2\n"
	for i := 1; i < 10; i++ {
		src += fmt.Sprintf("def f%d(x):\n    if os.environ['A']:\n        a = f%d(x)\n    elif os.environ['B']:\n        a = f%d(x)\n    else:\n        a = f%d(x)\n    b = f%d(x)\n    return a\n", i, i-1, i-1, i-1, i-1)
	}
	src += "X = f9(1)\n"
	m := evalWith(t, src, nil)
	if m.Work > WorkBudget+1000 {
		t.Errorf("work %d over the budget", m.Work)
	}
	if len(m.EnvReads) > 100 {
		t.Errorf("%d env reads listed: a helper's reads are listed once per place", len(m.EnvReads))
	}
}
