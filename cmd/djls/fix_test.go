package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/corpus"
	"github.com/djls-dev/djls/internal/treesitter"
)

// noFix lists the rules the catalog gives no automatic fix; only they may
// remain after `--fix --unsafe-fixes`.
var noFix = map[string]bool{"DJS006": true, "DJS105": true, "DJS205": true, "DJS308": true,
	"DJS402": true, "DJS404": true, "DJS505": true, "DJS803": true, "DJS805": true, "DJS806": true}

// unsafeCodes are rules whose corpus fixes are unsafe: a safe --fix keeps them.
// DJS001 (DEBUG's default), DJS503 (CONN_MAX_AGE) and DJS801/DJS802 (another
// file) change how the project runs in development or touch other files.
var unsafeCodes = []string{"DJS001", "DJS002", "DJS004", "DJS502", "DJS501", "DJS503", "DJS403", "DJS601", "DJS801", "DJS802"}

// TestFixCorpus runs `djls check --fix` (safe, then --unsafe-fixes) on a copy
// of every testdata/corpus project: the fixed findings are gone, every
// Python file still parses and compiles, and fixing again changes nothing.
func TestFixCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	projects, _ := corpus.Projects(dir)
	for _, name := range projects {
		t.Run(name, func(t *testing.T) {
			root := copyDir(t, filepath.Join(dir, name))
			before := codes(t, root)
			broken := unparsable(t, root)

			// Safe fixes only: the unsafe findings stay.
			if code, _, errb := runCLI(t, "check", "--fix", "--fail-on", "never", root); code != 0 {
				t.Fatalf("--fix exit %d: %s", code, errb)
			}
			safe := codes(t, root)
			for _, c := range unsafeCodes {
				if before[c] > 0 && safe[c] != before[c] {
					t.Errorf("safe --fix changed %s: %d -> %d (its fix is unsafe)", c, before[c], safe[c])
				}
			}
			checkPythonTree(t, root, broken)

			if code, _, errb := runCLI(t, "check", "--fix", "--unsafe-fixes", "--fail-on", "never", root); code != 0 {
				t.Fatalf("--fix --unsafe-fixes exit %d: %s", code, errb)
			}
			after := codes(t, root)
			for c, n := range after {
				// The block turns HSTS on at an hour and leaves preload for
				// when it is raised to a year (preload lists reject less):
				// DJS104 (info) is its next step, not a fix that failed.
				if c == "DJS104" && before["DJS102"] > 0 {
					continue
				}
				if !noFix[c] {
					t.Errorf("%s: %d findings left after --fix --unsafe-fixes (had %d)", c, n, before[c])
				}
			}
			checkPythonTree(t, root, broken)

			// Idempotent: a second run writes nothing.
			snap := readTree(t, root)
			runCLI(t, "check", "--fix", "--unsafe-fixes", "--fail-on", "never", root)
			for p, text := range readTree(t, root) {
				if snap[p] != text {
					t.Errorf("a second --fix changed %s", p)
				}
			}
			if code, out, _ := runCLI(t, "check", "--diff", "--unsafe-fixes", root); code != 0 || out != "" {
				t.Errorf("--diff after fixing: exit %d, output %q", code, out)
			}
		})
	}
}

func TestFixDiffWritesNothing(t *testing.T) {
	root := project(t, map[string]string{
		"manage.py":        "",
		"requirements.txt": "Django==5.1\ngunicorn\n",
		".gitignore":       ".env\n",
		"app/settings.py":  "import os\n\nDEBUG = True\nROOT_URLCONF = 'app.urls'\n",
	})
	code, out, _ := runCLI(t, "check", "--diff", "--unsafe-fixes", root)
	if code != 1 {
		t.Errorf("--diff exit %d, want 1 (something to fix)", code)
	}
	if !strings.Contains(out, "-DEBUG = True\n+DEBUG = os.environ.get('DEBUG', '').lower() in ('1', 'true', 'yes')\n") {
		t.Errorf("diff lacks the DEBUG change:\n%s", out)
	}
	// DEBUG's false default turns runserver's debug mode off: not a safe fix.
	if _, safe, _ := runCLI(t, "check", "--diff", root); strings.Contains(safe, "-DEBUG = True") {
		t.Errorf("safe --diff flips DEBUG:\n%s", safe)
	}
	if text, _ := os.ReadFile(filepath.Join(root, "app", "settings.py")); !strings.Contains(string(text), "DEBUG = True") {
		t.Errorf("--diff wrote the file:\n%s", text)
	}
	if code, _, errb := runCLI(t, "check", "--unsafe-fixes", root); code != 2 || !strings.Contains(errb, "needs --fix or --diff") {
		t.Errorf("--unsafe-fixes alone: exit %d, %q", code, errb)
	}
}

