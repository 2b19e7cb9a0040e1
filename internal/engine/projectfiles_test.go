package engine

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/djls-dev/djls/internal/corpus"
)

// shopRepo is a repository whose Django project lives in backend/, with
// the .gitignore at the repository root and the requirements beside
// manage.py (as corpus-v2/splitbase).
const shopRepo = `
-- .git/HEAD --
ref: refs/heads/main
-- .gitignore --
.env
-- requirements.txt --
<none>
-- backend/manage.py --
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.production")
-- backend/requirements.txt --
Django==4.2.11
gunicorn==22.0.0
-- backend/.env --
SECRET_KEY=x
-- backend/shop/__init__.py --
-- backend/shop/settings/__init__.py --
-- backend/shop/settings/production.py --
import os
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["example.org"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
DEFAULT_FILE_STORAGE = "storages.backends.s3.S3Storage"
LOGGING = {}
`

// findingsOf lists a result's findings as "path:line CODE message", paths
// relative to top.
func findingsOf(res *Result, top string) []string {
	var out []string
	for p, f := range res.Files {
		rel, _ := filepath.Rel(top, p)
		for _, fd := range f.Findings {
			out = append(out, filepath.ToSlash(rel)+":"+itoa(lineOf(f.Text, fd.Start))+" "+fd.Code+" "+fd.Message)
		}
	}
	slices.Sort(out)
	return out
}

// TestCheckingASubfolderFindsTheProjectFiles: from the repository root,
// from backend/ and from the settings folder alone, the requirements
// beside manage.py give Django 4.2 and gunicorn (no DJS802), and the root
// .gitignore ignores backend/.env (no DJS801).
func TestCheckingASubfolderFindsTheProjectFiles(t *testing.T) {
	top := writeProject(t, shopRepo)
	want := []string{"backend/shop/settings/production.py:18 DJS701 DEFAULT_FILE_STORAGE is deprecated since Django 4.2 and removed in 5.1"}
	for _, sub := range []string{"", "backend", "backend/shop/settings"} {
		root := filepath.Join(top, filepath.FromSlash(sub))
		_, res := loadAndAnalyze(t, root)
		if got := findingsOf(res, top); !slices.Equal(got, want) {
			t.Errorf("djls check %s:\n got %q\nwant %q", sub, got, want)
		}
	}
}

