package engine

import (
	"path/filepath"
	"testing"
)

// A "# noqa" comment cannot follow a line continuation, and on a line of a
// multi-line string it would become part of the value: no suppress fix
// there. An ordinary line gets one.
func TestSuppressFixOnlyWhereACommentCanGo(t *testing.T) {
	root := writeProject(t, "-- app/settings.py --\nMIDDLEWARE = []\nSECRET_KEY = 'django-insecure-x' \\\n    'y'\nALLOWED_HOSTS = ['*']\nDEBUG = True; NOTE = \"\"\"\n\"\"\"\n")
	_, res := loadAndAnalyze(t, root)
	path := filepath.Join(root, "app", "settings.py")
	suppress := map[string]bool{}
	for _, f := range res.Files[path].Findings {
		for _, fx := range res.FixesFor(f) {
			if fx.Title == "Suppress "+f.Code+" on this line" {
				suppress[f.Code] = true
			}
		}
	}
	if !suppress["DJS004"] {
		t.Error("no suppress fix for ALLOWED_HOSTS = ['*']")
	}
	if suppress["DJS002"] {
		t.Error("a suppress fix after a line continuation")
	}
	if suppress["DJS001"] {
		t.Error("a suppress fix inside a multi-line string")
	}
	if !has(res, path, "DJS002") || !has(res, path, "DJS001") || !has(res, path, "DJS004") {
		t.Fatalf("findings: %v", res.Files[path].Findings)
	}
}
