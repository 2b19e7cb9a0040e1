package fix

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

func TestApplyOrdersAndRejectsOverlaps(t *testing.T) {
	text := []byte("abcdef")
	got, err := Apply(text, []Edit{{Start: 4, End: 5, NewText: "E"}, {Start: 0, End: 0, NewText: "<"}, {Start: 0, End: 1, NewText: "A"}})
	if err != nil || string(got) != "<AbcdEf" {
		t.Errorf("got %q, %v", got, err)
	}
	if _, err := Apply(text, []Edit{{Start: 1, End: 4}, {Start: 2, End: 3}}); !errors.Is(err, ErrOverlap) {
		t.Errorf("overlap: err = %v", err)
	}
	if _, err := Apply(text, []Edit{{Start: 5, End: 9}}); !errors.Is(err, ErrOverlap) {
		t.Errorf("past the end: err = %v", err)
	}
}

func TestMinimalKeepsCommonPrefixAndSuffix(t *testing.T) {
	old, new := []byte("DEBUG = config('DEBUG', default='True', cast=bool)\n"), []byte("DEBUG = config('DEBUG', default=False, cast=bool)\n")
	e := Minimal("p", old, new)
	if e.Start != 32 || e.End != 38 || e.NewText != "False" {
		t.Errorf("got %+v", e)
	}
	if got, _ := Apply(old, []Edit{e}); string(got) != string(new) {
		t.Errorf("applied: %q", got)
	}
}

func TestUnifiedDiff(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh\n"
	new := "a\nb\nc\nD\ne\nf\ng\nh\ni"
	want := "--- a/x\n+++ b/x\n@@ -1,8 +1,9 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n h\n+i\n\\ No newline at end of file\n"
	if got := UnifiedDiff("a/x", "b/x", []byte(old), []byte(new)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := UnifiedDiff("a", "b", []byte(old), []byte(old)); got != "" {
		t.Errorf("equal texts: %q", got)
	}
	long := strings.Repeat("x\n", 20)
	two := UnifiedDiff("a", "b", []byte("1\n"+long+"2\n"), []byte("one\n"+long+"two\n"))
	if strings.Count(two, "@@ ") != 2 {
		t.Errorf("far-apart changes should make two hunks:\n%s", two)
	}
}

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.py")
	os.WriteFile(path, []byte("old\n"), 0o640)
	if err := WriteAtomic(path, []byte("old\n"), []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Errorf("content %q", b)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", info.Mode().Perm())
	}
	// Changed on disk since it was read: refused, untouched.
	if err := WriteAtomic(path, []byte("old\n"), []byte("other\n")); !errors.Is(err, ErrChanged) {
		t.Errorf("err = %v, want ErrChanged", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Errorf("a refused write changed the file: %q", b)
	}
	// Creating: the file must not exist yet.
	gi := filepath.Join(dir, ".gitignore")
	if err := WriteAtomic(gi, nil, []byte(".env\n")); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(gi, nil, []byte(".env\n")); !errors.Is(err, ErrChanged) {
		t.Errorf("re-create: err = %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

// TestRemoveStatementKeepsBlankLineInCRLF: removing a statement between a
// code line and a blank line leaves the blank line, whatever the line
// breaks. (The line scanner fix had before textpos read the "\n" of "\r\n"
// as an empty line, so in CRLF files it took the line before as blank and
// removed the blank line after too.)
func TestRemoveStatementKeepsBlankLineInCRLF(t *testing.T) {
	for _, nl := range []string{"\n", "\r\n", "\r"} {
		r := strings.NewReplacer("\n", nl)
		for _, c := range []struct{ text, want string }{
			{"A = 1\nX = 2\n\nB = 3\n", "A = 1\n\nB = 3\n"},
			{"A = 1\n\nX = 2\n\nB = 3\n", "A = 1\n\nB = 3\n"}, // blank on both sides: one stays
		} {
			text := []byte(r.Replace(c.text))
			doc := treesitter.Parse(text)
			var stmt *treesitter.Node
			for _, n := range doc.Root().NamedChildren() {
				if strings.HasPrefix(n.Text(text), "X") {
					stmt = n
				}
			}
			s := &src{path: "/p/settings.py", text: text, root: doc.Root()}
			got, err := Apply(text, []Edit{s.removeStatement(stmt)})
			doc.Close()
			if err != nil || string(got) != r.Replace(c.want) {
				t.Errorf("%q: got %q (%v), want %q", text, got, err, r.Replace(c.want))
			}
		}
	}
}
