package diagnostics

import (
	"strings"
)

// RedactSource redacts the string literals in a piece of Python source
// quoted in a message (an env read's default: default="sk_live_…",
// (str, 'postgres://u:pw@h/db'), dict(PASSWORD='x')). With secret set, every
// literal is a secret; otherwise a literal is redacted when it looks like a
// key or follows a secret-named key ('PASSWORD': …, PASSWORD=…), and a URL
// literal has its password masked.
func RedactSource(text string, secret bool) string {
	var b strings.Builder
	i := 0
	for i < len(text) {
		start, bodyStart, bodyEnd, end, ok := nextLiteral(text, i)
		if !ok {
			b.WriteString(text[i:])
			break
		}
		b.WriteString(text[i:start])
		body := text[bodyStart:bodyEnd]
		if body != "" && (hasURLCredentials(body) || secret || SecretValue(body) || secretKeyBefore(text[:start])) {
			b.WriteString(RedactValue(body, true))
		} else {
			b.WriteString(text[start:end])
		}
		i = end
	}
	return b.String()
}

// nextLiteral finds the next Python string literal at or after i: its
// start (prefix included), its body and its end. An unterminated literal
// runs to the end of the text.
func nextLiteral(text string, i int) (start, bodyStart, bodyEnd, end int, ok bool) {
	q := strings.IndexAny(text[i:], `'"`)
	if q < 0 {
		return 0, 0, 0, 0, false
	}
	q += i
	start = q
	for start > i && strings.ContainsRune("rRbBuUfF", rune(text[start-1])) {
		start--
	}
	quote := text[q : q+1]
	if strings.HasPrefix(text[q:], strings.Repeat(quote, 3)) {
		quote = strings.Repeat(quote, 3)
	}
	bodyStart = q + len(quote)
	for j := bodyStart; j < len(text); j++ {
		if text[j] == '\\' {
			j++
			continue
		}
		if strings.HasPrefix(text[j:], quote) {
			return start, bodyStart, j, j + len(quote), true
		}
	}
	return start, bodyStart, len(text), len(text), true
}

// secretKeyBefore reports source that ends with a secret-named key and its
// separator: 'PASSWORD': or PASSWORD= (not ==).
func secretKeyBefore(before string) bool {
	s := strings.TrimRight(before, " \t\n")
	switch {
	case strings.HasSuffix(s, ":"):
		s = s[:len(s)-1]
	case strings.HasSuffix(s, "=") && !strings.HasSuffix(s, "=="):
		s = s[:len(s)-1]
	default:
		return false
	}
	s = strings.TrimRight(s, " \t\n")
	s = strings.TrimRight(s, `'"`)
	j := len(s)
	for j > 0 && (isNameByte(s[j-1])) {
		j--
	}
	return j < len(s) && IsSecretName(s[j:])
}

func isNameByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
