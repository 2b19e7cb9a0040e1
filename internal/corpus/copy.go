package corpus

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Clone copies the project at src into a temporary folder of its own
// repository (an empty .git), as a clone of it would be: what the
// enclosing djls repository holds (its .gitignore) no longer applies.
// expected.txt, the manifest, is left out.
func Clone(tb testing.TB, src string) string {
	tb.Helper()
	dst := filepath.Join(tb.TempDir(), filepath.Base(src))
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case rel == "expected.txt":
			return nil
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err == nil {
		err = os.MkdirAll(filepath.Join(dst, ".git"), 0o755)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return dst
}
