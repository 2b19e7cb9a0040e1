package main

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"
)

// TestFixKeepsUTF16Requirements: --fix adds gunicorn to a requirements.txt
// saved as UTF-16LE with a BOM (PowerShell's pip freeze) and writes it back
// in that encoding.
func TestFixKeepsUTF16Requirements(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		".gitignore":         ".env\n",
		"djls-security.toml": "select = [\"DJS802\"]\n",
		"app/settings.py":    "import os\nSECRET_KEY = os.environ[\"SECRET_KEY\"]\nDEBUG = False\nALLOWED_HOSTS = [\"example.org\"]\n",
	}
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	req := filepath.Join(root, "requirements.txt")
	if err := os.WriteFile(req, utf16LE("Django==5.1\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errb := runCLI(t, "check", "--fix", "--unsafe-fixes", "--fail-on", "never", root); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	got, _ := os.ReadFile(req)
	if want := utf16LE("Django==5.1\r\ngunicorn\r\n"); string(got) != string(want) {
		t.Errorf("requirements.txt = %q, want %q", got, want)
	}
}

func utf16LE(s string) []byte {
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}
