// Package wildmatch is git's glob dialect, the one djls uses for every
// glob: .gitignore patterns and the configuration's settings, production
// and development globs.
package wildmatch

import (
	"errors"
	"fmt"
	"strings"
)

// Match follows git's wildmatch.c with WM_PATHNAME: `*`, `?` and bracket
// expressions never match '/', and `**` matches across directories only as
// a whole path component ("**/x", "x/**", "x/**/y"). Bracket expressions
// take `!` or `^` for negation, ranges and [:class:]es; a backslash quotes
// the next character. A malformed pattern (see Valid) matches nothing.
func Match(pattern, text string) bool {
	return doWild(pattern, text) == wmMatch
}

// Valid reports why a pattern is malformed: a bracket expression that is
// not closed or names an unknown class, or a trailing backslash.
func Valid(pattern string) error {
	for i := 0; i < len(pattern); i++ {
		switch pattern[i] {
		case '\\':
			if i++; i == len(pattern) {
				return errors.New("trailing backslash")
			}
		case '[':
			end, ok, _ := matchBracket(pattern, i, 0)
			if !ok {
				return fmt.Errorf("bad bracket expression at %d", i+1)
			}
			i = end
		}
	}
	return nil
}

const (
	wmMatch = iota
	wmNoMatch
	wmAbortAll
	wmAbortToStarStar
)

func doWild(p, t string) int {
	pi, ti := 0, 0
	for ; pi < len(p); pi++ {
		pc := p[pi]
		if ti >= len(t) && pc != '*' {
			return wmAbortAll
		}
		switch pc {
		case '\\':
			// A backslash quotes the next character.
			pi++
			if pi >= len(p) || t[ti] != p[pi] {
				return wmNoMatch
			}
			ti++
		case '?':
			if t[ti] == '/' {
				return wmNoMatch
			}
			ti++
		case '*':
			matchSlash := false
			pi++
			if pi < len(p) && p[pi] == '*' {
				prevSlash := pi-2 < 0 || p[pi-2] == '/'
				for pi < len(p) && p[pi] == '*' {
					pi++
				}
				if prevSlash && (pi == len(p) || p[pi] == '/' || (p[pi] == '\\' && pi+1 < len(p) && p[pi+1] == '/')) {
					// "**/" may match no directory at all: try that first.
					if pi < len(p) && p[pi] == '/' && doWild(p[pi+1:], t[ti:]) == wmMatch {
						return wmMatch
					}
					matchSlash = true
				}
			}
			if pi == len(p) {
				// A trailing "*" matches only within the last component.
				if !matchSlash && strings.IndexByte(t[ti:], '/') >= 0 {
					return wmNoMatch
				}
				return wmMatch
			}
			if !matchSlash && p[pi] == '/' {
				// "*/" eats the rest of one component.
				slash := strings.IndexByte(t[ti:], '/')
				if slash < 0 {
					return wmNoMatch
				}
				ti += slash + 1
				continue
			}
			for ; ti < len(t); ti++ {
				r := doWild(p[pi:], t[ti:])
				if r != wmNoMatch {
					if !matchSlash || r != wmAbortToStarStar {
						return r
					}
				} else if !matchSlash && t[ti] == '/' {
					return wmAbortToStarStar
				}
			}
			return wmAbortAll
		case '[':
			next, ok, matched := matchBracket(p, pi, t[ti])
			if !ok {
				return wmAbortAll
			}
			if !matched || t[ti] == '/' {
				return wmNoMatch
			}
			pi = next
			ti++
		default:
			if t[ti] != pc {
				return wmNoMatch
			}
			ti++
		}
	}
	if ti < len(t) {
		return wmNoMatch
	}
	return wmMatch
}

// matchBracket reads the bracket expression starting at p[start] ('[') and
// tests c against it. It returns the index of the closing ']', whether the
// expression was well formed, and whether c matched.
func matchBracket(p string, start int, c byte) (end int, ok, matched bool) {
	i := start + 1
	negated := false
	if i < len(p) && (p[i] == '!' || p[i] == '^') {
		negated = true
		i++
	}
	first := true
	var prev int = -1 // previous literal, for ranges
	for ; i < len(p); i++ {
		pc := p[i]
		if pc == ']' && !first {
			return i, true, matched != negated
		}
		first = false
		switch {
		case pc == '\\':
			i++
			if i >= len(p) {
				return 0, false, false
			}
			pc = p[i]
			if pc == c {
				matched = true
			}
			prev = int(pc)
		case pc == '-' && prev >= 0 && i+1 < len(p) && p[i+1] != ']':
			i++
			hi := p[i]
			if hi == '\\' {
				i++
				if i >= len(p) {
					return 0, false, false
				}
				hi = p[i]
			}
			if byte(prev) <= c && c <= hi {
				matched = true
			}
			prev = -1
		case pc == '[' && i+1 < len(p) && p[i+1] == ':':
			// Like git: the class ends at the next ']', which must follow ':'.
			closeAt := strings.IndexByte(p[i+2:], ']')
			if closeAt < 0 {
				return 0, false, false
			}
			if closeAt == 0 || p[i+2+closeAt-1] != ':' {
				if c == '[' {
					matched = true
				}
				prev = int(pc)
				continue
			}
			known, in := inCharClass(p[i+2:i+2+closeAt-1], c)
			if !known {
				return 0, false, false
			}
			if in {
				matched = true
			}
			i += 2 + closeAt
			prev = -1
		default:
			if pc == c {
				matched = true
			}
			prev = int(pc)
		}
	}
	return 0, false, false
}

func inCharClass(class string, c byte) (known, in bool) {
	isUpper := 'A' <= c && c <= 'Z'
	isLower := 'a' <= c && c <= 'z'
	isDigit := '0' <= c && c <= '9'
	switch class {
	case "alnum":
		return true, isUpper || isLower || isDigit
	case "alpha":
		return true, isUpper || isLower
	case "blank":
		return true, c == ' ' || c == '\t'
	case "cntrl":
		return true, c < 32 || c == 127
	case "digit":
		return true, isDigit
	case "graph":
		return true, c > 32 && c < 127
	case "lower":
		return true, isLower
	case "print":
		return true, c >= 32 && c < 127
	case "punct":
		return true, c > 32 && c < 127 && !isUpper && !isLower && !isDigit
	case "space":
		return true, c == ' ' || (c >= '\t' && c <= '\r')
	case "upper":
		return true, isUpper
	case "xdigit":
		return true, isDigit || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
	}
	return false, false
}
