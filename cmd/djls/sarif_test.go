package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

type sarifResult struct {
	RuleID    string `json:"ruleId"`
	Locations []struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI       string `json:"uri"`
				URIBaseID string `json:"uriBaseId"`
			} `json:"artifactLocation"`
			Region struct{ StartLine, StartColumn int } `json:"region"`
		} `json:"physicalLocation"`
	} `json:"locations"`
	Fingerprints map[string]string `json:"partialFingerprints"`
}

func sarifResults(t *testing.T, args ...string) []sarifResult {
	t.Helper()
	_, out, errb := runCLI(t, append([]string{"check", "--format", "sarif"}, args...)...)
	var log struct {
		Runs []struct {
			Results []sarifResult `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("%v: %s\n%s", err, errb, out)
	}
	return log.Runs[0].Results
}

// TestSARIFURIsAndFingerprints: a file named "a%20b" is addressed as
// itself (percent-encoded), and findings of one rule, file and setting have
// distinct fingerprints that an edit elsewhere in the file leaves alone.
func TestSARIFURIsAndFingerprints(t *testing.T) {
	settings := clean + "ALLOWED_HOSTS = ['*', '*']\nDATABASES = {'default': {'PASSWORD': 'x'}, 'other': {'PASSWORD': 'x'}}\n"
	root := project(t, map[string]string{
		"app/settings_a%20b.py": settings,
		".gitignore":            ".env\n",
		"requirements.txt":      "Django==5.1\ngunicorn\n",
	})
	t.Chdir(root)
	fingerprints := func() map[string]int {
		results := sarifResults(t, ".")
		if len(results) != 4 {
			t.Fatalf("%d results, want 2 DJS004 and 2 DJS502: %+v", len(results), results)
		}
		seen := map[string]int{}
		for _, r := range results {
			loc := r.Locations[0].PhysicalLocation
			if loc.ArtifactLocation.URI != "app/settings_a%2520b.py" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
				t.Errorf("artifactLocation %+v, want uri app/settings_a%%2520b.py against %%SRCROOT%%", loc.ArtifactLocation)
			}
			fp := r.Fingerprints["djlsFinding/v2"]
			if fp == "" {
				t.Fatalf("no fingerprint: %+v", r)
			}
			if _, dup := seen[fp]; dup {
				t.Errorf("two results share the fingerprint %q", fp)
			}
			seen[fp] = loc.Region.StartColumn
		}
		return seen
	}
	before := fingerprints()
	// An unrelated edit above the findings moves them down a line.
	path := filepath.Join(root, "app", "settings_a%20b.py")
	if err := os.WriteFile(path, []byte("# a comment\n"+settings), 0o644); err != nil {
		t.Fatal(err)
	}
	after := fingerprints()
	for fp, col := range before {
		if after[fp] != col {
			t.Errorf("fingerprint %q (column %d) did not survive an edit elsewhere: %v", fp, col, after)
		}
	}
	// Outside the working folder: a file: URI, percent-encoded.
	t.Chdir(t.TempDir())
	if r := sarifResults(t, root); r[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "file://"+filepath.ToSlash(root)+"/app/settings_a%2520b.py" {
		t.Errorf("absolute uri %q", r[0].Locations[0].PhysicalLocation.ArtifactLocation.URI)
	}
}
