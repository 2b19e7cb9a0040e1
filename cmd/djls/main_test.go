package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/rules"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// project writes a small project and returns its folder.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

const clean = `import os
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["example.org"]
INSTALLED_APPS = ["django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LOGGING = {"version": 1}
`

func cleanProject(t *testing.T, extra string) string {
	return project(t, map[string]string{
		"app/settings.py":  clean + extra,
		".gitignore":       ".env\n",
		"requirements.txt": "Django==5.1\ngunicorn\n",
	})
}

func TestCheckExitCodesAndText(t *testing.T) {
	root := cleanProject(t, "")
	if code, out, _ := runCLI(t, "check", root); code != 0 || !strings.Contains(out, "No findings; 3 files checked.") {
		t.Fatalf("clean project: exit %d, output %q", code, out)
	}
	root = cleanProject(t, "DEBUG = 'é' and True\n")
	code, out, _ := runCLI(t, "check", "--no-color", root)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	// The decisive `True` starts at code point 17 of line 18 (byte 18: é is two bytes).
	want := filepath.ToSlash(filepath.Join(root, "app", "settings.py")) + ":18:17: DJS001 [error] DEBUG is True in production"
	if !strings.Contains(out, want) || !strings.Contains(out, "Found 1 finding (1 error, 0 warnings, 0 info) in 1 file; 3 files checked.") {
		t.Fatalf("output:\n%s\nwant line %q", out, want)
	}
	if code, _, _ := runCLI(t, "check", "--fail-on", "never", root); code != 0 {
		t.Fatalf("--fail-on never: exit %d", code)
	}
	root = cleanProject(t, "DEBUG_PROPAGATE_EXCEPTIONS = True\n") // a warning
	if code, _, _ := runCLI(t, "check", "--fail-on", "error", root); code != 0 {
		t.Fatalf("--fail-on error with a warning: exit %d", code)
	}
	if code, _, _ := runCLI(t, "check", root); code != 1 {
		t.Fatalf("default --fail-on warning with a warning: exit %d", code)
	}
}

func TestCheckJSON(t *testing.T) {
	root := cleanProject(t, "DEBUG = True\n")
	code, out, _ := runCLI(t, "check", "--format", "json", root)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		Findings []map[string]any `json:"findings"`
		Summary  map[string]any   `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(doc.Findings) != 1 {
		t.Fatalf("findings: %v", doc.Findings)
	}
	f := doc.Findings[0]
	for k, want := range map[string]any{"line": 18.0, "column": 9.0, "end_line": 18.0, "end_column": 13.0, "code": "DJS001",
		"name": "debug-enabled", "severity": "error", "django_check": "security.W018"} {
		if f[k] != want {
			t.Errorf("%s = %v, want %v", k, f[k], want)
		}
	}
	if doc.Summary["findings"] != 1.0 || doc.Summary["errors"] != 1.0 {
		t.Errorf("summary = %v", doc.Summary)
	}
}

func TestCheckSARIF(t *testing.T) {
	root := cleanProject(t, "ALLOWED_HOSTS = ['*']\n")
	_, out, _ := runCLI(t, "check", "--format", "sarif", root)
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string           `json:"name"`
					Rules []map[string]any `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }                 `json:"artifactLocation"`
						Region           struct{ StartLine, StartColumn int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "djls" {
		t.Fatalf("bad log header: %+v", log)
	}
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != len(rules.All()) || len(run.Results) != 1 {
		t.Fatalf("%d rules, %d results", len(run.Tool.Driver.Rules), len(run.Results))
	}
	r := run.Results[0]
	if r.RuleID != "DJS004" || run.Tool.Driver.Rules[r.RuleIndex]["id"] != "DJS004" || r.Level != "error" ||
		r.Locations[0].PhysicalLocation.Region.StartLine != 18 || r.Locations[0].PhysicalLocation.Region.StartColumn != 18 {
		t.Fatalf("result %+v", r)
	}
}

func TestCheckGitHubAndFileArguments(t *testing.T) {
	root := cleanProject(t, "DEBUG = True\n")
	os.WriteFile(filepath.Join(root, "app", "other.py"), []byte("X = 1\n"), 0o644)
	// A file argument prints that file's findings only (DJS001 sits in settings.py).
	if code, out, _ := runCLI(t, "check", filepath.Join(root, "app", "other.py")); code != 0 || strings.Contains(out, "DJS001") {
		t.Fatalf("other.py: exit %d\n%s", code, out)
	}
	_, out, _ := runCLI(t, "check", "--format", "github", filepath.Join(root, "app", "settings.py"))
	if !strings.HasPrefix(out, "::error file=") || !strings.Contains(out, "line=18,col=9,endLine=18,endColumn=13,title=DJS001 debug-enabled::DEBUG is True") {
		t.Fatalf("github output %q", out)
	}
}

func TestCheckSkipsBadFilesAndGoesOn(t *testing.T) {
	root := cleanProject(t, "DEBUG = True\n")
	bad := filepath.Join(root, "app", "bad.py")
	os.WriteFile(bad, []byte("X = '\xff'\n"), 0o644)
	code, out, _ := runCLI(t, "check", "--no-color", bad, filepath.Join(root, "app", "settings.py"))
	if code != 1 || !strings.Contains(out, "bad.py: skipped: not valid UTF-8") || !strings.Contains(out, "DJS001") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

func TestUsageAndConfigErrors(t *testing.T) {
	root := cleanProject(t, "")
	os.WriteFile(filepath.Join(root, "djls-security.toml"), []byte("selct = [\"DJS001\"]\n"), 0o644)
	code, _, errOut := runCLI(t, "check", root)
	if code != 2 || !strings.Contains(errOut, "djls-security.toml:1: selct: unknown key") {
		t.Fatalf("bad config: exit %d, %q", code, errOut)
	}
	for _, args := range [][]string{{"check", "--format", "xml", "."}, {"check", "--fail-on", "sometimes", "."}, {"frobnicate"}, {}} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestRulesExplainVersion(t *testing.T) {
	_, out, _ := runCLI(t, "rules")
	if strings.Count(out, "\n") != len(rules.All()) || !strings.Contains(out, "DJS001  error    debug-enabled") {
		t.Fatalf("rules output:\n%s", out)
	}
	if code, out, _ := runCLI(t, "explain", "djs001"); code != 0 || !strings.HasPrefix(out, "# DJS001: debug-enabled") {
		t.Fatalf("explain: %d %q", code, out[:min(60, len(out))])
	}
	if code, _, _ := runCLI(t, "explain", "DJS999"); code != 2 {
		t.Fatalf("explain unknown: exit %d", code)
	}
	if _, out, _ := runCLI(t, "version"); out != "djls "+version+"\n" {
		t.Fatalf("version %q", out)
	}
}
