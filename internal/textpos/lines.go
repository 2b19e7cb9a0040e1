package textpos

// Line helpers for code that edits or reads one line around an offset
// without indexing the whole text. Their lines are the Mapper's: "\n",
// "\r\n" and a lone "\r" end a line, and an offset on (or inside) a line's
// terminator belongs to that line. Offsets are clamped to the text.

// isBreak reports whether c is part of a line terminator.
func isBreak(c byte) bool { return c == '\n' || c == '\r' }

// LineStart returns the offset where the line holding off starts.
func LineStart(text []byte, off int) int {
	off = min(max(off, 0), len(text))
	if off > 0 && off < len(text) && text[off-1] == '\r' && text[off] == '\n' {
		off-- // inside "\r\n": the line it ends
	}
	for off > 0 && !isBreak(text[off-1]) {
		off--
	}
	return off
}

// LineEnd returns the offset of the terminator of the line holding off, or
// len(text) on an unterminated last line.
func LineEnd(text []byte, off int) int {
	off = min(max(off, 0), len(text))
	if off > 0 && off < len(text) && text[off-1] == '\r' && text[off] == '\n' {
		return off - 1
	}
	for off < len(text) && !isBreak(text[off]) {
		off++
	}
	return off
}

// NextLine returns the offset just past the terminator of the line holding
// off: where the next line starts, or len(text).
func NextLine(text []byte, off int) int {
	off = LineEnd(text, off)
	switch {
	case off == len(text):
	case text[off] == '\r' && off+1 < len(text) && text[off+1] == '\n':
		off += 2
	default:
		off++
	}
	return off
}

// Line returns the line holding off, without its terminator.
func Line(text []byte, off int) []byte {
	return text[LineStart(text, off):LineEnd(text, off)]
}

// EndsInLine reports whether text ends inside a line: it is not empty and
// its last byte is not a line terminator, so appending a line must first
// end that one.
func EndsInLine(text []byte) bool {
	return LineStart(text, len(text)) < len(text)
}
