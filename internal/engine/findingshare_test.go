package engine

import (
	"testing"

	"github.com/djls-dev/djls/internal/diagnostics"
)

// TestUnchangedFindingsAreShared: after an edit of one module, the other
// module's findings are the list of the analysis before (the language
// server holds that one already), while the edited module's are new.
func TestUnchangedFindingsAreShared(t *testing.T) {
	s := openSession(t, writeProject(t, `-- a/settings.py --
DEBUG = True
SECRET_KEY = 'x'
-- b/settings.py --
DEBUG = True
SECRET_KEY = 'y'
`), "a/settings.py", "b/settings.py")
	before := s.analyze()
	s.edit("a/settings.py", "DEBUG = True", "DEBUG = False")
	after := s.analyze()
	a, b := s.path("a/settings.py"), s.path("b/settings.py")
	old, now := before.Files[b].Findings, after.Files[b].Findings
	if len(old) == 0 || len(now) != len(old) {
		t.Fatalf("b: %d findings before, %d after; want the same, some", len(old), len(now))
	}
	if &now[0] != &old[0] {
		t.Errorf("b's unchanged findings are a new list")
	}
	if fa, fb := after.Files[a].Findings, before.Files[a].Findings; len(fa) > 0 && len(fb) > 0 && &fa[0] == &fb[0] {
		t.Errorf("a's findings changed but are the old list")
	}
	if got := findingCodes(after.Files[a].Findings); got == findingCodes(before.Files[a].Findings) {
		t.Errorf("a's findings did not follow the edit: %s", got)
	}
}

func findingCodes(fs []diagnostics.Finding) string {
	var out string
	for _, f := range fs {
		out += f.Code + " "
	}
	return out
}
