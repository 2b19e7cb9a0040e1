package engine

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/djls-dev/djls/internal/rules"
)

func TestSuppressFixSilencesItsFinding(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"DEBUG = True\n", "DEBUG = True  # djls: ignore[DJS001]\n"},
		{"DEBUG = True   \n", "DEBUG = True  # djls: ignore[DJS001]\n"},
		{"DEBUG = True\r\n", "DEBUG = True  # djls: ignore[DJS001]\r\n"},
		// Another tool's noqa stays its own: ruff flags unknown noqa codes.
		{"DEBUG = True  # noqa: F405\n", "DEBUG = True  # noqa: F405  # djls: ignore[DJS001]\n"},
		{"DEBUG = True  # why\n", "DEBUG = True  # why  # djls: ignore[DJS001]\n"},
		// An existing list takes the code.
		{"DEBUG = True  # djls: ignore[DJS004]\n", "DEBUG = True  # djls: ignore[DJS004, DJS001]\n"},
		{"DEBUG = True  # djls: ignore[DJS004, ]  # why\n", "DEBUG = True  # djls: ignore[DJS004, DJS001, ]  # why\n"},
		{"DEBUG = True  # djls: ignore[]\n", "DEBUG = True  # djls: ignore[DJS001]\n"},
	} {
		root := writeProject(t, "-- app/settings.py --\n"+secure)
		path := filepath.Join(root, "app", "settings.py")
		text := []byte(secure + tc.line)
		ws, _ := Load(root, Options{})
		res, _ := ws.Analyze(context.Background(), map[string]Overlay{path: {Version: 1, Text: text}})
		var fixed []byte
		for _, f := range res.Files[path].Findings {
			if f.Code != "DJS001" {
				continue
			}
			fixes := res.FixesFor(f)
			if len(fixes) != 2 || fixes[0].Title != rules.DebugTitle || fixes[1].Title != "Suppress DJS001 on this line" {
				t.Fatalf("fixes = %+v", fixes)
			}
			e := fixes[1].Edits[0]
			fixed = append(append(append([]byte(nil), text[:e.Start]...), e.NewText...), text[e.End:]...)
		}
		if got := string(fixed[len(secure):]); got != tc.want {
			t.Errorf("%q -> %q, want %q", tc.line, got, tc.want)
		}
		res2, _ := ws.Analyze(context.Background(), map[string]Overlay{path: {Version: 2, Text: fixed}})
		for _, f := range res2.Files[path].Findings {
			if f.Code == "DJS001" {
				t.Errorf("%q: DJS001 still reported after the fix", tc.line)
			}
		}
	}
}
