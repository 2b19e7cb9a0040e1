package fix

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteAtomicRefusals(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.py")
	os.WriteFile(path, []byte("old\n"), 0o444)
	if err := WriteAtomic(path, []byte("old\n"), []byte("new\n")); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only: %v, want ErrReadOnly", err)
	}
	os.Chmod(path, 0o644)
	link := filepath.Join(dir, "other.py")
	if err := os.Link(path, link); err != nil {
		t.Skip(err)
	}
	if err := WriteAtomic(path, []byte("old\n"), []byte("new\n")); !errors.Is(err, ErrHardLinked) {
		t.Errorf("hard-linked: %v, want ErrHardLinked", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Errorf("a refused file was written: %q", b)
	}
	os.Remove(link)

	// Through a symlink: the target changes, the link stays.
	sym := filepath.Join(dir, "link.py")
	os.Symlink("settings.py", sym)
	if err := WriteAtomic(sym, []byte("old\n"), []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Lstat(sym); info.Mode()&os.ModeSymlink == 0 {
		t.Error("the link became a regular file")
	}
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Errorf("target %q", b)
	}
	// A dangling link is not written through.
	os.Symlink("missing.py", filepath.Join(dir, "dangling.py"))
	if err := WriteAtomic(filepath.Join(dir, "dangling.py"), nil, []byte("x\n")); err == nil {
		t.Error("wrote through a dangling link")
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.py")); !os.IsNotExist(err) {
		t.Error("created a dangling link's target")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		for _, e := range entries {
			t.Log(e.Name())
		}
		t.Errorf("%d entries left, want settings.py, link.py, dangling.py", len(entries))
	}
}
