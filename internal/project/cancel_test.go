package project

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// manyFiles writes n empty .py files, 100 to a folder, plus a requirements
// file, and returns the root.
func manyFiles(t *testing.T, n int) string {
	t.Helper()
	dir := writeTree(t, map[string]string{"requirements.txt": "django==5.1\n"})
	for i := 0; i < n; i++ {
		sub := filepath.Join(dir, "pkg"+itoa(i/100))
		if i%100 == 0 {
			if err := os.Mkdir(sub, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(sub, "m"+itoa(i%100)+".py"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadContextCancelledBeforeStart(t *testing.T) {
	dir := writeTree(t, map[string]string{"settings.py": "DEBUG = True\n"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, opts := range []LoadOptions{{}, {Shallow: true}} {
		p, err := LoadContext(ctx, dir, opts)
		if !errors.Is(err, context.Canceled) || p != nil {
			t.Errorf("LoadContext(cancelled, %+v) = %v, %v; want nil, context.Canceled", opts, p, err)
		}
	}
}

// TestLoadContextCancelledDuringWalk cancels from the first progress call
// (1,000 files listed of 3,000): the walk stops there, so no later progress
// call comes, and Load returns context.Canceled.
func TestLoadContextCancelledDuringWalk(t *testing.T) {
	dir := manyFiles(t, 3000)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var calls []int
	p, err := LoadContext(ctx, dir, LoadOptions{Progress: func(n int) {
		calls = append(calls, n)
		cancel()
	}})
	if !errors.Is(err, context.Canceled) || p != nil {
		t.Fatalf("LoadContext = %v, %v; want nil, context.Canceled", p, err)
	}
	if !reflect.DeepEqual(calls, []int{1000}) {
		t.Errorf("progress calls = %v, want [1000]: the walk went on after the cancel", calls)
	}
}

func TestLoadContextProgress(t *testing.T) {
	dir := manyFiles(t, 2500)
	var calls []int
	p, err := LoadContext(context.Background(), dir, LoadOptions{Progress: func(n int) { calls = append(calls, n) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 2500 || !reflect.DeepEqual(calls, []int{1000, 2000}) {
		t.Errorf("%d files, progress calls %v; want 2500 and [1000 2000]", len(p.Files), calls)
	}
	if len(p.Requirements) != 1 || p.Requirements[0].Spec != "django==5.1" {
		t.Errorf("requirements = %+v", p.Requirements)
	}
}

// TestLoadShallowDirs lists the root's own files and those of the folders
// named in Dirs, not their subfolders, nor a folder outside the root.
func TestLoadShallowDirs(t *testing.T) {
	outside := writeTree(t, map[string]string{"secret.py": ""})
	dir := writeTree(t, map[string]string{
		"manage.py": "", "app/settings/base.py": "", "app/settings/prod.py": "",
		"app/settings/sub/deep.py": "", "other/x.py": "",
	})
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Skip("symlinks unavailable:", err)
	}
	p, err := LoadContext(context.Background(), dir, LoadOptions{Shallow: true, Dirs: []string{
		filepath.Join(dir, "app", "settings"), filepath.Join(dir, "app", "settings") + "/", dir,
		filepath.Join(dir, "link"), outside, "relative/dir",
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"app/settings/base.py", "app/settings/prod.py", "manage.py"}
	if got := relFiles(p); !reflect.DeepEqual(got, want) {
		t.Errorf("files = %q, want %q", got, want)
	}
	// Without Shallow, Dirs changes nothing: the walk lists everything.
	p, err = LoadContext(context.Background(), dir, LoadOptions{Dirs: []string{outside}})
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"app/settings/base.py", "app/settings/prod.py", "app/settings/sub/deep.py", "manage.py", "other/x.py"}
	if got := relFiles(p); !reflect.DeepEqual(got, want) {
		t.Errorf("files = %q, want %q", got, want)
	}
}