func TestFixKeepsModeAndCRLF(t *testing.T) {
	root := project(t, map[string]string{
		"manage.py":        "",
		"requirements.txt": "Django==5.1\ngunicorn\n",
		".gitignore":       ".env\n",
		"app/settings.py":  "# café ☕ 日本\r\nimport os\r\n\r\nDEBUG = True  # dev\r\nROOT_URLCONF = 'app.urls'\r\n",
	})
	path := filepath.Join(root, "app", "settings.py")
	os.Chmod(path, 0o600)
	runCLI(t, "check", "--fix", "--unsafe-fixes", root)
	text, _ := os.ReadFile(path)
	want := "# café ☕ 日本\r\nimport os\r\n\r\nDEBUG = os.environ.get('DEBUG', '').lower() in ('1', 'true', 'yes')  # dev\r\nROOT_URLCONF = 'app.urls'\r\n"
	if !strings.HasPrefix(string(text), want) {
		t.Errorf("got\n%q\nwant prefix\n%q", text, want)
	}
	if strings.Count(string(text), "\n") != strings.Count(string(text), "\r\n") {
		t.Errorf("a bare LF crept into a CRLF file:\n%q", text)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
}

// codes counts findings by rule in a project (JSON output).
func codes(t *testing.T, root string) map[string]int {
	t.Helper()
	_, out, _ := runCLI(t, "check", "--format", "json", "--fail-on", "never", root)
	var rep struct {
		Findings []struct {
			Code string `json:"code"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	n := map[string]int{}
	for _, f := range rep.Findings {
		n[f.Code]++
	}
	return n
}

// checkPythonTree: every .py file parses without error nodes and compiles
// (files that did not parse before, like the corpus's broken one, only
// need to compile as well as before).
func checkPythonTree(t *testing.T, root string, broken map[string]bool) {
	t.Helper()
	py, _ := exec.LookPath("python3")
	for p, text := range readTree(t, root) {
		if !strings.HasSuffix(p, ".py") || broken[p] {
			continue
		}
		doc := treesitter.Parse([]byte(text))
		if doc.Root().HasError() {
			t.Errorf("%s does not parse:\n%s", p, text)
		}
		doc.Close()
		if py != "" {
			if out, err := exec.Command(py, "-m", "py_compile", filepath.Join(root, p)).CombinedOutput(); err != nil {
				t.Errorf("%s does not compile: %s", p, out)
			}
		}
	}
}

// unparsable lists the .py files that have syntax errors before any fix.
func unparsable(t *testing.T, root string) map[string]bool {
	out := map[string]bool{}
	for p, text := range readTree(t, root) {
		doc := treesitter.Parse([]byte(text))
		if strings.HasSuffix(p, ".py") && doc.Root().HasError() {
			out[p] = true
		}
		doc.Close()
	}
	return out
}

func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && !strings.Contains(p, "__pycache__") {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			out[rel] = string(b)
		}
		return nil
	})
	return out
}

func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	return dst
}

func TestEnvExampleNeverCopiesSecrets(t *testing.T) {
	dir := corpus.Dir(t)
	root := copyDir(t, filepath.Join(dir, "maisha"))
	code, out, errb := runCLI(t, "env-example", root)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	for _, want := range []string{"\n# Maisha_backend/settings.py\n", "\nSECRET_KEY=\n", "\nDATABASE_PASSWORD=\n", "\nDATABASE_HOST=localhost\n", "\nDEBUG=True\n", "\nDATABASE_PORT=5432\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	for _, secret := range []string{"django-insecure", "alfred"} {
		if strings.Contains(out, secret) {
			t.Errorf("a secret default (%q) was copied:\n%s", secret, out)
		}
	}
	if code, _, _ := runCLI(t, "env-example", "--write", root); code != 0 {
		t.Fatalf("--write exit %d", code)
	}
	if b, _ := os.ReadFile(filepath.Join(root, ".env.example")); string(b) != out {
		t.Errorf(".env.example differs from the printed text:\n%s", b)
	}
}
