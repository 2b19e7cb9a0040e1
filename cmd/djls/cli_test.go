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
