package evaluator

import "strings"

// partSpans gives each part of a string that split returns the span of its
// own characters, when the string is a literal whose source spells its
// value verbatim (no escapes, one literal): `"a.com,b.com".split(",")` then
// reports "b.com" on b.com, so two bad entries of one default are two
// findings, not one. It returns nil when the parts cannot be placed.
func (ev *evaluator) partSpans(s Span, value string, parts []string) []Span {
	if !s.Valid() || s.File != ev.src.path || s.End > len(ev.src.text) {
		return nil
	}
	src := string(ev.src.text[s.Start:s.End])
	prefix := len(src) - len(strings.TrimLeft(src, "rRuUbB"))
	body := src[prefix:]
	quote := ""
	for _, q := range []string{`"""`, `'''`, `"`, `'`} {
		if len(body) >= 2*len(q) && strings.HasPrefix(body, q) && strings.HasSuffix(body, q) {
			quote = q
			break
		}
	}
	if quote == "" || body[len(quote):len(body)-len(quote)] != value {
		return nil
	}
	start := s.Start + prefix + len(quote)
	spans := make([]Span, len(parts))
	from := 0
	for i, p := range parts {
		at := strings.Index(value[from:], p)
		if at < 0 {
			return nil
		}
		from += at
		// The span leaves out the blanks around an entry ("a.com, b.com"),
		// which a .strip() drops: it marks what a fix would edit.
		lead := len(p) - len(strings.TrimLeft(p, " \t"))
		trimmed := strings.TrimSpace(p)
		spans[i] = Span{File: s.File, Start: start + from + lead, End: start + from + lead + len(trimmed)}
		if trimmed == "" {
			// An empty entry has no characters of its own: the literal.
			spans[i] = s
		}
		from += len(p)
	}
	return spans
}
