package engine

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
)

func TestLoadContextCancelled(t *testing.T) {
	root := writeProject(t, "-- settings.py --\nDEBUG = True\n")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w, err := LoadContext(ctx, root, Options{})
	if !errors.Is(err, context.Canceled) || w != nil {
		t.Fatalf("LoadContext(cancelled) = %v, %v; want nil, context.Canceled", w, err)
	}
}

// TestShallowDirs: a shallow workspace judges the root's own modules and
// those of Dirs, not a settings module deeper down.
func TestShallowDirs(t *testing.T) {
	root := writeProject(t, `-- manage.py --
-- conf/settings.py --
DEBUG = True
-- conf/deep/settings.py --
DEBUG = True
`)
	w, err := LoadContext(context.Background(), root, Options{Shallow: true, Dirs: []string{filepath.Join(root, "conf")}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.Analyze(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var judged []string
	for p := range res.Files {
		rel, _ := filepath.Rel(root, p)
		judged = append(judged, filepath.ToSlash(rel))
	}
	fr := res.Files[filepath.Join(root, "conf", "settings.py")]
	var debug []string
	for _, f := range fr.findingsOrNil() {
		if f.Code == "DJS001" {
			debug = append(debug, fmt.Sprintf("%d-%d", f.Start, f.End))
		}
	}
	if len(debug) != 1 || debug[0] != "8-12" {
		t.Errorf("conf/settings.py: DJS001 at %q, want [8-12] (True); judged %q", debug, judged)
	}
	if res.Files[filepath.Join(root, "conf", "deep", "settings.py")] != nil {
		t.Errorf("a shallow workspace judged conf/deep/settings.py; judged %q", judged)
	}
}

func TestReindexes(t *testing.T) {
	for _, c := range []struct {
		paths []string
		want  bool
	}{
		{nil, true},
		{[]string{"/p/app/settings.py"}, false},
		{[]string{"/p/app/settings.py", "/p/requirements.txt"}, true},
		{[]string{"/p/manage.py"}, true},
		{[]string{"/p/site/wsgi.py"}, true},
		{[]string{"/p/.gitignore"}, true},
	} {
		if got := Reindexes(c.paths...); got != c.want {
			t.Errorf("Reindexes(%q) = %v, want %v", c.paths, got, c.want)
		}
	}
}
