package differential

import (
	"fmt"
	"math/rand"
	"strings"
)

// A generated case: a settings module Django can import with no
// environment variables set.
type genCase struct {
	name     string
	settings string
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.Intn(len(xs))] }

var (
	debugForms = []string{
		"DEBUG = True", "DEBUG = False", "DEBUG = os.environ.get('DEBUG', 'False')",
		"DEBUG = os.getenv('DEBUG', '') == '1'", "DEBUG = config('DEBUG', default=False, cast=bool)",
		"DEBUG = config('DEBUG', default='True', cast=bool)", "DEBUG = env.bool('DEBUG', default=True)",
		"DEBUG = env.bool('DEBUG', default='False')", "DEBUG = env('DEBUG', default=False)",
	}
	secretForms = []string{
		"SECRET_KEY = 'k3J9x!Lq2@Zr7#Vm5$Tn8%Wb4^Yc6&Hd1*Gf0(Pe3)Sa9-Ru2+Qo'",
		"SECRET_KEY = 'abc'",
		"SECRET_KEY = 'django-insecure-kyc_6+%f%djssvrv4uff#(d6_se#fz=)n#p1x4#-x!^eo&xq6d'",
		"SECRET_KEY = '" + strings.Repeat("a", 60) + "'",
		"SECRET_KEY = os.environ.get('SECRET_KEY', 'weak-fallback')",
		"SECRET_KEY = config('SECRET_KEY', default='django-insecure-0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghij')",
		"SECRET_KEY = env('SECRET_KEY', default='k3J9x!Lq2@Zr7#Vm5$Tn8%Wb4^Yc6&Hd1*Gf0(Pe3)Sa9-Ru2+Qo')",
		"",
	}
	hostForms   = []string{"ALLOWED_HOSTS = []", "ALLOWED_HOSTS = ['*']", "ALLOWED_HOSTS = ['example.com']", "", "ALLOWED_HOSTS = config('ALLOWED_HOSTS', default='example.com', cast=Csv())", "ALLOWED_HOSTS = env.list('ALLOWED_HOSTS', default=[])"}
	boolForms   = []string{"True", "False", "1", "0", "", "config('X_FLAG', default=True, cast=bool)", "os.environ.get('X_FLAG', '') == 'on'"}
	hstsForms   = []string{"", "0", "3600", "int(os.environ.get('HSTS', '3600'))", "env.int('HSTS', default=0)"}
	xframeForms = []string{"", "'DENY'", "'SAMEORIGIN'", "'deny'"}
	refForms    = []string{"", "None", "'same-origin'", "'bogus'", "'origin, no-referrer'", "['origin', 'same-origin']", "[]", "''"}
	middleware  = []string{
		"django.middleware.security.SecurityMiddleware",
		"django.contrib.sessions.middleware.SessionMiddleware",
		"django.middleware.csrf.CsrfViewMiddleware",
		"django.middleware.clickjacking.XFrameOptionsMiddleware",
	}
	silencedForms = []string{"", "", "", "SILENCED_SYSTEM_CHECKS = ['security.W008']", "SILENCED_SYSTEM_CHECKS = ['security.W004', 'security.W012']"}
)

// generate returns n deterministic, varied cases.
func generate(n int) []genCase {
	r := rand.New(rand.NewSource(20261123))
	var out []genCase
	for i := 0; i < n; i++ {
		var b strings.Builder
		b.WriteString("import os\nfrom decouple import config, Csv\nimport environ\nenv = environ.Env()\n\n")
		line := func(s string) {
			if s != "" {
				b.WriteString(s + "\n")
			}
		}
		line(pick(r, debugForms))
		line(pick(r, secretForms))
		line(pick(r, hostForms))
		apps := []string{"django.contrib.auth", "django.contrib.contenttypes"}
		if r.Intn(3) > 0 {
			apps = append(apps, "django.contrib.sessions")
		}
		line("INSTALLED_APPS = [" + quoteAll(apps) + "]")
		var mws []string
		for _, m := range middleware {
			if r.Intn(4) > 0 {
				mws = append(mws, m)
			}
		}
		mws = append(mws, "django.middleware.common.CommonMiddleware")
		if r.Intn(8) == 0 {
			mws = nil
		}
		if mws != nil || r.Intn(2) == 0 {
			line("MIDDLEWARE = [" + quoteAll(mws) + "]")
		}
		line("DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}}")
		for _, s := range []string{"SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_HTTPONLY", "SECURE_CONTENT_TYPE_NOSNIFF", "CSRF_USE_SESSIONS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"} {
			if v := pick(r, boolForms); v != "" {
				line(s + " = " + strings.ReplaceAll(v, "X_FLAG", s))
			}
		}
		if v := pick(r, hstsForms); v != "" {
			line("SECURE_HSTS_SECONDS = " + v)
		}
		if v := pick(r, xframeForms); v != "" {
			line("X_FRAME_OPTIONS = " + v)
		}
		if v := pick(r, refForms); v != "" {
			line("SECURE_REFERRER_POLICY = " + v)
		}
		line(pick(r, silencedForms))
		out = append(out, genCase{name: fmt.Sprintf("case%03d", i), settings: b.String()})
	}
	return out
}

func quoteAll(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "'" + x + "'"
	}
	return strings.Join(q, ", ")
}
