package lsp

// Slow, obviously-correct position arithmetic for tests, independent of the
// mapper under test: walk the text rune by rune.

import (
	"sort"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// refPosition converts a byte offset to an LSP position in enc units.
func refPosition(text string, offset int, enc posEncoding) protocol.Position {
	var line, col uint32
	for i := 0; i < offset; {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\r' && i+1 < len(text) && text[i+1] == '\n':
			if i+1 == offset {
				return protocol.Position{Line: line, Character: col}
			}
			line, col = line+1, 0
			i += 2
			continue
		case r == '\n' || r == '\r':
			line, col = line+1, 0
		default:
			col += uint32(refUnits(r, n, enc))
		}
		i += n
	}
	return protocol.Position{Line: line, Character: col}
}

// refOffset converts an LSP position back to a byte offset.
func refOffset(text string, pos protocol.Position, enc posEncoding) int {
	for i := 0; i <= len(text); {
		if p := refPosition(text, i, enc); p == pos {
			return i
		}
		if i == len(text) {
			break
		}
		_, n := utf8.DecodeRuneInString(text[i:])
		i += n
	}
	return -1
}

// applyEdits applies simultaneous LSP edits (ranges refer to the original).
func applyEdits(text string, edits []protocol.TextEdit, enc posEncoding) string {
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{refOffset(text, e.Range.Start, enc), refOffset(text, e.Range.End, enc), e.NewText})
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].start > spans[j].start })
	for _, s := range spans {
		text = text[:s.start] + s.text + text[s.end:]
	}
	return text
}

// refUnits is the length of one rune in enc's code units.
func refUnits(r rune, n int, enc posEncoding) int {
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
