package textpos

import (
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// refChar is one character of the reference model: a line break ("\r\n"
// is one) or a code point, an invalid byte being one U+FFFD.
type refChar struct {
	start, size int
	r           rune
	lineBreak   bool
}

// refChars splits text the slow, obvious way, independently of Mapper.
func refChars(text []byte) []refChar {
	s := string(text)
	var starts []int
	var runes []rune
	for i, r := range s { // Go's range decodes an invalid byte as one U+FFFD
		starts, runes = append(starts, i), append(runes, r)
	}
	starts = append(starts, len(s))
	var out []refChar
	for k := 0; k < len(runes); k++ {
		c := refChar{start: starts[k], size: starts[k+1] - starts[k], r: runes[k]}
		switch {
		case runes[k] == '\r' && k+1 < len(runes) && runes[k+1] == '\n':
			c.size, c.lineBreak = 2, true
			k++
		case runes[k] == '\r' || runes[k] == '\n':
			c.lineBreak = true
		}
		out = append(out, c)
	}
	return out
}

func (c refChar) units(enc Encoding) int {
	switch enc {
	case UTF8:
		return c.size
	case UTF32:
		return 1
	}
	if c.r == utf8.RuneError {
		return 1 // an invalid byte (or a real U+FFFD): one unit either way
	}
	return len(utf16.Encode([]rune{c.r}))
}

// refPosition walks from the start: an offset inside a character or a line
// break is the position of its start.
func refPosition(chars []refChar, offset int, enc Encoding) (line, col int) {
	for _, c := range chars {
		if c.start+c.size > offset {
			break
		}
		if c.lineBreak {
			line, col = line+1, 0
		} else {
			col += c.units(enc)
		}
	}
	return line, col
}

// refOffset finds line, then walks its characters until col is reached or
// passed in the middle of one.
func refOffset(chars []refChar, textLen, line, col int, enc Encoding) int {
	if line < 0 {
		return 0
	}
	l, c := 0, 0
	for _, ch := range chars {
		if l == line {
			if ch.lineBreak || c+ch.units(enc) > col {
				return ch.start
			}
			c += ch.units(enc)
		}
		if ch.lineBreak {
			l++
		}
	}
	return textLen // past the last line, or the end of the last line
}

// refPoint is tree-sitter's row and byte column: rows end after each break.
func refPoint(chars []refChar, offset int) (row, col int) {
	lineStart := 0
	for _, c := range chars {
		if c.lineBreak && c.start+c.size <= offset {
			row, lineStart = row+1, c.start+c.size
		}
	}
	return row, offset - lineStart
}

func checkMapper(t *testing.T, text []byte) {
	t.Helper()
	m := NewMapper(text)
	chars := refChars(text)
	lines := 1
	for _, c := range chars {
		if c.lineBreak {
			if m.LineStart(lines) != c.start+c.size {
				t.Fatalf("%q: LineStart(%d) = %d, want %d", text, lines, m.LineStart(lines), c.start+c.size)
			}
			lines++
		}
	}
	if m.LineCount() != lines || m.LineStart(lines) != len(text) || m.LineStart(-1) != 0 {
		t.Fatalf("%q: LineCount %d, want %d", text, m.LineCount(), lines)
	}
	boundary := map[int]bool{len(text): true}
	maxCol := 0
	for _, c := range chars {
		boundary[c.start] = true
		maxCol = max(maxCol, c.start+c.size)
	}
	for _, enc := range []Encoding{UTF8, UTF16, UTF32} {
		for off := -1; off <= len(text)+1; off++ {
			l, c := m.Position(off, enc)
			rl, rc := refPosition(chars, off, enc)
			if l != rl || c != rc {
				t.Fatalf("%q enc %d: Position(%d) = %d:%d, want %d:%d", text, enc, off, l, c, rl, rc)
			}
			back := m.Offset(l, c, enc)
			if off >= 0 && off <= len(text) && boundary[off] && back != off {
				t.Fatalf("%q enc %d: offset %d -> %d:%d -> %d", text, enc, off, l, c, back)
			}
			if bl, bc := m.Position(back, enc); bl != l || bc != c {
				t.Fatalf("%q enc %d: offset %d -> %d:%d -> %d -> %d:%d", text, enc, off, l, c, back, bl, bc)
			}
		}
		for line := -1; line <= lines+1; line++ {
			for col := -1; col <= maxCol+2; col++ {
				if got, want := m.Offset(line, col, enc), refOffset(chars, len(text), line, col, enc); got != want {
					t.Fatalf("%q enc %d: Offset(%d, %d) = %d, want %d", text, enc, line, col, got, want)
				}
			}
		}
	}
	checkLineHelpers(t, m, text)
	for off := 0; off <= len(text); off++ {
		r, c := m.Point(off)
		if rr, rc := refPoint(chars, off); r != rr || c != rc {
			t.Fatalf("%q: Point(%d) = %d:%d, want %d:%d", text, off, r, c, rr, rc)
		}
	}
}

func TestMapperExamples(t *testing.T) {
	text := []byte("a = 'é'\r\nb = '日本語'\rc = '😀x'\n")
	m := NewMapper(text)
	cases := []struct {
		line, col int
		enc       Encoding
		want      int
	}{
		{0, 6, UTF16, 7}, // after é (2 bytes)
		{1, 6, UTF16, 18},
		{1, 6, UTF32, 18},
		{1, 6, UTF8, 15},
		{1, 7, UTF8, 15},  // inside 本: its start
		{2, 7, UTF16, 35}, // after 😀 (2 UTF-16 units, 4 bytes)
		{2, 6, UTF16, 31}, // inside the surrogate pair: the character's start
		{2, 6, UTF32, 35}, // after 😀: one code point
		{0, 99, UTF16, 8}, // past the end of the line: before \r\n
		{2, 99, UTF8, 37}, // before \n
		{3, 0, UTF16, 38}, // the empty last line
		{9, 0, UTF16, len(text)},
		{-1, 5, UTF16, 0},
	}
	for _, c := range cases {
		if got := m.Offset(c.line, c.col, c.enc); got != c.want {
			t.Errorf("Offset(%d, %d, %d) = %d, want %d", c.line, c.col, c.enc, got, c.want)
		}
	}
	positions := []struct {
		offset, line, col int
		enc               Encoding
	}{
		{8, 0, 7, UTF16},  // on \r: the line's end
		{9, 0, 7, UTF16},  // on the \n of \r\n: the line's end
		{10, 1, 0, UTF16}, // after \r\n
		{16, 1, 5, UTF16}, // inside 日: its start
		{26, 2, 0, UTF32}, // after the lone \r
		{35, 2, 7, UTF16},
		{35, 2, 6, UTF32},
		{35, 2, 9, UTF8},
	}
	for _, p := range positions {
		if l, c := m.Position(p.offset, p.enc); l != p.line || c != p.col {
			t.Errorf("Position(%d, %d) = %d:%d, want %d:%d", p.offset, p.enc, l, c, p.line, p.col)
		}
	}
	if m.LineCount() != 4 || m.LineStart(2) != 26 {
		t.Errorf("LineCount = %d, LineStart(2) = %d; want 4, 26", m.LineCount(), m.LineStart(2))
	}
	// Between \r and \n tree-sitter's point stays put; Position moves back.
	if r, c := m.Point(8); r != 0 || c != 8 {
		t.Errorf("Point(8) = %d:%d, want 0:8", r, c)
	}
	checkMapper(t, text)
}

func TestMapperInvalidUTF8(t *testing.T) {
	text := []byte("x\xff\xfe😀\xf0\x9f\x98") // two invalid bytes, an emoji, a truncated one
	m := NewMapper(text)
	// x, \xff, \xfe are one unit each; 😀 two UTF-16 units; then 3 invalid bytes.
	if _, c := m.Position(len(text), UTF16); c != 8 {
		t.Errorf("UTF-16 column at the end = %d, want 8", c)
	}
	if _, c := m.Position(len(text), UTF32); c != 7 {
		t.Errorf("UTF-32 column at the end = %d, want 7", c)
	}
	if got := m.Offset(0, 4, UTF16); got != 3 {
		t.Errorf("Offset inside the surrogate pair = %d, want 3", got)
	}
	checkMapper(t, text)
}

func FuzzMapper(f *testing.F) {
	for _, s := range []string{"", "a\nb", "a\r\nb\rc", "\r", "\n\r", "é日本語😀", "a😀b\r\n😀", "\xff\xfe\x00x",
		"\xed\xa0\x80", "\xf0\x9f\x98", "\r\r\n\n", "x = 1\r\n\ty = 'ü'\n", "\x00\x00\r\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		if len(text) > 300 {
			text = text[:300]
		}
		checkMapper(t, text)
	})
}
