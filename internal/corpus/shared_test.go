package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

// TestCopiesMatchShared holds every corpus of testdata to its original in
// ../shared, byte for byte and file for file, so the two cannot drift. In a
// plain clone there is no ../shared and nothing to compare with.
func TestCopiesMatchShared(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	shared := filepath.Join(filepath.Dir(root), "shared")
	if st, err := os.Stat(shared); err != nil || !st.IsDir() {
		t.Skip("no ../shared beside the repository, so testdata/corpus* is not compared with ../shared/corpus*")
	}
	for _, name := range Names {
		problems, err := diffTrees(filepath.Join(root, "testdata", name), filepath.Join(shared, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Errorf("testdata/%s and ../shared/%s differ: %s", name, name, p)
		}
		if problems != nil {
			t.Logf("bring them back in line: copy the side that changed over the other (cp -a)")
		}
	}
}

// diffTrees lists how the files below ours and theirs differ, by path
// relative to each: files only on one side, and files whose bytes differ.
// It is nil when the two hold the same files with the same contents.
func diffTrees(ours, theirs string) ([]string, error) {
	a, err := readTree(ours)
	if err != nil {
		return nil, err
	}
	b, err := readTree(theirs)
	if err != nil {
		return nil, err
	}
	paths := make([]string, 0, len(a)+len(b))
	for p := range a {
		paths = append(paths, p)
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	var problems []string
	for _, p := range paths {
		x, inA := a[p]
		y, inB := b[p]
		switch {
		case !inB:
			problems = append(problems, "only in the copy: "+p)
		case !inA:
			problems = append(problems, "only in ../shared: "+p)
		case !bytes.Equal(x, y):
			problems = append(problems, "contents differ: "+p)
		}
	}
	return problems, nil
}

// readTree maps the slash path of every file below dir to its bytes. A
// link or other non-regular file fails: the corpora hold none.
func readTree(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return &fs.PathError{Op: "read corpus", Path: path, Err: fs.ErrInvalid}
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	return files, err
}

func TestDiffTrees(t *testing.T) {
	write := func(dir, rel, text string) {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ours, theirs := t.TempDir(), t.TempDir()
	for _, dir := range []string{ours, theirs} {
		write(dir, "app/expected.txt", "# mode: exact\n")
		write(dir, "app/.gitignore", ".env\n")
	}
	if p, err := diffTrees(ours, theirs); err != nil || p != nil {
		t.Fatalf("equal trees: got %q, %v", p, err)
	}
	write(ours, "app/settings.py", "DEBUG = True\n")
	write(theirs, "app/manage.py", "")
	write(theirs, "app/.gitignore", ".env\r\n")
	p, err := diffTrees(ours, theirs)
	want := []string{"contents differ: app/.gitignore", "only in ../shared: app/manage.py", "only in the copy: app/settings.py"}
	if err != nil || !reflect.DeepEqual(p, want) {
		t.Fatalf("got %q, %v; want %q", p, err, want)
	}
	if _, err := diffTrees(ours, filepath.Join(theirs, "missing")); err == nil {
		t.Fatal("a missing tree must be an error, not an empty one")
	}
}
