package textpos

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// editPieces are what random texts and edits are made of: line breaks of
// every kind, and characters of one to four bytes.
var editPieces = []string{"a", "b", " ", "\n", "\r", "\r\n", "é", "日", "😀", "\xff"}

func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(editPieces[r.IntN(len(editPieces))])
	}
	return b.String()
}

// applyEdit returns text with [start, end) replaced by ins.
func applyEdit(text string, start, end int, ins string) []byte {
	return []byte(text[:start] + ins + text[end:])
}

// checkEdit holds m.Edit to NewMapper of the edited text.
func checkEdit(t *testing.T, old string, start, end int, ins string) {
	t.Helper()
	next := applyEdit(old, start, end, ins)
	got, want := NewMapper([]byte(old)).Edit(start, end, next), NewMapper(next)
	if len(next) > 0 && &got.Text()[0] != &next[0] {
		t.Fatalf("%q with [%d,%d) replaced by %q: the Mapper does not keep the new text", old, start, end, ins)
	}
	if !slices.Equal(got.lineStarts, want.lineStarts) {
		t.Fatalf("%q with [%d,%d) replaced by %q: line starts %v, want %v", old, start, end, ins, got.lineStarts, want.lineStarts)
	}
}

// TestEditMatchesNewMapper: a Mapper derived by Edit indexes the lines
// NewMapper finds in the new text, for random edits of random texts with
// "\n", "\r\n", lone "\r", multi-byte and invalid characters, offsets
// anywhere (inside a "\r\n" or a character too).
func TestEditMatchesNewMapper(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		old := randomText(r, r.IntN(30))
		start := r.IntN(len(old) + 1)
		end := start + r.IntN(len(old)-start+1)
		ins := randomText(r, r.IntN(4))
		if r.IntN(3) == 0 && end > start { // same length, as retyping is
			ins = strings.Repeat("x", end-start)
			if r.IntN(2) == 0 {
				ins = strings.Repeat("\r", end-start)
			}
		}
		checkEdit(t, old, start, end, ins)
	}
}

// TestEditJoinsAndSplitsLineBreaks: the edits that make or break a "\r\n"
// from the bytes around them.
func TestEditJoinsAndSplitsLineBreaks(t *testing.T) {
	for _, c := range []struct {
		old        string
		start, end int
		ins        string
	}{
		{"A\rB", 2, 2, "\n"},    // "\r" + "\n" typed after it
		{"A\rB", 2, 3, "\n"},    // the same, replacing
		{"\rX\n", 1, 2, ""},     // deleting what stood between
		{"A\r\nB", 2, 2, "x"},   // typing inside a "\r\n"
		{"A\r\nB", 1, 2, "y"},   // replacing its "\r"
		{"A\r\nB", 2, 3, "\r"},  // replacing its "\n"
		{"\nA", 0, 0, "\r"},     // at the start
		{"A\r", 2, 2, "\n"},     // at the end
		{"A\r", 1, 2, ""},       // deleting a final "\r"
		{"", 0, 0, "\r\n\r"},    // into an empty text
		{"a\nb\nc", 0, 5, "é"},  // everything
		{"ab\ncd", 1, 1, "\r"},  // a new line in the middle
		{"ab\r\ncd", 2, 4, "z"}, // a line break removed
	} {
		checkEdit(t, c.old, c.start, c.end, c.ins)
	}
}

// TestEditKeepingLinesSharesTheIndex: retyping a character shares the
// line index (a keystroke on a 5,000-line module allocates no 20 KB
// copy); an edit that moves lines does not.
func TestEditKeepingLinesSharesTheIndex(t *testing.T) {
	old := NewMapper([]byte(strings.Repeat("NAME = 'value'\n", 5000)))
	at := 2500*15 + 9
	next := applyEdit(string(old.Text()), at, at+1, "V")
	m := old.Edit(at, at+1, next)
	if !m.SharesLines(old) {
		t.Fatal("retyping a character copied the line index")
	}
	if allocs := testing.AllocsPerRun(100, func() { old.Edit(at, at+1, next) }); allocs > 1 {
		t.Errorf("retyping a character: %v allocations, want at most 1 (the Mapper)", allocs)
	}
	for _, ins := range []string{"VV", "\n", "\r"} {
		if m := old.Edit(at, at+1, applyEdit(string(old.Text()), at, at+1, ins)); m.SharesLines(old) {
			t.Errorf("replacing a character by %q shares the old line index", ins)
		}
	}
}

// FuzzMapperEdit holds Edit to NewMapper for fuzzed texts and edits.
func FuzzMapperEdit(f *testing.F) {
	f.Add("a\r\nb\rc", 2, 1, "\n")
	f.Add("x\ry", 2, 0, "\n")
	f.Add("😀\r", 1, 3, "é")
	f.Fuzz(func(t *testing.T, old string, start, removed int, ins string) {
		if len(old) > 200 || len(ins) > 50 {
			return
		}
		start = min(max(start, 0), len(old))
		end := start + min(max(removed, 0), len(old)-start)
		checkEdit(t, old, start, end, ins)
	})
}
