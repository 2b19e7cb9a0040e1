package engine

import "testing"

// A module with every production setting right; scenarios change one thing
// (internal/rules/testdata/fragments.txtar holds the same module as @secure).
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

// The rule tests are internal/rules/testdata/*.txtar (internal/rules/rules_test.go).

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
