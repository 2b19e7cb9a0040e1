package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

func relFiles(p *Project) []string {
	var out []string
	for _, f := range p.Files {
		out = append(out, p.rel(f))
	}
	return out
}

func TestWalkSkipsToolingAndVenvs(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"manage.py":                        "",
		"app/settings.py":                  "",
		"app/README.md":                    "",
		".git/hooks/x.py":                  "",
		"node_modules/a/b.py":              "",
		".venv/lib/x.py":                   "",
		"venv/lib/x.py":                    "",
		"env/lib/x.py":                     "",
		".tox/py/x.py":                     "",
		"app/__pycache__/x.py":             "",
		"lib/site-packages/django/x.py":    "",
		".mypy_cache/x.py":                 "",
		"build/lib/x.py":                   "",
		"dist/x.py":                        "",
		"myenv/pyvenv.cfg":                 "home = /usr/bin\n",
		"myenv/lib/python3.12/django/x.py": "",
		"app/environments/settings.py":     "",
		"pyvenv.cfg":                       "", // at the root it does not hide the project
	})
	p := mustLoad(t, dir)
	want := []string{"app/environments/settings.py", "app/settings.py", "manage.py"}
	if got := relFiles(p); !reflect.DeepEqual(got, want) {
		t.Errorf("files = %q, want %q", got, want)
	}
	if len(p.Skipped) != 0 {
		t.Errorf("skipped = %+v", p.Skipped)
	}
}

func TestWalkSymlinks(t *testing.T) {
	outside := writeTree(t, map[string]string{"secret.py": "", "pkg/mod.py": ""})
	dir := writeTree(t, map[string]string{"app/settings.py": "", "app/real.py": ""})
	links := map[string]string{
		"app/alias.py":    filepath.Join(dir, "app", "real.py"), // inside: listed
		"app/outside.py":  filepath.Join(outside, "secret.py"),  // leaves the root
		"linkdir":         filepath.Join(outside, "pkg"),        // directories are never followed
		"app/loop":        filepath.Join(dir, "app"),            // would loop
		"app/dangling.py": filepath.Join(dir, "nope.py"),
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skip("symlinks unavailable:", err)
		}
	}
	p := mustLoad(t, dir)
	want := []string{"app/alias.py", "app/real.py", "app/settings.py"}
	if got := relFiles(p); !reflect.DeepEqual(got, want) {
		t.Errorf("files = %q, want %q", got, want)
	}
	var skipped []string
	for _, s := range p.Skipped {
		reason := s.Reason
		if strings.HasPrefix(reason, SkipUnreadable) {
			reason = SkipUnreadable
		}
		skipped = append(skipped, p.rel(s.Path)+": "+reason)
	}
	wantSkipped := []string{
		"app/dangling.py: unreadable",
		"app/loop: symlink not followed",
		"app/outside.py: outside the root",
		"linkdir: symlink not followed",
	}
	if !reflect.DeepEqual(skipped, wantSkipped) {
		t.Errorf("skipped = %q, want %q", skipped, wantSkipped)
	}
}

func TestWalkLimits(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a.py": "x = 1\n", "b.py": strings.Repeat("#", 100), "c.py": "", "d.py": "", "e/f.py": "",
	})
	p, err := load(dir, limits{maxPyFiles: 3, maxFileSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := relFiles(p), []string{"a.py", "c.py", "d.py"}; !reflect.DeepEqual(got, want) {
		t.Errorf("files = %q, want %q", got, want)
	}
	want := []Skip{
		{Path: filepath.Join(dir, "b.py"), Reason: SkipTooBig},
		{Path: filepath.Join(dir, "e", "f.py"), Reason: SkipTooManyPy},
	}
	if !reflect.DeepEqual(p.Skipped, want) {
		t.Errorf("skipped = %+v, want %+v", p.Skipped, want)
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a missing root is an error")
	}
	dir := writeTree(t, map[string]string{"requirements.txt": "django==5.0\x00\n"})
	p := mustLoad(t, dir)
	if len(p.Skipped) != 1 || p.Skipped[0].Reason != SkipBinary {
		t.Errorf("skipped = %+v", p.Skipped)
	}
	if p.Root != filepath.Clean(dir) || p.GitIgnorePath != filepath.Join(dir, ".gitignore") || p.GitIgnore != nil {
		t.Errorf("root %q, gitignore %q %v", p.Root, p.GitIgnorePath, p.GitIgnore)
	}
}

func TestUnreadableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every folder")
	}
	dir := writeTree(t, map[string]string{"locked/x.py": "", "ok.py": ""})
	locked := filepath.Join(dir, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o755)
	p := mustLoad(t, dir)
	if got := relFiles(p); !reflect.DeepEqual(got, []string{"ok.py"}) {
		t.Errorf("files = %q", got)
	}
	if len(p.Skipped) != 1 || p.Skipped[0] != (Skip{Path: locked, Reason: "unreadable: permission denied"}) {
		t.Errorf("skipped = %+v", p.Skipped)
	}
}

