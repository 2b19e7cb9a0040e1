package project

import (
	"context"
	"path/filepath"
	"testing"
)

// TestReloadBuffers: buffers are read instead of the files they name
// (requirements, a missing .gitignore looked for, manage.py, a
// Dockerfile); the project loaded from disk is left as it was.
func TestReloadBuffers(t *testing.T) {
	root := writeTree(t, map[string]string{
		"manage.py":        "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"app.settings\")\n",
		"requirements.txt": "django==4.2\n", "app/settings.py": "DEBUG = True\n", "Dockerfile": "FROM python\n",
	})
	prev := mustLoad(t, root)
	reqs, gitignore := filepath.Join(root, "requirements.txt"), filepath.Join(root, ".gitignore")
	manage, docker := filepath.Join(root, "manage.py"), filepath.Join(root, "Dockerfile")
	for _, p := range []string{reqs, gitignore, manage, docker} {
		if !prev.Reads(p) {
			t.Errorf("Reads(%s) = false", filepath.Base(p))
		}
	}
	if prev.Reads(filepath.Join(root, "app", "settings.py")) {
		t.Error("Reads(app/settings.py) = true: settings modules are not project files")
	}
	p, err := ReloadBuffers(context.Background(), prev, Buffers{
		reqs:      []byte("django==5.1\ngunicorn\n"),
		gitignore: []byte(".env\n"),
		manage:    []byte("import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"app.prod\")\n"),
		docker:    []byte("FROM python\nRUN pip install uwsgi\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if found, _ := p.HasPackage("gunicorn"); !found || p.Django.String() != "5.1" {
		t.Errorf("requirements from the buffer: gunicorn %v, Django %s", found, p.Django)
	}
	if p.GitIgnore == nil || !p.GitIgnore.Ignored(".env", false) {
		t.Error(".gitignore buffer (no file on disk) not read")
	}
	if len(p.SettingsModuleRefs) != 1 || p.SettingsModuleRefs[0].Module != "app.prod" {
		t.Errorf("SettingsModuleRefs = %+v, want app.prod from the buffer", p.SettingsModuleRefs)
	}
	if got := p.DeployedServers([]string{"uwsgi"}); got["uwsgi"] != docker {
		t.Errorf("DeployedServers = %v, want uwsgi from the Dockerfile buffer", got)
	}
	if found, _ := prev.HasPackage("gunicorn"); found || prev.GitIgnore != nil {
		t.Error("the project read from disk changed")
	}
}
