package textpos

import "sort"

// Edit returns the Mapper of next: m's text with [start, end) replaced by
// next[start:end+len(next)-len(m.Text())]. It reads only the edited bytes
// (and the one on either side), not the whole text. When the edit keeps
// the length and the line breaks (retyping a character) the new Mapper
// shares m's line index outright; otherwise it copies the index, the lines
// after the edit moved. The Mapper keeps next: do not modify it. A range
// that does not fit the two texts gives NewMapper(next).
func (m *Mapper) Edit(start, end int, next []byte) *Mapper {
	delta := len(next) - len(m.text)
	newEnd := end + delta
	if start < 0 || end < start || end > len(m.text) || newEnd < start {
		return NewMapper(next)
	}
	// A line start p depends on the bytes at p-1 and p only: those before
	// the edit stay (p < start; offset 0 always starts a line), those
	// after it move by delta (p > end), and the ones between are read
	// again from next.
	ls := m.lineStarts
	from := max(start, 1)
	before := sort.Search(len(ls), func(i int) bool { return int(ls[i]) >= from })
	after := sort.Search(len(ls), func(i int) bool { return int(ls[i]) > end })
	if delta == 0 && sameLineStarts(ls[before:after], next, from, newEnd) {
		return &Mapper{text: next, lineStarts: ls}
	}
	starts := make([]uint32, before, before+len(ls)-after+(newEnd-from)/32+1)
	copy(starts, ls[:before])
	for p := from; p <= newEnd; p++ {
		if startsLine(next, p) {
			starts = append(starts, uint32(p))
		}
	}
	for _, s := range ls[after:] {
		starts = append(starts, uint32(int(s)+delta))
	}
	return &Mapper{text: next, lineStarts: starts}
}

// startsLine reports whether a line starts at offset p (0 < p ≤ len(text)):
// just after "\n", or after a "\r" that no "\n" follows.
func startsLine(text []byte, p int) bool {
	c := text[p-1]
	return c == '\n' || c == '\r' && (p == len(text) || text[p] != '\n')
}

// sameLineStarts reports whether the lines starting in [from, to] of text
// are exactly want.
func sameLineStarts(want []uint32, text []byte, from, to int) bool {
	j := 0
	for p := from; p <= to; p++ {
		if startsLine(text, p) {
			if j == len(want) || int(want[j]) != p {
				return false
			}
			j++
		}
	}
	return j == len(want)
}

// SharesLines reports whether m and o share one line index (o was derived
// from m by an edit that moved no line, or the other way round). For tests.
func (m *Mapper) SharesLines(o *Mapper) bool {
	return len(m.lineStarts) > 0 && len(o.lineStarts) > 0 && &m.lineStarts[0] == &o.lineStarts[0]
}