// TestSubfolderFindingsOnFilesAbove: the findings on project files above
// the checked folder sit on those files.
func TestSubfolderFindingsOnFilesAbove(t *testing.T) {
	top := writeProject(t, strings.Replace(strings.Replace(shopRepo, "gunicorn==22.0.0\n", "", 1), "-- .gitignore --\n.env\n", "-- .gitignore --\n*.pyc\n", 1))
	_, res := loadAndAnalyze(t, filepath.Join(top, "backend", "shop", "settings"))
	got := findingsOf(res, top)
	want := []string{
		".gitignore:1 DJS801 Git does not ignore backend/.env, where the settings' secrets live",
		// The .env holds a value for SECRET_KEY, which the settings read.
		"backend/.env:1 DJS805 SECRET_KEY in .env is a secret git does not ignore",
		"backend/requirements.txt:1 DJS802 No production WSGI/ASGI server in the requirements",
		"backend/shop/settings/production.py:18 DJS701 DEFAULT_FILE_STORAGE is deprecated since Django 4.2 and removed in 5.1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestMonorepoRootGitignoreAboveTheCheckedFolder: with no .git, nothing
// above the checked folder is read: the .gitignore there does not count.
func TestWithoutGitNothingAboveIsRead(t *testing.T) {
	top := writeProject(t, strings.Replace(shopRepo, "-- .git/HEAD --\nref: refs/heads/main\n", "", 1))
	_, res := loadAndAnalyze(t, filepath.Join(top, "backend", "shop", "settings"))
	var codes []string
	for _, f := range findingsOf(res, top) {
		codes = append(codes, strings.Fields(f)[0]+" "+strings.Fields(f)[1])
	}
	// No requirements seen: the newest Django, so the setting is removed;
	// no .gitignore up to the checked folder: DJS801 on the env read.
	want := []string{"backend/shop/settings/production.py:18 DJS701", "backend/shop/settings/production.py:2 DJS801"}
	if !slices.Equal(codes, want) {
		t.Errorf("got %q\nwant %q", codes, want)
	}
}

// TestUTF16Requirements: a requirements.txt saved by Windows PowerShell
// (UTF-16LE with a BOM) is read, and findings on it use its decoded text.
func TestUTF16Requirements(t *testing.T) {
	root := writeProject(t, "-- app/settings.py --\nimport os\nSECRET_KEY = os.environ[\"SECRET_KEY\"]\nDEBUG = False\nALLOWED_HOSTS = [\"example.org\"]\n")
	text := "Django==4.2\r\nwhitenoise==6.6\r\n"
	raw := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(text)) {
		raw = append(raw, byte(u), byte(u>>8))
	}
	if err := os.WriteFile(filepath.Join(root, "requirements.txt"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	_, res := loadAndAnalyze(t, root)
	f := res.Files[filepath.Join(root, "requirements.txt")]
	if f == nil || string(f.Text) != text {
		t.Fatalf("requirements.txt is judged from its decoded text: %+v", f)
	}
	var got []string
	for _, fd := range f.Findings {
		got = append(got, fd.Code+" "+string(f.Text[fd.Start:fd.End]))
	}
	if want := []string{"DJS802 Django==4.2", "DJS803 whitenoise==6.6"}; !slices.Equal(got, want) {
		t.Errorf("findings on requirements.txt: %q, want %q", got, want)
	}
	if _, skipped := res.Errors[filepath.Join(root, "requirements.txt")]; skipped {
		t.Error("a UTF-16 requirements.txt is not skipped as binary")
	}
}

// TestEnvVarsOfImportedModules: `djls env-example` lists the env reads of
// project modules the settings import, not only of settings modules.
func TestEnvVarsOfImportedModules(t *testing.T) {
	root := writeProject(t, `
-- site/__init__.py --
-- site/utils.py --
import os
from dotenv import load_dotenv

load_dotenv()
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
CACHE_URL = os.getenv("CACHE_URL", "redis://localhost:6379/0")


def env_setting(name, default=None):
    return os.environ.get(name, default)
-- site/settings.py --
from .utils import env_setting, SENTRY_DSN
import os

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["example.org"]
TIME_ZONE = env_setting("TZ", "UTC")
-- site/unused.py --
import os
NOT_IMPORTED = os.environ.get("NOT_IMPORTED")
`)
	_, res := loadAndAnalyze(t, root)
	var got []string
	for _, v := range res.EnvVars() {
		rel, _ := filepath.Rel(root, v.Path)
		got = append(got, filepath.ToSlash(rel)+":"+itoa(v.Line)+" "+v.Name+"="+v.Default)
	}
	for _, want := range []string{"site/settings.py:4 SECRET_KEY=", "site/utils.py:5 SENTRY_DSN=", "site/utils.py:6 CACHE_URL=redis://localhost:6379/0"} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %q in %q", want, got)
		} else {
			t.Log(got)
		}
	}
	for _, v := range got {
		if strings.Contains(v, "NOT_IMPORTED") {
			t.Errorf("a module the settings do not import: %q", v)
		}
	}
}

// TestResultListsTheJudgedProjectFiles: the result lists the requirements
// and .gitignore judged for the settings, not those of unrelated folders.
func TestResultListsTheJudgedProjectFiles(t *testing.T) {
	top := writeProject(t, shopRepo+"-- docs/requirements.txt --\nsphinx==7.0\n")
	_, res := loadAndAnalyze(t, top)
	for _, want := range []string{".gitignore", "backend/requirements.txt"} {
		if res.Files[filepath.Join(top, filepath.FromSlash(want))] == nil {
			t.Errorf("%s is not in the result", want)
		}
	}
	if res.Files[filepath.Join(top, "docs", "requirements.txt")] != nil {
		t.Error("docs/requirements.txt belongs to no settings module's project")
	}
}

// TestSplitbaseProjectFiles: corpus-v2/splitbase keeps its requirements
// (Django 4.2, gunicorn) beside manage.py in backend/ and its .gitignore at
// the top: checked from the top or from the settings folder alone, neither
// DJS801 nor DJS802 fires, and the project is judged as Django 4.2.
func TestSplitbaseProjectFiles(t *testing.T) {
	top := filepath.Join(corpus.DirV2(t), "splitbase")
	for _, sub := range []string{"", "backend/shop/settings"} {
		ws, res := loadAndAnalyze(t, filepath.Join(top, filepath.FromSlash(sub)))
		for _, f := range findingsOf(res, top) {
			if strings.Contains(f, " DJS801 ") || strings.Contains(f, " DJS802 ") {
				t.Errorf("checking %q: %s", sub, f)
			}
		}
		settings := filepath.Join(top, "backend", "shop", "settings", "production.py")
		if d := ws.proj.DjangoFor([]string{settings}); d.String() != "4.2" {
			t.Errorf("checking %q: Django %v, want 4.2 from backend/requirements.txt", sub, d)
		}
	}
}
