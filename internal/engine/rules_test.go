package engine

import "testing"

// A module with every production setting right; scenarios change one thing.
const secure = `import os
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["example.org"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
`

func TestSecureModuleIsClean(t *testing.T) {
	checkWants(t, "-- app/settings.py --\n"+secure)
}

func TestRules(t *testing.T) {
	cases := map[string]string{
		"DJS001 literal":                            "-- app/settings.py --\n" + secure + "DEBUG = True  # want: DJS001\n",
		"DJS001 raw string default is truthy":       "-- app/settings.py --\n" + secure + "DEBUG = os.environ.get('DEBUG', 'False')  # want: DJS001\n",
		"DJS001 not when default false":             "-- app/settings.py --\n" + secure + "DEBUG = os.environ.get('DEBUG', '0') == '1'\n",
		"DJS001 multi-line default":                 "-- app/settings.py --\n" + secure + "from decouple import config\nDEBUG = config(\n    'DEBUG',\n    default=True,  # want: DJS001\n    cast=bool,\n)\n",
		"DJS002 short default":                      "-- app/settings.py --\n" + secure + "SECRET_KEY = os.getenv('SECRET_KEY', 'dev')  # want: DJS002\n",
		"DJS002 not on empty default (H-5)":         "-- app/settings.py --\n" + secure + "SECRET_KEY = os.getenv('SECRET_KEY', '')\n",
		"DJS002 not on random fallback (H-35)":      "-- app/settings.py --\n" + secure + "from django.core.management.utils import get_random_secret_key\nSECRET_KEY = os.getenv('SECRET_KEY', get_random_secret_key())\n",
		"DJS002 not when guarded (H-7)":             "-- app/settings.py --\n" + secure + "FALLBACK = 'not-a-real-key'\nSECRET_KEY = os.getenv('SECRET_KEY', FALLBACK)\nif not DEBUG and SECRET_KEY == FALLBACK:\n    raise RuntimeError('set SECRET_KEY')\n",
		"DJS002 missing":                            "-- app/settings.py --\nALLOWED_HOSTS = ['a.org']\nSECURE_SSL_REDIRECT = True\nMIDDLEWARE = []  # want: DJS002 DJS301 DJS302 DJS303\n",
		"DJS003 strong literal":                     "-- app/settings.py --\n" + secure + "SECRET_KEY = 'k3J9x!Lq2@Zr7#Vm5$Tn8%Wb4^Yc6&Hd1*Gf0(Pe3)Sa9-Ru2+Qo'  # want: DJS003\n",
		"DJS004 element":                            "-- app/settings.py --\n" + secure + "ALLOWED_HOSTS = [\n    'example.org',\n    '*',  # want: DJS004\n]\n",
		"DJS004 augmented":                          "-- app/settings.py --\n" + secure + "ALLOWED_HOSTS += ['*']  # want: DJS004\n",
		"DJS004 not under if DEBUG (H-36)":          "-- app/settings.py --\n" + secure + "if DEBUG:\n    ALLOWED_HOSTS = ['*']\n",
		"DJS005 empty string":                       "-- app/settings.py --\n" + secure + "ALLOWED_HOSTS = ''  # want: DJS005\n",
		"DJS002 repeated character key":             "-- app/settings.py --\n" + secure + "SECRET_KEY = 'a' * 60  # want: DJS002\n",
		"DJS005 empty":                              "-- app/settings.py --\n" + secure + "ALLOWED_HOSTS = []  # want: DJS005\n",
		"DJS005 empty split (H-37)":                 "-- app/settings.py --\n" + secure + "ALLOWED_HOSTS = os.getenv('H', '').split(',')  # want: DJS005\n",
		"DJS007":                                    "-- app/settings.py --\n" + secure + "DEBUG_PROPAGATE_EXCEPTIONS = True  # want: DJS007\n",
		"DJS008 toolbar":                            "-- app/settings.py --\n" + secure + "INSTALLED_APPS += ['debug_toolbar']  # want: DJS008\n",
		"DJS008 not under DEBUG":                    "-- app/settings.py --\n" + secure + "if DEBUG:\n    INSTALLED_APPS += ['debug_toolbar']\n",
		"DJS101 false":                              "-- app/settings.py --\n" + secure + "SECURE_SSL_REDIRECT = False  # want: DJS101\n",
		"DJS101 truthy non-bool (is True)":          "-- app/settings.py --\n" + secure + "SECURE_SSL_REDIRECT = 1  # want: DJS101\n",
		"DJS101 strtobool int":                      "-- app/settings.py --\n" + secure + "from distutils.util import strtobool\nSECURE_SSL_REDIRECT = strtobool(os.getenv('SSL', 'true'))  # want: DJS101\n",
		"DJS102 zero":                               "-- app/settings.py --\n" + secure + "SECURE_HSTS_SECONDS = 0  # want: DJS102\n",
		"DJS102 flag defaults off (H-9)":            "-- app/settings.py --\nimport os\nSECRET_KEY = os.environ['K']\nALLOWED_HOSTS = ['a.org']\nMIDDLEWARE = ['django.middleware.security.SecurityMiddleware']  # want: DJS102 DJS302 DJS303\nSECURE_SSL_REDIRECT = True\nif os.getenv('USE_HSTS'):\n    SECURE_HSTS_SECONDS = 3600\n",
		"DJS103 and DJS104":                         "-- app/settings.py --\n" + secure + "SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # want: DJS103\nSECURE_HSTS_PRELOAD = 'yes'  # want: DJS104\n",
		"DJS105":                                    "-- app/settings.py --\n" + secure + "SECURE_PROXY_SSL_HEADER = ('X_FORWARDED_PROTO', 'https')  # want: DJS105\n",
		"DJS201 and DJS203":                         "-- app/settings.py --\n" + secure + "SESSION_COOKIE_SECURE = False  # want: DJS201\nCSRF_COOKIE_SECURE = 0  # want: DJS203\n",
		"DJS201 derived from DEBUG is secure (H-8)": "-- app/settings.py --\n" + secure + "DEBUG = os.getenv('DEBUG', 'true') == 'true'  # want: DJS001\nSESSION_COOKIE_SECURE = not DEBUG\n",
		"DJS202":                              "-- app/settings.py --\n" + secure + "SESSION_COOKIE_HTTPONLY = False  # want: DJS202\n",
		"DJS203 not with CSRF_USE_SESSIONS":   "-- app/settings.py --\n" + secure + "CSRF_COOKIE_SECURE = False\nCSRF_USE_SESSIONS = True\n",
		"DJS204 and DJS205":                   "-- app/settings.py --\n" + secure + "CSRF_TRUSTED_ORIGINS = [\n    'example.org',  # want: DJS204\n    'http://example.org',  # want: DJS205\n    'https://localhost:8000',  # want: DJS205\n    'https://example.org',\n]\n",
		"DJS206":                              "-- app/settings.py --\n" + secure + "TEMPLATES = [{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'OPTIONS': {\n    'autoescape': False,  # want: DJS206\n}}]\n",
		"DJS207":                              "-- app/settings.py --\n" + secure + "PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']  # want: DJS207\n",
		"DJS301 DJS302 DJS303":                "-- app/settings.py --\n" + secure + "MIDDLEWARE = ['django.middleware.common.CommonMiddleware']  # want: DJS301 DJS302 DJS303\n",
		"DJS304 case-sensitive":               "-- app/settings.py --\n" + secure + "X_FRAME_OPTIONS = 'deny'  # want: DJS304\n",
		"DJS305":                              "-- app/settings.py --\n" + secure + "SECURE_CONTENT_TYPE_NOSNIFF = False  # want: DJS305\n",
		"DJS306 and DJS308":                   "-- app/settings.py --\n" + secure + "SECURE_REFERRER_POLICY = None  # want: DJS306\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'same-site'  # want: DJS308\n",
		"DJS307":                              "-- app/settings.py --\n" + secure + "SECURE_REFERRER_POLICY = 'origin, bogus'  # want: DJS307\n",
		"DJS307 list ok":                      "-- app/settings.py --\n" + secure + "SECURE_REFERRER_POLICY = ['origin', 'same-origin']\n",
		"DJS309":                              "-- app/settings.py --\n" + secure + "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n    'django.contrib.sessions.middleware.SessionMiddleware',\n    'whitenoise.middleware.WhiteNoiseMiddleware',  # want: DJS309\n    'django.middleware.csrf.CsrfViewMiddleware',\n    'django.middleware.clickjacking.XFrameOptionsMiddleware',\n]\n-- requirements.txt --\nDjango==5.1\ngunicorn\nwhitenoise\n",
		"DJS401 and DJS402":                   "-- app/settings.py --\n" + secure + "CORS_ALLOW_ALL_ORIGINS = True  # want: DJS401\nCORS_ALLOW_CREDENTIALS = True  # want: DJS402\n",
		"DJS401 legacy name via default":      "-- app/settings.py --\n" + secure + "import environ\nenv = environ.Env()\nCORS_ORIGIN_ALLOW_ALL = env.bool('CORS_ALL', default=True)  # want: DJS401\n",
		"DJS403":                              "-- app/settings.py --\n" + secure + "CORS_ALLOWED_ORIGINS = ['https://app.example.org', 'http://localhost:3000']  # want: DJS403\n",
		"DJS404":                              "-- app/settings.py --\n" + secure + "CORS_ALLOWED_ORIGIN_REGEXES = [r'^https://\\w+\\.example\\.com$', r'.*']  # want: DJS404\n",
		"DJS501 and DJS502 via URL":           "-- app/settings.py --\n" + secure + "import dj_database_url\nDATABASES = {'default': dj_database_url.config(default='postgres://app:s3cret@db/app', conn_max_age=60)}  # want: DJS502\nDATABASES2 = None\n",
		"DJS501 sqlite":                       "-- app/settings.py --\n" + secure + "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db.sqlite3'}}  # want: DJS501\n",
		"DJS502 empty default is fine (H-18)": "-- app/settings.py --\n" + secure + "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'PASSWORD': os.getenv('DB_PASSWORD', ''), 'CONN_MAX_AGE': 60}}\n",
		"DJS504":                              "-- app/settings.py --\n" + secure + "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'CONN_MAX_AGE': 60, 'OPTIONS': {'charset': 'utf8mb4'}}}  # want: DJS504\n",
		"DJS505":                              "-- app/settings.py --\n" + secure + "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}  # want: DJS505\n",
		"DJS601":                              "-- app/settings.py --\n" + secure + "EMAIL_HOST_PASSWORD = 'changeme'  # want: DJS601\nSTRIPE_PUBLIC_KEY = 'pk_live_x'\nAWS_SECRET_ACCESS_KEY = os.getenv('AWS_SECRET_ACCESS_KEY', '')\n",
		"DJS701 by version":                   "-- app/settings.py --\n" + secure + "USE_L10N = True  # want: DJS701\nDEFAULT_FILE_STORAGE = 'x.Storage'  # want: DJS701\n",
		"DJS702 decouple required":            "-- app/settings.py --\n" + secure + "from decouple import config\nAPI_URL = config('API_URL', required=True)  # want: DJS702\n",
		"DJS702 environ string default":       "-- app/settings.py --\n" + secure + "import environ\nenv = environ.Env()\nDEBUG = env.bool('DEBUG', default='False')  # want: DJS001 DJS702\n",
		"development module is not judged":    "-- app/settings/local.py --\nDEBUG = True\nSECRET_KEY = 'dev'\nALLOWED_HOSTS = ['*']\n",
		"split: production fixes base":        "-- app/settings/base.py --\n" + secure + "SECURE_SSL_REDIRECT = False\nDEBUG = True\n-- app/settings/production.py --\nfrom .base import *\nSECURE_SSL_REDIRECT = True\nDEBUG = False\n",
		"split: inherited value sits on the import":          "-- app/settings/base.py --\n" + secure + "SESSION_COOKIE_SECURE = False\n-- app/settings/production.py --\nfrom .base import *  # want: DJS201\n",
		"dynamic writes: no missing findings (H-30)":         "-- app/settings.py --\nimport os\nSECRET_KEY = os.environ['K']\nALLOWED_HOSTS = ['a.org']\nfor k, v in os.environ.items():\n    globals()[k] = v\n",
		"unresolved star import: no missing findings (H-42)": "-- app/settings.py --\nfrom vendor_app.conf.server import *\nINSTALLED_APPS = ['django.contrib.sessions']\nSESSION_COOKIE_SECURE = False  # want: DJS201\n",
		"suppression comments":                               "-- app/settings.py --\n" + secure + "DEBUG = True  # noqa: DJS001\nALLOWED_HOSTS = ['*']  # djls: ignore[DJS004]\nSECRET_KEY = 'x'  # djls: ignore\n",
		"SILENCED_SYSTEM_CHECKS":                             "-- app/settings.py --\n" + secure + "SECURE_SSL_REDIRECT = False\nSILENCED_SYSTEM_CHECKS = ['security.W008']\n",
		"DJS801 .env not ignored":                            "-- app/settings.py --\n" + secure + "-- .gitignore --\n*.pyc  # want: DJS801\n",
		"DJS802 missing server":                              "-- app/settings.py --\n" + secure + "-- requirements.txt --\nDjango==5.1  # want: DJS802\n",
		"DJS803 middleware without requirement":              "-- app/settings.py --\n" + secure + "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n    'whitenoise.middleware.WhiteNoiseMiddleware',  # want: DJS803\n    'django.contrib.sessions.middleware.SessionMiddleware',\n    'django.middleware.csrf.CsrfViewMiddleware',\n    'django.middleware.clickjacking.XFrameOptionsMiddleware',\n]\n",
	}
	for name, archive := range cases {
		t.Run(name, func(t *testing.T) { checkWants(t, archive) })
	}
}

