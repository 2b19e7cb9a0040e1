package project

import "bytes"

// settingsModuleRefs returns the byte ranges of the module names text
// sets DJANGO_SETTINGS_MODULE to, in the two statements Django's entry
// points default it with, each starting a line:
//
//	os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
//	os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
//
// It is the regular expression
//
//	(?m)^[ \t]*(?:os\.)?environ\s*(?:\.\s*setdefault\s*\(\s*Q\s*,|\[\s*Q\s*\]\s*=)\s*["']([\w.]+)["']
//
// (Q being ["']DJANGO_SETTINGS_MODULE["']) written out: compiling and
// running that regexp on every djls check allocated 57 KB, a third of what
// checking a one-module project allocates (TestSettingsModuleRefsMatchTheRegexp
// holds the two to the same matches).
func settingsModuleRefs(text []byte) [][2]int {
	var out [][2]int
	for at := 0; at < len(text); {
		next := at
		if start, end, ok := settingsModuleRefAt(text, at); ok {
			out = append(out, [2]int{start, end})
			next = end + 1 // past the closing quote; the next match starts on a later line
		}
		nl := bytes.IndexByte(text[next:], '\n')
		if nl < 0 {
			break
		}
		at = next + nl + 1
	}
	return out
}

// settingsModuleRefAt matches one statement at the start of a line (at).
func settingsModuleRefAt(text []byte, at int) (start, end int, ok bool) {
	s := scanner{text: text, i: at}
	for s.i < len(text) && (text[s.i] == ' ' || text[s.i] == '\t') {
		s.i++
	}
	s.literal("os.")
	if !s.literal("environ") {
		return 0, 0, false
	}
	s.space()
	switch {
	case s.literal("."):
		if !s.after("setdefault") || !s.after("(") || !s.settingsKey() || !s.after(",") {
			return 0, 0, false
		}
	case s.literal("["):
		if !s.settingsKey() || !s.after("]") || !s.after("=") {
			return 0, 0, false
		}
	default:
		return 0, 0, false
	}
	s.space()
	if !s.quote() {
		return 0, 0, false
	}
	start = s.i
	for s.i < len(text) && isWordOrDot(text[s.i]) {
		s.i++
	}
	end = s.i
	if end == start || !s.quote() {
		return 0, 0, false
	}
	return start, end, true
}

// scanner reads text from i on; each method consumes what it matches.
type scanner struct {
	text []byte
	i    int
}

// space skips regexp's \s: tabs, newlines, form feeds, carriage returns
// and spaces.
func (s *scanner) space() {
	for s.i < len(s.text) && bytes.IndexByte([]byte("\t\n\f\r "), s.text[s.i]) >= 0 {
		s.i++
	}
}

func (s *scanner) literal(w string) bool {
	if !bytes.HasPrefix(s.text[s.i:], []byte(w)) {
		return false
	}
	s.i += len(w)
	return true
}

// after is space then literal.
func (s *scanner) after(w string) bool {
	s.space()
	return s.literal(w)
}

func (s *scanner) quote() bool {
	return s.literal(`"`) || s.literal(`'`)
}

// settingsKey is space then the quoted "DJANGO_SETTINGS_MODULE".
func (s *scanner) settingsKey() bool {
	s.space()
	return s.quote() && s.literal("DJANGO_SETTINGS_MODULE") && s.quote()
}

// isWordOrDot is regexp's [\w.].
func isWordOrDot(c byte) bool {
	return c == '_' || c == '.' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
