package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/finding"
)

// TestSecuritySeverityBands: error is High, warning Medium, info Low, in
// GitHub's bands.
func TestSecuritySeverityBands(t *testing.T) {
	for sev, want := range map[finding.Severity]string{finding.Error: "7.5", finding.Warning: "5.0", finding.Info: "2.0"} {
		if got := securitySeverity(sev); got != want {
			t.Errorf("securitySeverity(%v) = %s, want %s", sev, got, want)
		}
	}
}

// TestSARIFRebasesOntoTheRoot: RelPaths relative to the working folder
// become URIs relative to the repository root; files outside it keep a
// file: URI; DJS000 gets a full rule row.
func TestSARIFRebasesOntoTheRoot(t *testing.T) {
	r := &Report{Items: []Item{
		{Finding: finding.Finding{Code: "DJS001", Severity: finding.Error}, RelPath: "app/settings.py", Line: 1, Column: 1},
		{Finding: finding.Finding{Code: UnjudgedCode, Severity: finding.Error}, RelPath: "../../other/s.py", Line: 1, Column: 1},
	}}
	var b bytes.Buffer
	err := SARIFWith(&b, r, SARIFOptions{Version: "1", Rules: []Rule{{ID: "DJS001", Summary: "s", Severity: finding.Error}},
		DocURL: func(id string) string { return "https://x/" + id }, WorkDir: "/repo/sub dir", Root: "/repo"})
	if err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{`"uri": "sub%20dir/app/settings.py"`, `"uri": "file:///other/s.py"`, `"uri": "file:///repo/"`, `"fullDescription"`} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in\n%s", want, out)
		}
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []map[string]any }
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if rules := log.Runs[0].Tool.Driver.Rules; len(rules) != 2 || rules[1]["id"] != UnjudgedCode || rules[1]["help"] == nil {
		t.Errorf("rules %v", rules)
	}
}
