package treesitter

import (
	"testing"
	"unicode/utf8"
)

// refPosition is the obviously-correct slow reference: walk the text from
// the start, character by character.
func refPosition(text []byte, offset int, enc Encoding) (line, col int) {
	for i := 0; i < len(text) && i < offset; {
		c := text[i]
		if c == '\n' || c == '\r' {
			size := 1
			if c == '\r' && i+1 < len(text) && text[i+1] == '\n' {
				size = 2
			}
			if i+size > offset {
				return line, col // inside a CRLF: stay before it
			}
			line, col, i = line+1, 0, i+size
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if i+size > offset {
			break
		}
		col += units(r, size, enc)
		i += size
	}
	return line, col
}

func checkMapper(t *testing.T, text []byte) {
	m := NewMapper(text)
	for _, enc := range []Encoding{UTF8, UTF16, UTF32} {
		for off := 0; off <= len(text); off++ {
			l, c := m.Position(off, enc)
			rl, rc := refPosition(text, off, enc)
			if l != rl || c != rc {
				t.Fatalf("%q enc %d offset %d: got %d:%d, reference %d:%d", text, enc, off, l, c, rl, rc)
			}
			back := m.Offset(l, c, enc)
			if bl, bc := m.Position(back, enc); bl != l || bc != c || back > off {
				t.Fatalf("%q enc %d offset %d -> %d:%d -> %d (%d:%d)", text, enc, off, l, c, back, bl, bc)
			}
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
		{2, 7, UTF16, 35}, // after 😀 (2 UTF-16 units, 4 bytes)
		{2, 6, UTF16, 31}, // inside the surrogate pair: the character's start
		{2, 6, UTF32, 35}, // after 😀: one code point
		{0, 99, UTF16, 8}, // past the end of the line: before \r\n
		{9, 0, UTF16, len(text)},
	}
	for _, c := range cases {
		if got := m.Offset(c.line, c.col, c.enc); got != c.want {
			t.Errorf("Offset(%d, %d, %d) = %d, want %d", c.line, c.col, c.enc, got, c.want)
		}
	}
	if m.LineCount() != 4 {
		t.Errorf("LineCount = %d, want 4", m.LineCount())
	}
	checkMapper(t, text)
}

func FuzzMapper(f *testing.F) {
	for _, s := range []string{"", "a\nb", "a\r\nb\rc", "é日本語😀", "\xff\xfe\x00x", "\r\r\n\n", "x = 1\r\n\ty = 'ü'\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		if len(text) > 512 {
			text = text[:512]
		}
		checkMapper(t, text)
	})
}
