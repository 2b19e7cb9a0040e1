// Package textpos converts between byte offsets and positions in a text:
// (line, column) in UTF-16 units, code points or bytes, tree-sitter's
// (row, byte column) points, and the line around an offset. It is pure Go
// (no cgo) so that the output packages need no C compiler. Every position
// conversion in djls goes through it: "\n", "\r\n" and a lone "\r" end
// lines everywhere.
package textpos

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// Encoding is the unit of a column: what LSP calls a position encoding.
type Encoding int

// UTF16 is the zero value because it is LSP's default.
const (
	UTF16 Encoding = iota // UTF-16 code units
	UTF8                  // bytes
	UTF32                 // code points (the CLI's columns)
)

// Mapper converts between byte offsets and (line, column) positions of one
// text. Lines end at "\n", "\r\n" or a lone "\r"; a position never falls
// inside a line terminator or a character. Each invalid UTF-8 byte counts
// as one code point and one UTF-16 unit (it decodes as U+FFFD).
type Mapper struct {
	text       []byte
	lineStarts []uint32 // byte offset where each line starts (a text is under 4 GiB)
}

// NewMapper indexes text's lines. The Mapper keeps text: do not modify it.
func NewMapper(text []byte) *Mapper {
	starts := make([]uint32, 1, 1+len(text)/32)
	if bytes.IndexByte(text, '\r') < 0 {
		// The common case, searched with the vectorised IndexByte.
		for i := 0; ; {
			j := bytes.IndexByte(text[i:], '\n')
			if j < 0 {
				break
			}
			i += j + 1
			starts = append(starts, uint32(i))
		}
		return &Mapper{text: text, lineStarts: starts}
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			starts = append(starts, uint32(i+1))
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			starts = append(starts, uint32(i+1))
		}
	}
	return &Mapper{text: text, lineStarts: starts}
}

// Text returns the text the Mapper indexes (do not modify it).
func (m *Mapper) Text() []byte { return m.text }

// LineCount returns the number of lines (an empty text has one).
func (m *Mapper) LineCount() int { return len(m.lineStarts) }

// LineStart returns the byte offset where line (0-based) starts, clamped.
func (m *Mapper) LineStart(line int) int {
	if line < 0 {
		return 0
	}
	if line >= len(m.lineStarts) {
		return len(m.text)
	}
	return int(m.lineStarts[line])
}

// lineEnd returns the offset of line's terminator (or the end of text).
func (m *Mapper) lineEnd(line int) int {
	end := len(m.text)
	if line+1 < len(m.lineStarts) {
		end = int(m.lineStarts[line+1])
	}
	for end > int(m.lineStarts[line]) && (m.text[end-1] == '\n' || m.text[end-1] == '\r') {
		end--
	}
	return end
}

// line returns the line that contains offset (already clamped).
func (m *Mapper) line(offset int) int {
	return sort.Search(len(m.lineStarts), func(i int) bool { return int(m.lineStarts[i]) > offset }) - 1
}

// Point returns tree-sitter's (row, byte column) of a byte offset, clamped
// to the text. Rows are the Mapper's lines (the parser sees a lone "\r" as
// "\n"); unlike Position, an offset between "\r" and "\n" stays there.
func (m *Mapper) Point(offset int) (row, byteCol int) {
	offset = min(max(offset, 0), len(m.text))
	row = m.line(offset)
	return row, offset - int(m.lineStarts[row])
}

// Position returns the 0-based line and column of a byte offset. An offset
// inside a character or a line terminator moves back to its start.
func (m *Mapper) Position(offset int, enc Encoding) (line, col int) {
	offset = min(max(offset, 0), len(m.text))
	line = m.line(offset)
	start := int(m.lineStarts[line])
	if end := m.lineEnd(line); offset > end {
		offset = end
	}
	if enc == UTF8 && utf8.Valid(m.text[start:offset]) && (offset == len(m.text) || utf8.RuneStart(m.text[offset])) {
		return line, offset - start // fast path: bytes, on a character boundary
	}
	for i := start; i < offset; {
		r, size := utf8.DecodeRune(m.text[i:])
		if i+size > offset {
			break // offset is inside this character
		}
		col += units(r, size, enc)
		i += size
	}
	return line, col
}

// Offset returns the byte offset of a 0-based (line, column). A column past
// the line's end clamps to the end (before the terminator); a line past the
// last gives len(text); a column inside a character (a surrogate pair's
// second half) gives that character's start.
func (m *Mapper) Offset(line, col int, enc Encoding) int {
	if line < 0 {
		return 0
	}
	if line >= len(m.lineStarts) {
		return len(m.text)
	}
	i, end := int(m.lineStarts[line]), m.lineEnd(line)
	for n := 0; i < end; {
		r, size := utf8.DecodeRune(m.text[i:])
		u := units(r, size, enc)
		if n+u > col {
			break
		}
		n += u
		i += size
	}
	return i
}

// units is how many column units a decoded character takes.
func units(r rune, size int, enc Encoding) int {
	switch enc {
	case UTF8:
		return size
	case UTF32:
		return 1
	}
	if r == utf8.RuneError && size == 1 {
		return 1
	}
	if r >= 0x10000 {
		return 2
	}
	return 1
}