func TestUnreadableReason(t *testing.T) {
	for err, want := range map[error]string{
		&fs.PathError{Op: "open", Path: "/p/x.py", Err: syscall.EACCES}:                      "unreadable: permission denied",
		fmt.Errorf("wrapped: %w", &fs.PathError{Op: "stat", Path: "/p", Err: syscall.ELOOP}): "unreadable: too many levels of symbolic links",
		errors.New("odd"): "unreadable: odd",
	} {
		if got := Unreadable(err); got != want {
			t.Errorf("Unreadable(%v) = %q, want %q", err, got, want)
		}
	}
}

func TestEnvFilesAndGitIgnore(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".env": "", ".env.local": "", ".env.example": "", "prod.env": "", ".envrc": "",
		".env.sample": "", "sub/.env": "", ".gitignore": ".env\n",
	})
	if err := os.Mkdir(filepath.Join(dir, ".env.d"), 0o755); err != nil {
		t.Fatal(err)
	}
	p := mustLoad(t, dir)
	want := []string{filepath.Join(dir, ".env"), filepath.Join(dir, ".env.local"), filepath.Join(dir, "prod.env")}
	if !reflect.DeepEqual(p.EnvFiles, want) {
		t.Errorf("env files = %q, want %q", p.EnvFiles, want)
	}
	if p.GitIgnore == nil || !p.GitIgnore.Ignored(".env", false) || p.GitIgnore.Ignored(".env.local", false) {
		t.Errorf("gitignore not read: %+v", p.GitIgnore)
	}
}

func TestSettingsModuleRefs(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"manage.py": `import os
def main():
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.dev')
    # os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commented.out")
`,
		"proj/wsgi.py": `import os
os.environ["DJANGO_SETTINGS_MODULE"] = "proj.settings.production"
`,
		"proj/asgi.py": `from os import environ
environ.setdefault(
    "DJANGO_SETTINGS_MODULE",
    "proj.settings.asgi",
)
`,
		"proj/other.py":        `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "not.an.entry.point")`,
		"deploy/x/wsgi.py":     `os.environ.setdefault( "DJANGO_SETTINGS_MODULE" ,"deep.settings" )`,
		"proj/dynamic/wsgi.py": `os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"{x}.settings")`,
	})
	p := mustLoad(t, dir)
	var got []string
	for _, r := range p.SettingsModuleRefs {
		got = append(got, p.rel(r.File)+":"+itoa(r.Line)+" "+r.Module)
	}
	want := []string{
		"deploy/x/wsgi.py:1 deep.settings",
		"manage.py:3 proj.settings.dev",
		"proj/asgi.py:4 proj.settings.asgi",
		"proj/wsgi.py:2 proj.settings.production",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("refs = %q, want %q", got, want)
	}
}

// BenchmarkLoad walks 20,000 .py files in 2,000 folders.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	for d := 0; d < 2000; d++ {
		sub := filepath.Join(dir, "pkg"+itoa(d/100), "mod"+itoa(d))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		for f := 0; f < 10; f++ {
			if err := os.WriteFile(filepath.Join(sub, "f"+itoa(f)+".py"), []byte("x = 1\n"), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		p, err := Load(dir)
		if err != nil || len(p.Files) != 20000 {
			b.Fatal(err, len(p.Files))
		}
	}
}

func TestLoadShallowReadsOnlyTheRootFolder(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{"settings.py", "sub/deep.py", "sub/more/deeper.py"} {
		full := filepath.Join(root, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, []byte("DEBUG = True\n"), 0o644)
	}
	p, err := LoadShallow(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 1 || filepath.Base(p.Files[0]) != "settings.py" {
		t.Errorf("files = %v, want only settings.py", p.Files)
	}
}
