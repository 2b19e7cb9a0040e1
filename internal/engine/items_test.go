package engine

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestReportListsWhatCheckShows: the item list both `djls check` and
// `djls report` print: silenced findings counted and left out (unless
// asked for), a file not asked for left out, sorted by path and line,
// related locations resolved to lines.
func TestReportListsWhatCheckShows(t *testing.T) {
	root := writeProject(t, "-- app/settings.py --\n"+secure+"SECURE_SSL_REDIRECT = False\nSILENCED_SYSTEM_CHECKS = ['security.W008']\nDEBUG = True\n"+
		"-- other/settings.py --\n"+secure+"DEBUG = True\n")
	_, res := loadAndAnalyze(t, root)
	rel := func(p string) string { r, _ := filepath.Rel(root, p); return filepath.ToSlash(r) }
	app := filepath.Join(root, "app", "settings.py")
	debugLine := strings.Count(secure, "\n") + 3

	got := res.Report(ReportOptions{Rel: rel, Include: func(p string) bool { return p == app }})
	if got.Files != 1 || got.Silenced != 1 {
		t.Fatalf("files %d, silenced %d; want 1 file (other/ not asked for) and the silenced DJS101", got.Files, got.Silenced)
	}
	var lines []string
	for _, it := range got.Items {
		if it.RelPath != "app/settings.py" {
			t.Errorf("item of a file not asked for: %s:%d %s", it.RelPath, it.Line, it.Code)
		}
		if it.Code == "DJS101" {
			t.Errorf("a silenced finding is listed: %+v", it)
		}
		lines = append(lines, it.Code)
		if it.Code == "DJS001" && it.Line != debugLine {
			t.Errorf("DEBUG = True at line %d, want %d", it.Line, debugLine)
		}
		for _, r := range it.Related {
			if r.Line < 1 || r.RelPath == "" {
				t.Errorf("%s: related location not resolved: %+v", it.Code, r)
			}
		}
	}
	if !strings.Contains(strings.Join(lines, " "), "DJS001") {
		t.Errorf("items %v, want DEBUG = True (DJS001) among them", lines)
	}
	for i := 1; i < len(got.Items); i++ {
		if a, b := got.Items[i-1], got.Items[i]; a.RelPath > b.RelPath || a.RelPath == b.RelPath && a.Line > b.Line {
			t.Errorf("items out of order: %s:%d before %s:%d", a.RelPath, a.Line, b.RelPath, b.Line)
		}
	}

	all := res.Report(ReportOptions{Rel: rel, ShowSilenced: true})
	silenced := 0
	for _, it := range all.Items {
		if it.Code == "DJS101" && it.Silenced {
			silenced++
		}
	}
	if all.Files != len(res.Files) || all.Silenced != 0 || silenced != 1 {
		t.Errorf("with every file and silenced ones shown: files %d, silenced left out %d, listed %d; want %d, 0, 1", all.Files, all.Silenced, silenced, len(res.Files))
	}
}
