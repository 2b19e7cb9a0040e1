package lsp

// TEMPORARY: a stand-in for treesitter.Mapper until that package ships it.
// Delete this file and point newMapper at treesitter once it lands; nothing
// else in the package does position arithmetic.

import (
	"sort"
	"unicode/utf8"
)

type posEncoding int

const (
	encUTF16 posEncoding = iota
	encUTF8
	encUTF32
)

type mapper struct {
	text  []byte
	lines []int // byte offset of each line start; \n, \r\n and \r end lines
}

func newMapper(text []byte) *mapper {
	m := &mapper{text: text, lines: []int{0}}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			m.lines = append(m.lines, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			m.lines = append(m.lines, i+1)
		}
	}
	return m
}

// lineEnd is the offset of the line terminator of line l (or EOF).
func (m *mapper) lineEnd(l int) int {
	end := len(m.text)
	if l+1 < len(m.lines) {
		end = m.lines[l+1]
		if end > 0 && m.text[end-1] == '\n' {
			end--
		}
		if end > m.lines[l] && m.text[end-1] == '\r' {
			end--
		}
	}
	return end
}

// Position converts a byte offset to (line, column) in enc units.
func (m *mapper) Position(offset int, enc posEncoding) (line, col int) {
	offset = min(max(offset, 0), len(m.text))
	line = sort.Search(len(m.lines), func(i int) bool { return m.lines[i] > offset }) - 1
	start := m.lines[line]
	end := min(offset, m.lineEnd(line))
	for i := start; i < end; {
		r, n := utf8.DecodeRune(m.text[i:end])
		col += units(r, n, enc)
		i += n
	}
	return line, col
}

// Offset converts (line, column in enc units) to a byte offset, clamping
// past-the-end columns to the line end and past-the-end lines to EOF.
func (m *mapper) Offset(line, col int, enc posEncoding) int {
	if line < 0 {
		return 0
	}
	if line >= len(m.lines) {
		return len(m.text)
	}
	i, end := m.lines[line], m.lineEnd(line)
	for c := 0; i < end && c < col; {
		r, n := utf8.DecodeRune(m.text[i:end])
		c += units(r, n, enc)
		i += n
	}
	return i
}

func units(r rune, n int, enc posEncoding) int {
	switch enc {
	case encUTF8:
		return n
	case encUTF32:
		return 1
	}
	if r >= 0x10000 {
		return 2
	}
	return 1
}
