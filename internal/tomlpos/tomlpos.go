// Package tomlpos finds where keys and values sit in TOML text; the TOML
// decoder gives values but no positions, which error messages and findings need.
package tomlpos

import "bytes"

// The TOML decoder gives values but no positions, so this small scanner finds
// where each key and table header sits. It understands exactly enough TOML
// (strings of all four kinds, comments, nested arrays and inline tables) to
// not be fooled by a '[' or '=' inside a value. It never fails: text it does
// not understand is skipped to the end of the line.

// Entry is one `key = value` or `[table]` header.
type Entry struct {
	Path     []string // table path plus dotted key
	Header   bool     // a [table] or [[array]] header
	Line     int      // 1-based line of the key or header
	KeyStart int      // byte offset where the key (or '[') starts
	// Start, End: the value's bytes; for a header, its whole section up to
	// the next header.
	Start, End int
}

// Scan lists every key and table header of a TOML text, in order.
func Scan(s []byte) []Entry {
	var out []Entry
	var table []string
	lastHeader := -1
	line := 1
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '\n':
			line++
			i++
		case ' ', '\t', '\r':
			i++
		case '#':
			i = skipToEOL(s, i)
		case '[':
			j := i + 1
			if j < len(s) && s[j] == '[' {
				j++
			}
			path, j := scanTOMLKey(s, j)
			if lastHeader >= 0 {
				out[lastHeader].End = i
			}
			table = path
			lastHeader = len(out)
			out = append(out, Entry{Path: path, Header: true, Line: line, KeyStart: i, Start: i, End: len(s)})
			i = skipToEOL(s, j)
		default:
			path, j := scanTOMLKey(s, i)
			if len(path) == 0 || j >= len(s) || s[j] != '=' {
				i = skipToEOL(s, i)
				continue
			}
			start := skipBlanks(s, j+1)
			end, next, newlines := scanTOMLValue(s, start)
			full := append(append([]string{}, table...), path...)
			out = append(out, Entry{Path: full, Line: line, KeyStart: i, Start: start, End: end})
			line += newlines
			i = next
		}
	}
	return out
}

func skipToEOL(s []byte, i int) int {
	if n := bytes.IndexByte(s[i:], '\n'); n >= 0 {
		return i + n
	}
	return len(s)
}

func skipBlanks(s []byte, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// scanTOMLKey reads a dotted key (bare or quoted parts) from s[i:], and
// returns it with the index of the first byte after it and its blanks.
func scanTOMLKey(s []byte, i int) ([]string, int) {
	var path []string
	for {
		i = skipBlanks(s, i)
		if i >= len(s) {
			return path, i
		}
		switch s[i] {
		case '"', '\'':
			q := s[i]
			j := i + 1
			var part []byte
			for j < len(s) && s[j] != q && s[j] != '\n' {
				if q == '"' && s[j] == '\\' && j+1 < len(s) {
					j++
				}
				part = append(part, s[j])
				j++
			}
			path = append(path, string(part))
			i = j + 1
		default:
			j := i
			for j < len(s) && isBareKeyByte(s[j]) {
				j++
			}
			if j == i {
				return path, i
			}
			path = append(path, string(s[i:j]))
			i = j
		}
		i = skipBlanks(s, i)
		if i >= len(s) || s[i] != '.' {
			return path, i
		}
		i++
	}
}

func isBareKeyByte(c byte) bool {
	return c == '_' || c == '-' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// scanTOMLValue skips one value starting at s[i]. It returns where the value
// text ends (before trailing blanks and comments), where scanning goes on
// (the end of its line), and how many newlines the value spans.
func scanTOMLValue(s []byte, i int) (end, next, newlines int) {
	depth := 0
	end = i
	for i < len(s) {
		c := s[i]
		switch {
		case c == '\n':
			if depth == 0 {
				return end, i, newlines
			}
			newlines++
			i++
		case c == '#':
			i = skipToEOL(s, i)
		case c == '"' || c == '\'':
			j, n := skipTOMLString(s, i)
			newlines += n
			i, end = j, j
		case c == '[' || c == '{':
			depth++
			i++
			end = i
		case c == ']' || c == '}':
			depth--
			i++
			end = i
		case c == ' ' || c == '\t' || c == '\r':
			i++
		default:
			i++
			end = i
		}
	}
	return end, len(s), newlines
}

// skipTOMLString returns the index after the string starting at s[i] and the
// number of newlines inside it.
func skipTOMLString(s []byte, i int) (int, int) {
	q := s[i]
	if i+2 < len(s) && s[i+1] == q && s[i+2] == q {
		j := i + 3
		newlines := 0
		for j < len(s) {
			switch {
			case q == '"' && s[j] == '\\':
				j++
				if j < len(s) && s[j] == '\n' {
					newlines++
				}
			case s[j] == '\n':
				newlines++
			case s[j] == q && j+2 < len(s) && s[j+1] == q && s[j+2] == q:
				j += 3
				// Up to two more quotes may close the string ("""a"""").
				for k := 0; k < 2 && j < len(s) && s[j] == q; k++ {
					j++
				}
				return j, newlines
			}
			j++
		}
		return len(s), newlines
	}
	j := i + 1
	for j < len(s) && s[j] != q && s[j] != '\n' {
		if q == '"' && s[j] == '\\' {
			j++
		}
		j++
	}
	if j < len(s) && s[j] == q {
		j++
	}
	return j, 0
}

// Find returns the entry whose path is path or, failing that, its
// nearest ancestor (a value that holds path inside an inline table, or a
// header whose section holds it).
func Find(entries []Entry, path []string) (Entry, bool) {
	for n := len(path); n > 0; n-- {
		for _, e := range entries {
			if EqualPath(e.Path, path[:n]) {
				return e, true
			}
		}
	}
	return Entry{}, false
}

// EqualPath reports whether two key paths are the same.
func EqualPath(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// FindQuoted finds the string literal whose contents are val in s[from:to],
// returning the contents' byte range.
func FindQuoted(s []byte, from, to int, val string) (start, end int, ok bool) {
	if from < 0 || to > len(s) || from > to {
		return 0, 0, false
	}
	best := -1
	for _, q := range []string{`"`, `'`} {
		if n := bytes.Index(s[from:to], []byte(q+val+q)); n >= 0 && (best < 0 || n < best) {
			best = n
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	start = from + best + 1
	return start, start + len(val), true
}

// LineAt returns the 1-based line of byte offset off.
func LineAt(s []byte, off int) int {
	if off > len(s) {
		off = len(s)
	}
	return bytes.Count(s[:off], []byte("\n")) + 1
}
