package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/uri"
)

func (c *testClient) fileStatus(u uri.URI) fileStatus {
	c.t.Helper()
	var st fileStatus
	c.callOK(methodFileStatus, map[string]any{"uri": u}, &st)
	return st
}

const splitBase = `import os
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["example.com"]
INSTALLED_APPS = []
DEBUG = True
`

func splitSettingsProject(t *testing.T, extra map[string]string) string {
	dir := t.TempDir()
	files := map[string]string{
		".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n",
		"djls-security.toml":            "select = [\"DJS001\"]\n", // counts stay about DEBUG
		"config/settings/base.py":       splitBase,
		"config/settings/production.py": "from .base import *\nDEBUG = False\n",
		"config/settings/local.py":      "from .base import *\nDEBUG = True\n",
		"config/urls.py":                "urlpatterns = []\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	writeFiles(t, dir, files)
	return dir
}

func TestFileStatus(t *testing.T) {
	dir := splitSettingsProject(t, nil)
	c := startServer(t, nil)
	c.initialize(dir, "", "")
	for _, tc := range []struct {
		rel, text, kind, role, severity string
	}{
		{"config/settings/production.py", "production (merged with base.py) · no findings", "root", "production", severityInformation},
		{"config/settings/base.py", "fragment of production.py", "fragment", "shared", severityInformation},
		{"config/settings/local.py", "development — not checked", "development", "development", severityInformation},
		{"config/urls.py", "not a settings module", "not-settings", "", severityInformation},
		{"requirements.txt", "project file · no findings", "project-file", "", severityInformation},
	} {
		path := filepath.Join(dir, filepath.FromSlash(tc.rel))
		u := c.open(path, 1, readFile(t, path))
		st := c.fileStatus(u)
		if st.Text != tc.text || st.Kind != tc.kind || st.Role != tc.role || st.Severity != tc.severity || st.Tooltip == "" {
			t.Errorf("%s: %+v, want %q (%s, role %q, %s)", tc.rel, st, tc.text, tc.kind, tc.role, tc.severity)
		}
	}
	// An edit is seen: production.py now sets DEBUG = True itself.
	prod := uri.File(filepath.Join(dir, "config", "settings", "production.py"))
	c.change(prod, 2, edit(1, 8, 1, 13, "True"))
	if st := c.fileStatus(prod); st.Text != "production (merged with base.py) · 1 finding" || st.Severity != severityError {
		t.Errorf("after the edit: %+v, want DEBUG = True: 1 finding, error", st)
	}
}

func TestFileStatusShowsConfigurationError(t *testing.T) {
	dir := splitSettingsProject(t, map[string]string{"djls-security.toml": "ignore = 3\n"})
	c := startServer(t, nil)
	c.initialize(dir, "", "")
	path := filepath.Join(dir, "config", "settings", "production.py")
	st := c.fileStatus(c.open(path, 1, readFile(t, path)))
	if st.Kind != "config-error" || st.Severity != severityError || !strings.HasPrefix(st.Text, "configuration error: djls-security.toml:1") {
		t.Errorf("status = %+v, want a configuration error on djls-security.toml:1", st)
	}
	if !strings.Contains(st.Tooltip, "production (merged with base.py)") {
		t.Errorf("tooltip does not say how the file is judged meanwhile: %q", st.Tooltip)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFileStatusSharedRoot(t *testing.T) {
	dir, path := projectWithDebug(t)
	c := startServer(t, nil)
	c.initialize(dir, "", "")
	st := c.fileStatus(c.open(path, 1, cleanSettings))
	if st.Kind != "root" || st.Role != "shared" || !strings.HasPrefix(st.Text, "judged as production · ") {
		t.Errorf("settings.py: %+v, want a shared root judged as production", st)
	}
}
