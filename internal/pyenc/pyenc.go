// Package pyenc reads Python source in the encoding it declares (PEP 263):
// a `# -*- coding: latin-1 -*-` comment on the first or second line names
// the encoding; without one the source is UTF-8.
package pyenc

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding"
)

// declaration is PEP 263's regular expression for a coding comment.
var declaration = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`) })

// Declared returns the encoding name a coding comment on the first or
// second line declares ("" when none). The second line counts only when
// the first is a comment or blank, as in Python.
func Declared(text []byte) string {
	text = bytes.TrimPrefix(text, []byte("\xef\xbb\xbf"))
	for i := 0; i < 2 && len(text) > 0; i++ {
		line := text
		if end := bytes.IndexAny(text, "\r\n"); end < 0 {
			text = nil
		} else {
			line = text[:end]
			if text[end] == '\r' && end+1 < len(text) && text[end+1] == '\n' {
				end++
			}
			text = text[end+1:]
		}
		// The regexp is compiled only for the few files that may declare one.
		if bytes.Contains(line, []byte("coding")) {
			if m := declaration().FindSubmatch(line); m != nil {
				return string(m[1])
			}
		}
		if t := bytes.TrimLeft(line, " \t\f"); len(t) > 0 && t[0] != '#' {
			return ""
		}
	}
	return ""
}

// Decode returns text as UTF-8 and the encoding it was decoded from: ""
// when text is already UTF-8 (declared so, or undeclared), else the
// declared name. An error says why the text cannot be read as Python
// would: not UTF-8 without a declaration, an unknown encoding, or bytes
// the declared encoding does not have.
func Decode(text []byte) ([]byte, string, error) {
	name := Declared(text)
	enc, utf8Compatible, err := lookup(name)
	if err != nil {
		if utf8.Valid(text) && ascii(text) {
			return text, "", nil // nothing to decode, whatever it is called
		}
		return nil, "", err
	}
	if utf8Compatible || ascii(text) {
		if !utf8.Valid(text) {
			if name == "" {
				return nil, "", errors.New("not valid UTF-8") // and no PEP 263 coding line names another encoding
			}
			return nil, "", fmt.Errorf("not valid %s, the encoding its coding line declares", name)
		}
		return text, "", nil
	}
	out, err := enc.NewDecoder().Bytes(text)
	if err != nil || !utf8.Valid(out) {
		return nil, "", fmt.Errorf("not valid %s, the encoding its coding line declares", name)
	}
	return out, name, nil
}

// Encode turns UTF-8 text back into the encoding Decode returned.
func Encode(text []byte, name string) ([]byte, error) {
	if name == "" {
		return text, nil
	}
	enc, utf8Compatible, err := lookup(name)
	if err != nil {
		return nil, err
	}
	if utf8Compatible {
		return text, nil
	}
	out, err := enc.NewEncoder().Bytes(text)
	if err != nil {
		return nil, fmt.Errorf("the text has characters %s cannot hold", name)
	}
	return out, nil
}

// lookup finds the encoding of a coding line's name as Python names
// codecs (codecs.go); "" is UTF-8.
func lookup(name string) (enc encoding.Encoding, utf8Compatible bool, err error) {
	if name == "" {
		return nil, true, nil
	}
	if enc, utf8Compatible := codecEncoding(pythonCodec(name)); enc != nil || utf8Compatible {
		return enc, utf8Compatible, nil
	}
	return nil, false, fmt.Errorf("its coding line declares %q, an encoding djls does not know", name)
}

func ascii(text []byte) bool {
	for _, c := range text {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
