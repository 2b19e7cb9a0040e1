package textpos

import (
	"bytes"
	"testing"
)

// checkLineHelpers holds the line helpers to the Mapper's lines at every
// offset (FuzzMapper runs it too).
func checkLineHelpers(t *testing.T, m *Mapper, text []byte) {
	t.Helper()
	for off := -1; off <= len(text)+1; off++ {
		l, _ := m.Position(off, UTF8)
		start, end, next := m.LineStart(l), m.lineEnd(l), m.LineStart(l+1)
		if got := LineStart(text, off); got != start {
			t.Fatalf("%q: LineStart(%d) = %d, want %d", text, off, got, start)
		}
		if got := LineEnd(text, off); got != end {
			t.Fatalf("%q: LineEnd(%d) = %d, want %d", text, off, got, end)
		}
		if got := NextLine(text, off); got != next {
			t.Fatalf("%q: NextLine(%d) = %d, want %d", text, off, got, next)
		}
		if got := Line(text, off); !bytes.Equal(got, text[start:end]) {
			t.Fatalf("%q: Line(%d) = %q, want %q", text, off, got, text[start:end])
		}
	}
	if got, want := EndsInLine(text), m.LineStart(m.LineCount()-1) < len(text); got != want {
		t.Fatalf("%q: EndsInLine = %v, want %v", text, got, want)
	}
}

func TestLineHelpers(t *testing.T) {
	text := []byte("ab\r\ncd\ref\n\ngh")
	cases := []struct {
		off, start, end, next int
		line                  string
	}{
		{0, 0, 2, 4, "ab"},
		{2, 0, 2, 4, "ab"}, // on "\r"
		// Between "\r" and "\n": the line "\r\n" ends, as the Mapper has it.
		// The scanners this replaced read an empty line there.
		{3, 0, 2, 4, "ab"},
		{4, 4, 6, 7, "cd"},
		{6, 4, 6, 7, "cd"}, // on a lone "\r"
		{7, 7, 9, 10, "ef"},
		{10, 10, 10, 11, ""}, // the blank line
		{12, 11, 13, 13, "gh"},
		{13, 11, 13, 13, "gh"}, // the end of an unterminated last line
		{99, 11, 13, 13, "gh"}, // clamped
		{-5, 0, 2, 4, "ab"},
	}
	for _, c := range cases {
		if s, e, n, l := LineStart(text, c.off), LineEnd(text, c.off), NextLine(text, c.off), string(Line(text, c.off)); s != c.start || e != c.end || n != c.next || l != c.line {
			t.Errorf("offset %d: start %d end %d next %d line %q; want %d %d %d %q", c.off, s, e, n, l, c.start, c.end, c.next, c.line)
		}
	}
	for _, c := range []struct {
		text string
		want bool
	}{{"", false}, {"a", true}, {"a\n", false}, {"a\r", false}, {"a\r\n", false}, {"a\nb", true}} {
		if got := EndsInLine([]byte(c.text)); got != c.want {
			t.Errorf("EndsInLine(%q) = %v, want %v", c.text, got, c.want)
		}
	}
	checkLineHelpers(t, NewMapper(text), text)
}
