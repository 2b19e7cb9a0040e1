package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNeverExecutesProjectCode: settings, __init__ and manage.py that would
// write a marker file when imported or run. Checking, fixing and listing env
// vars must leave no marker: djls reads code, it never runs it.
func TestNeverExecutesProjectCode(t *testing.T) {
	root := t.TempDir()
	marker := filepath.Join(root, "MARKER")
	payload := "open(" + pyString(marker) + ", 'w').write('ran')\n"
	files := map[string]string{
		"manage.py":          "import os\n" + payload + "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\n",
		"app/__init__.py":    payload,
		"app/settings.py":    "import os\nimport app.evil\nexec(" + pyString(payload) + ")\n__import__('os').system('touch " + marker + "')\n" + payload + "DEBUG = True\nSECRET_KEY = 'django-insecure-x'\nROOT_URLCONF = 'app.urls'\n",
		"app/evil.py":        payload,
		"requirements.txt":   "Django==5.1\n",
		"djls-security.toml": "ignore = []\n",
	}
	for name, text := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
	}
	for _, args := range [][]string{
		{"check", root},
		{"check", "--format", "sarif", root},
		{"check", "--diff", "--unsafe-fixes", root},
		{"check", "--fix", "--unsafe-fixes", root},
		{"env-example", root},
	} {
		code, _, errb := runCLI(t, args...)
		if code == 2 {
			t.Errorf("%v: exit 2: %s", args, errb)
		}
		if _, err := os.Stat(marker); err == nil {
			t.Fatalf("%v executed project code: %s exists", args, marker)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(root, "app", "settings.py")); !strings.Contains(string(b), "DEBUG = os.environ") {
		t.Errorf("--fix did not fix the module it read:\n%s", b)
	}
}

func pyString(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }
