package engine

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestHoverSaysWhatAManifestSets: an env var a production manifest sets to
// a literal is not "unset" in hover; a secret's value is not shown, and a
// development-named manifest does not count.
func TestHoverSaysWhatAManifestSets(t *testing.T) {
	root := writeProject(t, `-- config/settings.py --
import os
DEBUG = os.environ.get('DJANGO_DEBUG', 'False') == 'True'
SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'q8f2LmZx09vT7pWcR4yNbH6sKd1eJ3uAgI5oXtYzw1Qe7rZk81Pq9m')
ALLOWED_HOSTS = os.environ.get('DJANGO_ALLOWED_HOSTS', 'example.org').split(',')
-- fly.toml --
[env]
  DJANGO_DEBUG = "false"
  DJANGO_SECRET_KEY = "another-long-literal-key-that-should-not-be-shown-anywhere"
-- docker-compose.dev.yml --
services:
  web:
    environment:
      - DJANGO_ALLOWED_HOSTS=*
`)
	settings := filepath.Join(root, "config", "settings.py")
	_, res := loadAndAnalyze(t, root)
	text := string(res.Files[settings].Text)
	for name, want := range map[string]string{
		"DEBUG":         "environment variable DJANGO_DEBUG: fly.toml sets DJANGO_DEBUG=false for this deployment; its default applies where it is unset",
		"SECRET_KEY":    "environment variable DJANGO_SECRET_KEY: fly.toml sets DJANGO_SECRET_KEY for this deployment; its default applies where it is unset",
		"ALLOWED_HOSTS": "environment variable DJANGO_ALLOWED_HOSTS, unset in production, so its default applies",
	} {
		info, ok := res.Describe(settings, strings.Index(text, name+" ="))
		if !ok {
			t.Errorf("no hover on %s", name)
			continue
		}
		if !strings.HasPrefix(info.Origin, want) {
			t.Errorf("hover on %s: origin %q, want it to start with %q", name, info.Origin, want)
		}
		if strings.Contains(info.Origin, "another-long") {
			t.Errorf("hover on %s shows the manifest's secret: %q", name, info.Origin)
		}
	}
}
