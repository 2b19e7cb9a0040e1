package engine

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestInvalidateProjectFileReloads: a project file change re-reads the
// configuration without walking the folder; when it names other settings
// modules, the candidates are found again (a module the globs now name is
// judged, one they no longer name is not).
func TestInvalidateProjectFileReloads(t *testing.T) {
	root := t.TempDir()
	for name, text := range map[string]string{
		"requirements.txt": "django==5.1\ngunicorn\n", ".gitignore": ".env\n",
		"conf/prod.py": "DEBUG = True\n", "app/settings.py": "DEBUG = False\n",
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755)
		os.WriteFile(filepath.Join(root, name), []byte(text), 0o644)
	}
	w, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	judged := func() bool {
		t.Helper()
		res, err := w.Analyze(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		_, ok := res.Files[filepath.Join(root, "conf", "prod.py")]
		return ok
	}
	if judged() {
		t.Fatal("conf/prod.py judged before any glob names it")
	}
	toml := filepath.Join(root, "djls-security.toml")
	os.WriteFile(toml, []byte("settings = [\"conf/*.py\"]\n"), 0o644)
	if err := w.Invalidate(toml); err != nil {
		t.Fatal(err)
	}
	if !judged() {
		t.Error("conf/prod.py not judged after djls-security.toml named it")
	}
	os.WriteFile(toml, []byte("ignore = [\"DJS901\"]\n"), 0o644)
	if err := w.Invalidate(toml); err != nil {
		t.Fatal(err)
	}
	if judged() {
		t.Error("conf/prod.py still judged after the glob went")
	}
}
