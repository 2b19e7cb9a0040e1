package engine

// Suppression comments, read by postProcess and written by the suppress fix
// through this one parser.

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
)

var (
	// noqaRe is a `# noqa: CODE, CODE` comment; group 1 is its code list.
	noqaRe   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`#\s*noqa\s*:([A-Za-z0-9_,\s]*)`) })
	ignoreRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`#\s*djls\s*:\s*ignore(?:\[([^\]]*)\])?`) })
)

// noqaList reads the first `# noqa:` comment of line (only the first
// counts): its codes, and the offset in line where one more code goes,
// just after the last code (or after the colon when the list is empty).
func noqaList(line string) (codes []string, insertAt int, ok bool) {
	if !strings.Contains(line, "noqa") {
		return nil, 0, false // most lines: the regexp is compiled and run only for the few that may match
	}
	m := noqaRe().FindStringSubmatchIndex(line)
	if m == nil {
		return nil, 0, false
	}
	list := line[m[2]:m[3]]
	codes = strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\f' })
	return codes, m[2] + len(strings.TrimRight(list, ", \t\f")), true
}

// ignoreList reads the first `# djls: ignore[...]` comment of line: its
// codes, and the offset in line where one more code goes (before the
// closing bracket). A bare `# djls: ignore` has no list.
func ignoreList(line string) (codes []string, insertAt int, ok bool) {
	if !strings.Contains(line, "djls") {
		return nil, 0, false
	}
	m := ignoreRe().FindStringSubmatchIndex(line)
	if m == nil || m[2] < 0 {
		return nil, 0, false
	}
	list := line[m[2]:m[3]]
	codes = strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' })
	return codes, m[2] + len(strings.TrimRight(list, ", ")), true
}

// lineSuppresses is suppressedOnLine of a line of the text, which it
// copies into a string only when it holds a comment that may suppress:
// a keystroke asks for every finding of every judged file.
func lineSuppresses(line []byte, code string) bool {
	if !bytes.Contains(line, []byte("djls")) && !bytes.Contains(line, []byte("noqa")) {
		return false
	}
	return suppressedOnLine(string(line), code)
}

// suppressedOnLine reports whether a line's comment silences code.
func suppressedOnLine(line, code string) bool {
	if strings.Contains(line, "djls") {
		if m := ignoreRe().FindStringSubmatch(line); m != nil {
			if m[1] == "" && !strings.Contains(m[0], "[") {
				return true
			}
			for _, c := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ' ' }) {
				if strings.EqualFold(c, code) {
					return true
				}
			}
		}
	}
	codes, _, _ := noqaList(line)
	for _, c := range codes {
		if strings.EqualFold(c, code) {
			return true
		}
	}
	return false
}