// TestMissingAnchors pins where "missing" findings sit: on MIDDLEWARE.
func TestMissingAnchors(t *testing.T) {
	checkWants(t, `-- app/settings.py --
import os
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["example.org"]
INSTALLED_APPS = ["django.contrib.sessions"]
MIDDLEWARE = [  # want: DJS101 DJS102 DJS201 DJS203
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
`)
}

// TestDjangoVersionGates checks 3.2 semantics: truthy cookies pass, and
// 4.0+ checks stay silent.
func TestDjangoVersionGates(t *testing.T) {
	checkWants(t, "-- djls-security.toml --\ndjango-version = \"3.2\"\nignore = [\"DJS901\", \"DJS503\"]\n-- app/settings.py --\n"+secure+
		"SESSION_COOKIE_SECURE = 1\nCSRF_TRUSTED_ORIGINS = ['example.org']\nSECURE_CROSS_ORIGIN_OPENER_POLICY = 'bogus'\nUSE_L10N = True\n")
}

func TestSilencedFindingsAreKeptMarked(t *testing.T) {
	res := checkWants(t, "-- app/settings.py --\n"+secure+"SECURE_SSL_REDIRECT = False\nSILENCED_SYSTEM_CHECKS = ['security.W008']\n")
	n := 0
	for _, f := range res.Files {
		for _, fd := range f.Findings {
			if fd.Code != "DJS101" || !fd.Silenced || fd.DjangoCheck != "security.W008" {
				t.Errorf("unexpected finding %+v", fd)
			}
			n++
		}
	}
	if n != 1 {
		t.Fatalf("want one silenced DJS101, got %d", n)
	}
}
