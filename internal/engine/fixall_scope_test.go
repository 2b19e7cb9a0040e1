package engine

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/djls-dev/djls/internal/fix"
)

// Safe fix-all (source.fixAll on save) keeps to the file asked for: with
// no .gitignore, DJS801's fix creates one, and only unsafe fix-all does.
func TestSafeFixAllNeverTouchesAnotherFile(t *testing.T) {
	root := writeProject(t, "-- .gitignore --\n<none>\n-- app/settings.py --\n"+secure+"DEBUG = True\nPASSWORD_RESET_TIMEOUT_DAYS = 3\n")
	path := filepath.Join(root, "app", "settings.py")
	ws, _ := Load(root, Options{})
	res, err := ws.Analyze(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	safe := res.FixAll(path, false)
	if safe == nil {
		t.Fatal("no safe fix-all (PASSWORD_RESET_TIMEOUT_DAYS has a safe fix)")
	}
	for _, e := range safe.Edits {
		if filepath.Clean(e.Path) != path {
			t.Errorf("safe fix-all edits %s", e.Path)
		}
	}
	gitignore := filepath.Join(root, ".gitignore")
	all := res.FixAll(path, true)
	if all == nil || editsOnly(*all, path) {
		t.Fatalf("unsafe fix-all does not create %s: %+v", gitignore, all)
	}
}

func TestEditsOnly(t *testing.T) {
	for _, tc := range []struct {
		edits []fix.Edit
		want  bool
	}{
		{[]fix.Edit{{Path: "/p/app/settings.py"}, {}}, true},
		{[]fix.Edit{{Path: "/p/app/../app/settings.py"}}, true},
		{[]fix.Edit{{Path: "/p/app/settings.py"}, {Path: "/p/.gitignore", NewText: ".env\n"}}, false},
	} {
		if got := editsOnly(fix.Fix{Edits: tc.edits}, "/p/app/settings.py"); got != tc.want {
			t.Errorf("editsOnly(%+v) = %v, want %v", tc.edits, got, tc.want)
		}
	}
}
