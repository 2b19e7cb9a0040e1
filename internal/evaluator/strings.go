package evaluator

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// decodeString decodes one Python string literal (any prefix, any quotes).
// ok is false for an f-string with placeholders, whose value is unknown.
func decodeString(lit string) (s string, isBytes, ok bool) {
	i := 0
	raw, fstr := false, false
	for i < len(lit) && strings.IndexByte("rRbBuUfF", lit[i]) >= 0 {
		switch lit[i] {
		case 'r', 'R':
			raw = true
		case 'b', 'B':
			isBytes = true
		case 'f', 'F':
			fstr = true
		}
		i++
	}
	body := lit[i:]
	var q string
	switch {
	case strings.HasPrefix(body, `"""`), strings.HasPrefix(body, `'''`):
		q = body[:3]
	case strings.HasPrefix(body, `"`), strings.HasPrefix(body, `'`):
		q = body[:1]
	default:
		return "", isBytes, false
	}
	if len(body) < 2*len(q) || !strings.HasSuffix(body, q) {
		// A string cut off while typing: take what is there.
		body = strings.TrimPrefix(body, q)
	} else {
		body = body[len(q) : len(body)-len(q)]
	}
	if fstr {
		if strings.Contains(strings.ReplaceAll(body, "{{", ""), "{") {
			return "", isBytes, false
		}
		body = strings.ReplaceAll(strings.ReplaceAll(body, "{{", "{"), "}}", "}")
	}
	if raw || !strings.Contains(body, `\`) {
		return body, isBytes, true
	}
	return unescape(body), isBytes, true
}

// unescape applies Python's backslash escapes; unknown ones stay as written.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case '\n':
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if i+n < len(s)+0 && i+n <= len(s)-1+1 && i+1+n <= len(s) {
				if r, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32); err == nil && utf8.ValidRune(rune(r)) {
					b.WriteRune(rune(r))
					i += n
					continue
				}
			}
			b.WriteByte('\\')
			b.WriteByte(e)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			r, _ := strconv.ParseUint(s[i:j], 8, 32)
			b.WriteRune(rune(r))
			i = j - 1
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String()
}

// splitString is Python's str.split / str.rsplit. With a separator the
// empty string splits into one empty string ("".split(",") is [""]: empty
// values are values); with none (or None) it splits on runs of whitespace
// and "".split() is []. ok is false for what it does not follow: an empty
// or unknown separator, a maxsplit with rsplit or with whitespace splitting.
func splitString(method, s string, a *args) (parts []string, ok bool) {
	sep, _, hasSep := a.arg(0, "sep")
	maxsplit := -1
	if m, _, has := a.arg(1, "maxsplit"); has {
		if m.Kind != Int {
			return nil, false
		}
		if m.Int >= 0 && m.Int < MaxValueSize {
			maxsplit = int(m.Int)
		}
	}
	if !hasSep || sep.Kind == None {
		if maxsplit >= 0 {
			return nil, false
		}
		return strings.Fields(s), true
	}
	if sep.Kind != Str || sep.Str == "" || (maxsplit >= 0 && method == "rsplit") {
		return nil, false
	}
	if maxsplit < 0 {
		return strings.Split(s, sep.Str), true
	}
	return strings.SplitN(s, sep.Str, maxsplit+1), true
}
