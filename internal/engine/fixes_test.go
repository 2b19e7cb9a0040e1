package engine

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/djls-dev/djls/internal/rules"
)

func TestSuppressFixSilencesItsFinding(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"DEBUG = True\n", "DEBUG = True  # noqa: DJS001\n"},
		{"DEBUG = True   \n", "DEBUG = True  # noqa: DJS001\n"},
		{"DEBUG = True  # noqa: F405\n", "DEBUG = True  # noqa: F405, DJS001\n"},
		{"DEBUG = True\r\n", "DEBUG = True  # noqa: DJS001\r\n"},
		// An empty `# noqa:` list takes the code. (The fix had its own
		// pattern for the comment and, not seeing one here, added a second
		// comment, which suppression never read: only the first counts.)
		{"DEBUG = True  # noqa:\n", "DEBUG = True  # noqa: DJS001\n"},
		{"DEBUG = True  # noqa:  # why\n", "DEBUG = True  # noqa: DJS001  # why\n"},
		{"DEBUG = True  # noqa: F405, \n", "DEBUG = True  # noqa: F405, DJS001, \n"},
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
