package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestSARIFForCodeScanning: run from a subfolder of a repository, URIs are
// relative to the repository root (percent-encoded, spaces and non-ASCII
// included) and %SRCROOT% is defined; every rule has what GitHub lists as
// required or ranks alerts by.
func TestSARIFForCodeScanning(t *testing.T) {
	root := project(t, map[string]string{
		"my project/réglages/settings.py": clean + "DEBUG = True\n",
		"my project/manage.py":            "",
		".gitignore":                      ".env\n",
		"my project/requirements.txt":     "Django==5.1\ngunicorn\n",
	})
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(root, "my project"))
	_, out, errb := runCLI(t, "check", "--format", "sarif", ".")
	var log struct {
		Runs []struct {
			OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Tool               struct {
				Driver struct {
					Rules []map[string]any `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []sarifResult `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("%v: %s\n%s", err, errb, out)
	}
	run := log.Runs[0]
	if base := run.OriginalURIBaseIDs["%SRCROOT%"].URI; !strings.HasPrefix(base, "file:///") || !strings.HasSuffix(base, "/") {
		t.Errorf("%%SRCROOT%% = %q, want the repository root as a file: URI ending in /", base)
	}
	if len(run.Results) != 1 || run.Results[0].RuleID != "DJS001" {
		t.Fatalf("results %+v, want one DJS001", run.Results)
	}
	loc := run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation
	if loc.URI != "my%20project/r%C3%A9glages/settings.py" || loc.URIBaseID != "%SRCROOT%" {
		t.Errorf("artifactLocation %+v, want my%%20project/r%%C3%%A9glages/settings.py against %%SRCROOT%%", loc)
	}
	if len(run.Tool.Driver.Rules) < 45 {
		t.Fatalf("%d rules", len(run.Tool.Driver.Rules))
	}
	for _, rule := range run.Tool.Driver.Rules {
		id, _ := rule["id"].(string)
		for _, key := range []string{"shortDescription", "fullDescription"} {
			if d, _ := rule[key].(map[string]any); d == nil || d["text"] == "" {
				t.Errorf("%s: no %s", id, key)
			}
		}
		help, _ := rule["help"].(map[string]any)
		if help == nil || !strings.Contains(help["markdown"].(string), "## What it flags") || help["text"] == "" {
			t.Errorf("%s: help %v", id, help)
		}
		if uri, _ := rule["helpUri"].(string); !strings.HasSuffix(uri, "/docs/rules/"+id+".md") {
			t.Errorf("%s: helpUri %q", id, uri)
		}
		props := rule["properties"].(map[string]any)
		score, err := strconv.ParseFloat(props["security-severity"].(string), 64)
		if err != nil || score <= 0 || score >= 9 {
			t.Errorf("%s: security-severity %v", id, props["security-severity"])
		}
		if props["precision"] != "high" || len(props["tags"].([]any)) == 0 {
			t.Errorf("%s: properties %v", id, props)
		}
	}
}
