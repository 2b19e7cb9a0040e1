package project

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"
)

// monorepo is a repository whose Django project lives in backend/.
var monorepo = map[string]string{
	".git/HEAD":                           "ref: refs/heads/main\n",
	".gitignore":                          ".env\n__pycache__/\n",
	"README.md":                           "shop\n",
	"backend/manage.py":                   "import os\n",
	"backend/requirements.txt":            "Django==4.2.11\ngunicorn==22.0.0\n",
	"backend/shop/__init__.py":            "",
	"backend/shop/settings/__init__.py":   "",
	"backend/shop/settings/base.py":       "DEBUG = False\n",
	"backend/shop/settings/production.py": "from .base import *\n",
	"frontend/package.json":               "{}\n",
}

func TestProjectFilesFromTheProjectFolder(t *testing.T) {
	repo := writeTree(t, monorepo)
	settings := filepath.Join(repo, "backend", "shop", "settings", "production.py")
	for _, root := range []string{repo, filepath.Join(repo, "backend"), filepath.Join(repo, "backend", "shop", "settings")} {
		p := mustLoad(t, root)
		if p.Repo != repo {
			t.Errorf("%s: Repo = %s, want %s", root, p.Repo, repo)
		}
		if got := p.ProjectFolder(settings); got != filepath.Join(repo, "backend") {
			t.Errorf("%s: project folder %s", root, got)
		}
		v := p.Views([]string{settings})[0]
		if v.Django != (Version{4, 2, true, p.rel(filepath.Join(repo, "backend", "requirements.txt")) + ":1"}) {
			t.Errorf("%s: Django = %+v", root, v.Django)
		}
		if found, commented := v.HasPackage("gunicorn"); !found || commented {
			t.Errorf("%s: gunicorn not found in %+v", root, v.Requirements)
		}
		if v.GitIgnorePath != filepath.Join(repo, ".gitignore") {
			t.Errorf("%s: nearest .gitignore %q", root, v.GitIgnorePath)
		}
		if !p.Ignored(filepath.Join(repo, "backend", ".env"), false) {
			t.Errorf("%s: backend/.env is ignored by the root .gitignore", root)
		}
		if d := p.DjangoFor([]string{settings}); d.String() != "4.2" {
			t.Errorf("%s: DjangoFor = %v", root, d)
		}
	}
}

func TestWithoutGitTheGivenFolderIsTheTop(t *testing.T) {
	files := map[string]string{}
	for k, v := range monorepo {
		if k != ".git/HEAD" {
			files[k] = v
		}
	}
	top := writeTree(t, files)
	root := filepath.Join(top, "backend", "shop", "settings")
	p := mustLoad(t, root)
	if p.Repo != root {
		t.Errorf("Repo = %s, want the given folder", p.Repo)
	}
	v := p.Views([]string{filepath.Join(root, "production.py")})[0]
	if v.Folder != root || len(v.RequirementFiles) != 0 || v.GitIgnorePath != "" {
		t.Errorf("nothing above the given folder is read: %+v", v)
	}
	if p.Ignored(filepath.Join(root, ".env"), false) {
		t.Error("the .gitignore above is not read without a repository")
	}
}

