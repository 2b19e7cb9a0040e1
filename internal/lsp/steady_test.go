package lsp

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"

	"go.lsp.dev/protocol"
)

// steadySettings has a value finding (DJS004 on ALLOWED_HOSTS) and absence findings
// anchored on MIDDLEWARE, line 2.
const steadySettings = "DEBUG = False\n" +
	"MIDDLEWARE = ['django.middleware.security.SecurityMiddleware', 'django.contrib.sessions.middleware.SessionMiddleware']\n" +
	"INSTALLED_APPS = ['django.contrib.sessions']\n" +
	"ALLOWED_HOSTS = ['*']\n"

func isKept(d protocol.Diagnostic) bool {
	var data diagnosticData
	return json.Unmarshal(d.Data, &data) == nil && data.Kept
}

// withoutKept leaves out the absence findings kept through a syntax error.
func withoutKept(diags []protocol.Diagnostic) []protocol.Diagnostic {
	out := []protocol.Diagnostic{}
	for _, d := range diags {
		if !isKept(d) {
			out = append(out, d)
		}
	}
	return out
}

func codesOf(diags []protocol.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, diagCode(d))
	}
	slices.Sort(out)
	return out
}

// TestAbsenceFindingsHoldDuringSyntaxError: typing a half-finished
// statement keeps the missing-setting findings of the last error-free text
// published, still on MIDDLEWARE (moved down by an inserted line); value
// findings are judged as before; once the text parses, the fresh analysis
// decides (here: the typed line sets one of the missing settings).
func TestAbsenceFindingsHoldDuringSyntaxError(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{".gitignore": ".env\n", "requirements.txt": "django==5.1\ngunicorn\n", "app/settings.py": steadySettings})
	c := startServer(t, nil)
	c.initialize(root, "", "")
	u := c.open(filepath.Join(root, "app", "settings.py"), 1, steadySettings)
	before := c.waitPublish(u, 1).Diagnostics
	t.Logf("before: %q", diagSummary(before))
	for _, code := range []string{"DJS004", "DJS101", "DJS201"} {
		if len(withCode(before, code)) == 0 {
			t.Fatalf("fixture lacks %s: %q", code, diagSummary(before))
		}
	}

	// A comment line above MIDDLEWARE and a half-typed statement at the end.
	c.change(u, 2, edit(0, 0, 0, 0, "# note\n"), edit(5, 0, 5, 0, "SESSION_COOKIE_SECURE ="))
	during := c.waitPublish(u, 2).Diagnostics
	t.Logf("during: %q", diagSummary(during))
	for _, code := range []string{"DJS101", "DJS201"} {
		got := withCode(during, code)
		if len(got) != 1 {
			t.Fatalf("%s during the syntax error: %q, want it kept", code, diagSummary(during))
		}
		if r := fmtRange(got[0].Range); r != "2:0-2:10" {
			t.Errorf("%s during the syntax error at %s, want on MIDDLEWARE, moved to line 3", code, r)
		}
		if !isKept(got[0]) {
			t.Errorf("%s during the syntax error not marked kept in its data: %s", code, got[0].Data)
		}
	}
	if v := withCode(during, "DJS004"); len(v) != 1 || isKept(v[0]) {
		t.Errorf("DJS004 (a value finding) during the syntax error: %q", diagSummary(during))
	}

	// The statement is finished: the fresh analysis decides.
	c.change(u, 3, edit(5, 23, 5, 23, " True"))
	after := c.waitPublish(u, 3).Diagnostics
	t.Logf("after: %q", diagSummary(after))
	if slices.Equal(codesOf(after), codesOf(before)) {
		t.Errorf("setting SESSION_COOKIE_SECURE changed nothing: %q", diagSummary(after))
	}
	if len(withoutKept(after)) != len(after) {
		t.Errorf("findings still marked kept once the text parses: %q", diagSummary(after))
	}
	if len(withCode(after, "DJS201")) != 0 {
		t.Errorf("DJS201 kept after SESSION_COOKIE_SECURE = True parsed: %q", diagSummary(after))
	}
	for _, code := range []string{"DJS004", "DJS101"} {
		if len(withCode(after, code)) != 1 {
			t.Errorf("%s after the text parses: %q", code, diagSummary(after))
		}
	}

	// Closed and reopened with a syntax error: nothing is kept from before.
	c.notify(protocol.MethodTextDocumentDidClose, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	c.open(filepath.Join(root, "app", "settings.py"), 10, steadySettings+"X =")
	if reopened := c.waitPublish(u, 10).Diagnostics; len(withCode(reopened, "DJS101")) != 0 {
		t.Errorf("a reopened document with a syntax error kept DJS101: %q", diagSummary(reopened))
	}
}

// TestMapRangeKeepsAnchorInText: a kept finding's range follows the edits
// since its analysis, and lands on a line of the new text when its own
// line was deleted or retyped.
func TestMapRangeKeepsAnchorInText(t *testing.T) {
	old := "DEBUG = False\nMIDDLEWARE = []\nX = 1\n"
	anchor := [2]int{14, 24} // MIDDLEWARE
	for _, tc := range []struct {
		name, new string
		want      string // the new text's bytes the range covers
		wantStart int
	}{
		{"edit after", "DEBUG = False\nMIDDLEWARE = []\nX = (\n", "MIDDLEWARE", 14},
		{"insert before", "# é\nDEBUG = False\nMIDDLEWARE = []\nX = 1\n", "MIDDLEWARE", 19},
		{"edits on both sides", "# é\nDEBUG = False\nMIDDLEWARE = []\nX = (\n", "MIDDLEWARE", 19},
		{"anchor line's end retyped", "DEBUG = False\nMIDDLEWARE = [\nX = 1\n", "MIDDLEWARE", 14},
		{"anchor retyped", "DEBUG = False\nMIDDLEWAR\nX = 1\n", "MIDDLEWAR", 14},
		{"anchor line deleted", "DEBUG = False\nX = (\n", "X = (", 14},
		{"all deleted", "", "", 0},
	} {
		s, e := mapRange([]byte(old), []byte(tc.new), anchor[0], anchor[1])
		if s < 0 || e < s || e > len(tc.new) || s != tc.wantStart || tc.new[s:e] != tc.want {
			t.Errorf("%s: mapped to [%d,%d), want %q at %d", tc.name, s, e, tc.want, tc.wantStart)
		}
	}
}
