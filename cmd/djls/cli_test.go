package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckMissingPathIsAnError: a typo in a path is not a clean project.
func TestCheckMissingPathIsAnError(t *testing.T) {
	root := cleanProject(t, "DEBUG = True\n")
	missing := filepath.Join(root, "typo", "path")
	code, out, errb := runCLI(t, "check", missing)
	if code != 2 || out != "" || errb != "djls check: "+missing+": no such file or folder\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 2 and the path named", code, out, errb)
	}
	// With a good path beside it: still an error, and nothing judged.
	if code, out, _ := runCLI(t, "check", root, missing); code != 2 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
}

// TestCheckFlagsAfterPaths: flags are read anywhere among the paths, and
// after "--" everything is a path.
func TestCheckFlagsAfterPaths(t *testing.T) {
	root := cleanProject(t, "DEBUG = True\n")
	code, out, errb := runCLI(t, "check", root, "--format", "json", "--fail-on", "never")
	if code != 0 {
		t.Fatalf("exit %d (--fail-on never ignored?), stderr %q", code, errb)
	}
	var doc struct {
		Findings []struct{ Code string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Findings) != 1 || doc.Findings[0].Code != "DJS001" {
		t.Fatalf("--format json after the path was not applied (%v):\n%s", err, out)
	}
	// Interleaved: a flag between two paths.
	settings := filepath.Join(root, "app", "settings.py")
	code, out, _ = runCLI(t, "check", settings, "--format=github", settings)
	if code != 1 || !strings.HasPrefix(out, "::error file=") {
		t.Fatalf("exit %d, output %q", code, out)
	}
	// After "--" a name that looks like a flag is a path.
	code, _, errb = runCLI(t, "check", "--", "--format")
	if code != 2 || !strings.Contains(errb, "--format: no such file or folder") {
		t.Fatalf("after --: exit %d, stderr %q", code, errb)
	}
	// An unknown flag after a path is refused, not read as a path.
	if code, _, errb := runCLI(t, "check", root, "--formt", "sarif"); code != 2 || !strings.Contains(errb, "flag provided but not defined: -formt") {
		t.Fatalf("unknown flag: exit %d, stderr %q", code, errb)
	}
}

// TestCheckSummarySaysWhichFiles: the summary tells files with findings
// from files checked, in text and JSON.
func TestCheckSummarySaysWhichFiles(t *testing.T) {
	root := cleanProject(t, "DEBUG = True\nSECURE_HSTS_SECONDS = 0\n")
	_, out, _ := runCLI(t, "check", "--no-color", root)
	if !strings.HasSuffix(out, "Found 2 findings (1 error, 1 warning, 0 info) in 1 file; 3 files checked.\n") {
		t.Fatalf("summary:\n%s", out)
	}
	_, out, _ = runCLI(t, "check", "--format", "json", root)
	var doc struct{ Summary map[string]any }
	json.Unmarshal([]byte(out), &doc)
	if doc.Summary["files"] != 3.0 || doc.Summary["files_with_findings"] != 1.0 {
		t.Fatalf("summary %v", doc.Summary)
	}
}

func TestRulesRefusesArguments(t *testing.T) {
	if code, out, errb := runCLI(t, "rules", "extra"); code != 2 || out != "" || !strings.Contains(errb, `unexpected argument "extra"`) {
		t.Fatalf("rules extra: exit %d, stdout %q, stderr %q", code, out, errb)
	}
}

func TestEnvExampleFlagAfterPathAndMissingPath(t *testing.T) {
	root := cleanProject(t, "")
	if code, _, errb := runCLI(t, "env-example", root, "--write"); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if _, err := os.Stat(filepath.Join(root, ".env.example")); err != nil {
		t.Fatalf("--write after the path was not applied: %v", err)
	}
	if code, _, _ := runCLI(t, "env-example", filepath.Join(root, "typo")); code != 2 {
		t.Fatalf("missing folder: exit %d", code)
	}
}

// TestEnvExampleSecretsNamesAndExistingFile: secret defaults are blank
// whatever the variable is called, a name holding a newline writes no
// line of its own, and --write keeps a hand-written .env.example.
func TestEnvExampleSecretsNamesAndExistingFile(t *testing.T) {
	root := cleanProject(t, `STRIPE = os.environ.get("STRIPE_LIVE", "sk_live_51HxYzAbCdEfGh")
EMAIL_HOST_PASSWORD = os.environ.get("MAIL_PASS", "hunter2")
SENTRY = os.environ.get("SENTRY_DSN", "https://0123456789abcdef@o1.ingest.sentry.io/1")
TOKEN = os.environ.get("UPLOAD_BUCKET", "a8f5f167f44f4964e6c998dee827110c")
EVIL = os.environ.get("X\nINJECTED=1", "1")
HOST = os.environ.get("DATABASE_HOST", "localhost")
`)
	code, out, errb := runCLI(t, "env-example", root)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	for _, secret := range []string{"sk_live_", "hunter2", "0123456789abcdef", "a8f5f167"} {
		if strings.Contains(out, secret) {
			t.Errorf("a secret default (%q) was copied:\n%s", secret, out)
		}
	}
	for _, want := range []string{"\nSTRIPE_LIVE=\n", "\nMAIL_PASS=\n", "\nSENTRY_DSN=\n", "\nUPLOAD_BUCKET=\n", "\nDATABASE_HOST=localhost\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "INJECTED") {
		t.Errorf("a name with a newline wrote a line:\n%s", out)
	}
	if !strings.Contains(errb, `left out "X\nINJECTED=1": not a valid environment variable name`) {
		t.Errorf("stderr %q does not say which name was left out", errb)
	}

	// A hand-written .env.example is kept; missing variables are added.
	path := filepath.Join(root, ".env.example")
	hand := "# ours\nDATABASE_HOST=db.internal  # keep\n# MAIL_PASS=\n"
	os.WriteFile(path, []byte(hand), 0o644)
	if code, _, errb := runCLI(t, "env-example", "--write", root); code != 0 || !strings.Contains(errb, "added 4 variables") {
		t.Fatalf("exit %d: %s", code, errb)
	}
	got, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(got), hand) || strings.Count(string(got), "DATABASE_HOST=") != 1 || strings.Count(string(got), "MAIL_PASS=") != 1 ||
		!strings.Contains(string(got), "\nSTRIPE_LIVE=\n") || strings.Contains(string(got), "sk_live_") {
		t.Fatalf("merged .env.example:\n%s", got)
	}
	// Again: nothing to add, nothing written.
	if code, _, errb := runCLI(t, "env-example", "--write", root); code != 0 || !strings.Contains(errb, "left as it is") {
		t.Fatalf("exit %d: %s", code, errb)
	}
	// --force replaces it with the printed text.
	if code, _, _ := runCLI(t, "env-example", "--write", "--force", root); code != 0 {
		t.Fatal("--force failed")
	}
	if got, _ := os.ReadFile(path); string(got) != out {
		t.Fatalf("--force wrote:\n%s\nwant:\n%s", got, out)
	}
}