func TestDjangoVersionOfEachProject(t *testing.T) {
	repo := writeTree(t, map[string]string{
		".git/HEAD":             "",
		"uv.lock":               "[[package]]\nname = \"django\"\nversion = \"5.0.6\"\n",
		"a/manage.py":           "",
		"a/requirements.txt":    "Django==4.2\n",
		"a/poetry.lock":         "",
		"a/site/settings.py":    "",
		"b/manage.py":           "",
		"b/requirements.txt":    "Django==5.1\n",
		"b/site/settings.py":    "",
		"c/pyproject.toml":      "[project]\ndependencies = [\"django>=4.1\"]\n",
		"c/conf/settings.py":    "",
		"d/nothing/settings.py": "",
	})
	p := mustLoad(t, repo)
	a, b := filepath.Join(repo, "a", "site", "settings.py"), filepath.Join(repo, "b", "site", "settings.py")
	c := filepath.Join(repo, "c", "conf", "settings.py")
	// A lock file anywhere up to the repository root wins over pins.
	if got := p.DjangoFor([]string{b, a}); got.String() != "5.0" || got.Source != "uv.lock:3" {
		t.Errorf("DjangoFor(b, a) = %+v, want the lock's 5.0", got)
	}
	if err := os.Remove(filepath.Join(repo, "uv.lock")); err != nil {
		t.Fatal(err)
	}
	p = mustLoad(t, repo)
	if got := p.DjangoFor([]string{b, a}); got.String() != "5.1" {
		t.Errorf("DjangoFor(b, a) = %v: the first settings module's project decides", got)
	}
	if got := p.DjangoFor([]string{a, b}); got.String() != "4.2" {
		t.Errorf("DjangoFor(a, b) = %v", got)
	}
	if got := p.ProjectFolder(c); got != filepath.Join(repo, "c") {
		t.Errorf("without manage.py, the nearest folder with a project file: %s", got)
	}
	if got := p.DjangoFor([]string{c}); got.String() != "4.1" {
		t.Errorf("DjangoFor(c) = %v", got)
	}
	d := filepath.Join(repo, "d", "nothing", "settings.py")
	if got := p.ProjectFolder(d); got != repo {
		t.Errorf("no project file: Root, got %s", got)
	}
	if !p.Tracks(filepath.Join(repo, "a", "requirements.txt")) || p.Tracks(filepath.Join(repo, "d", "requirements.txt")) {
		t.Error("Tracks: a/ is read, d/ is not")
	}
}

// utf16le encodes s as UTF-16LE with a byte order mark.
func utf16le(s string) string {
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

func TestProjectFilesInUTF16(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"requirements.txt": utf16le("Django==4.2.7\r\ngunicorn==21.2.0\r\n"),
		"pyproject.toml":   "\xef\xbb\xbf[project]\ndependencies = [\"whitenoise\"]\n",
		".gitignore":       utf16le(".env\r\n"),
	})
	p := mustLoad(t, dir)
	if len(p.Skipped) != 0 {
		t.Errorf("skipped: %+v", p.Skipped)
	}
	if p.Django.String() != "4.2" {
		t.Errorf("Django = %v", p.Django)
	}
	got := summarize(p)
	want := []reqSummary{
		{"django", "Django==4.2.7", "requirements.txt", 1, 0, 13, false, SourceRequirements},
		{"gunicorn", "gunicorn==21.2.0", "requirements.txt", 2, 15, 31, false, SourceRequirements},
		{"whitenoise", "whitenoise", "pyproject.toml", 2, 27, 37, false, SourcePyproject},
	}
	if len(got) != len(want) {
		t.Fatalf("requirements %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("requirement %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if !p.Ignored(filepath.Join(dir, ".env"), false) {
		t.Error("a UTF-16 .gitignore is read")
	}
}

func TestRequirementsWithUTF8BOM(t *testing.T) {
	dir := writeTree(t, map[string]string{"requirements.txt": "\xef\xbb\xbfDjango==5.0\n"})
	p := mustLoad(t, dir)
	if p.Django.String() != "5.0" || len(p.Requirements) != 1 || p.Requirements[0].Start != 0 {
		t.Errorf("Django %v, requirements %+v", p.Django, p.Requirements)
	}
}

func TestMoreLockFiles(t *testing.T) {
	for name, c := range map[string]struct{ text, source string }{
		"pdm.lock":    {"[metadata]\ngroups = [\"default\"]\n\n[[package]]\nname = \"django\"\nversion = \"4.1.13\"\n", "../pdm.lock:6"},
		"pylock.toml": {"lock-version = \"1.0\"\n\n[[packages]]\nname = \"Django\"\nversion = \"4.1.13\"\n", "../pylock.toml:5"},
	} {
		repo := writeTree(t, map[string]string{".git/HEAD": "", name: c.text, "site/manage.py": "", "site/requirements.txt": "Django>=3.2\n"})
		p := mustLoad(t, filepath.Join(repo, "site"))
		// A lock file above the project folder wins over its requirement.
		if got := p.DjangoFor([]string{filepath.Join(repo, "site", "settings.py")}); got.String() != "4.1" || got.Source != c.source {
			t.Errorf("%s: Django %+v, want the locked 4.1 from %s", name, got, c.source)
		}
	}
}
