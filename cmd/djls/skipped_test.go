package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckDecodesDeclaredEncodings: a settings module in the encoding
// its PEP 263 line declares is judged like any other, columns counting
// code points; --fix writes it back in that encoding.
func TestCheckDecodesDeclaredEncodings(t *testing.T) {
	for _, enc := range []string{"latin-1", "iso-8859-1", "cp1252"} {
		root := project(t, map[string]string{
			"app/settings.py":  "# -*- coding: " + enc + " -*-\n" + clean + "NAME = 'caf\xe9'; DEBUG = True\n",
			".gitignore":       ".env\n",
			"requirements.txt": "Django==5.1\ngunicorn\n",
		})
		code, out, _ := runCLI(t, "check", "--no-color", root)
		want := filepath.ToSlash(filepath.Join(root, "app", "settings.py")) + ":19:24: DJS001 [error] DEBUG is True in production"
		if code != 1 || !strings.Contains(out, want) || strings.Contains(out, "DJS000") {
			t.Fatalf("%s: exit %d\n%s\nwant %q", enc, code, out, want)
		}
		if code, _, errb := runCLI(t, "check", "--fix", "--unsafe-fixes", root); code == 2 {
			t.Fatalf("%s: --fix exit 2: %s", enc, errb)
		}
		b, _ := os.ReadFile(filepath.Join(root, "app", "settings.py"))
		if !strings.Contains(string(b), "NAME = 'caf\xe9'; DEBUG = os.environ.get(") {
			t.Fatalf("%s: not fixed in its own encoding:\n%q", enc, b)
		}
	}
}

// TestUnreadableSettingsModuleIsAFinding: a settings module that cannot
// be judged (bytes its declared encoding lacks, no declaration, over the
// size limit, with or without a settings-like name) is a DJS000 error in
// every format, and fails the run at the default --fail-on.
func TestUnreadableSettingsModuleIsAFinding(t *testing.T) {
	padding := "#" + strings.Repeat(" ", 1<<20) + "\n"
	cases := map[string]struct{ file, text, reason string }{
		"undeclared latin-1": {"app/settings.py", clean + "DEBUG = True  # caf\xe9\n", "not valid UTF-8"},
		"bad declared utf-8": {"app/settings.py", "# coding: utf-8\n" + clean + "X = '\xff'\nDEBUG = True\n", "not valid utf-8, the encoding its coding line declares"},
		"unknown encoding":   {"app/settings.py", "# coding: klingon\n" + clean + "X = '\xff'\nDEBUG = True\n", `its coding line declares "klingon", an encoding djls does not know`},
		"padded by name":     {"app/settings.py", padding + clean + "DEBUG = True\n", "too big: over the 1 MiB limit for settings modules"},
		"padded by content":  {"app/production.py", padding + clean + "DEBUG = True\n", "too big: over the 1 MiB limit for settings modules"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			root := project(t, map[string]string{
				c.file:             c.text,
				".gitignore":       ".env\n",
				"requirements.txt": "Django==5.1\ngunicorn\n",
			})
			t.Chdir(root)
			code, out, errb := runCLI(t, "check", "--no-color", ".")
			want := c.file + ":1:1: DJS000 [error] Settings module not checked (" + c.reason + ")\n    Any findings in it go unreported.\n"
			if code != 1 || !strings.HasPrefix(out, want) {
				t.Fatalf("text: exit %d, stderr %q\n%s\nwant exit 1 and %q", code, errb, out, want)
			}
			// An explicit path to it as well.
			if code, out, _ := runCLI(t, "check", "--no-color", c.file); code != 1 || !strings.HasPrefix(out, want) {
				t.Fatalf("explicit path: exit %d\n%s", code, out)
			}
			code, out, _ = runCLI(t, "check", "--format", "json", ".")
			var doc struct {
				Findings []struct{ Path, Code, Severity, Message string }
			}
			json.Unmarshal([]byte(out), &doc)
			if code != 1 || len(doc.Findings) != 1 || doc.Findings[0].Code != "DJS000" || doc.Findings[0].Path != c.file || doc.Findings[0].Severity != "error" {
				t.Fatalf("json: exit %d\n%s", code, out)
			}
			code, out, _ = runCLI(t, "check", "--format", "github", ".")
			if code != 1 || !strings.HasPrefix(out, "::error file="+c.file+",line=1,col=1,endLine=1,endColumn=1,title=DJS000 settings-not-checked::Settings module not checked") {
				t.Fatalf("github: exit %d\n%s", code, out)
			}
			code, out, _ = runCLI(t, "check", "--format", "sarif", ".")
			var log struct {
				Runs []struct {
					Tool struct {
						Driver struct{ Rules []struct{ ID string } }
					}
					Results []struct {
						RuleID    string
						RuleIndex int
						Level     string
					}
				}
			}
			json.Unmarshal([]byte(out), &log)
			if code != 1 || len(log.Runs) != 1 || len(log.Runs[0].Results) != 1 {
				t.Fatalf("sarif: exit %d\n%s", code, out)
			}
			run := log.Runs[0]
			if r := run.Results[0]; r.RuleID != "DJS000" || r.Level != "error" || run.Tool.Driver.Rules[r.RuleIndex].ID != "DJS000" {
				t.Fatalf("sarif result %+v", r)
			}
			if code, _, _ := runCLI(t, "check", "--fail-on", "error", "."); code != 1 {
				t.Fatalf("--fail-on error: exit %d", code)
			}
		})
	}
}
