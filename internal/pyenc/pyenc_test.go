package pyenc

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

func TestDeclared(t *testing.T) {
	for text, want := range map[string]string{
		"# -*- coding: latin-1 -*-\nX = 1\n":                                 "latin-1",
		"#!/usr/bin/env python\n# coding=cp1252\n":                           "cp1252",
		"#!/usr/bin/env python\r\n# vim: set fileencoding=iso-8859-15 :\r\n": "iso-8859-15",
		"\xef\xbb\xbf# coding: utf-8\n":                                      "utf-8",
		"X = 1\n# coding: latin-1\n":                                         "", // only after a comment or blank line
		"# a\n# b\n# coding: latin-1\n":                                      "", // the third line is too late
		"\n# coding: latin-1\n":                                              "latin-1",
		"":                                                                   "",
	} {
		if got := Declared([]byte(text)); got != want {
			t.Errorf("Declared(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestDecode(t *testing.T) {
	for _, c := range []struct {
		text, want, enc, err string
	}{
		{text: "X = 'caf\xe9'\n", err: "not valid UTF-8"},
		{text: "# -*- coding: latin-1 -*-\nX = 'caf\xe9'\n", want: "# -*- coding: latin-1 -*-\nX = 'café'\n", enc: "latin-1"},
		{text: "# coding: iso-8859-1\nX = '\x80'\n", want: "# coding: iso-8859-1\nX = '\u0080'\n", enc: "iso-8859-1"}, // C1 control, not €
		{text: "# coding: cp1252\nX = '\x80'\n", want: "# coding: cp1252\nX = '€'\n", enc: "cp1252"},
		{text: "# coding: ISO_8859_15\nX = '\xa4'\n", want: "# coding: ISO_8859_15\nX = '€'\n", enc: "ISO_8859_15"},
		{text: "# coding: utf-8\nX = 'caf\xe9'\n", err: "not valid utf-8, the encoding its coding line declares"},
		{text: "# coding: klingon\nX = 'caf\xe9'\n", err: `its coding line declares "klingon", an encoding djls does not know`},
		{text: "# coding: klingon\nX = 1\n", want: "# coding: klingon\nX = 1\n"},
		{text: "X = 'café'\n", want: "X = 'café'\n"},
		{text: "# coding: latin-1\nX = 1\n", want: "# coding: latin-1\nX = 1\n"}, // ASCII: nothing to decode
	} {
		got, enc, err := Decode([]byte(c.text))
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("Decode(%q) error %v, want %q", c.text, err, c.err)
			}
			continue
		}
		if err != nil || string(got) != c.want || enc != c.enc {
			t.Errorf("Decode(%q) = %q, %q, %v; want %q, %q", c.text, got, enc, err, c.want, c.enc)
			continue
		}
		back, err := Encode(got, enc)
		if err != nil || string(back) != c.text {
			t.Errorf("Encode(%q, %q) = %q, %v; want the original %q", got, enc, back, err, c.text)
		}
	}
	if _, err := Encode([]byte("X = '☕'\n"), "latin-1"); err == nil || !strings.Contains(err.Error(), "latin-1 cannot hold") {
		t.Errorf("Encode of a character latin-1 lacks: %v", err)
	}
}

// FuzzDecode: any bytes decode to valid UTF-8 or an error, never a panic;
// Latin-1 (which has every byte) writes back exactly what was read.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"", "X = 1\n", "# coding: latin-1\nX = '\xe9'\n", "#!py\n# vim: fileencoding=cp1252\n\x80\x81", "# coding: shift_jis\n\x82\xa0\xff", "# coding=utf-8\n\xff", "\xef\xbb\xbf# coding: latin-1\n\xe9"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		out, enc, err := Decode(text)
		if err != nil {
			return
		}
		if !utf8.Valid(out) {
			t.Fatalf("Decode(%q) = %q, not UTF-8", text, out)
		}
		if enc == "" && string(out) != string(text) {
			t.Fatalf("UTF-8 text changed: %q -> %q", text, out)
		}
		if e, _, _ := lookup(enc); e == charmap.ISO8859_1 {
			if back, err := Encode(out, enc); err != nil || string(back) != string(text) {
				t.Fatalf("latin-1 round trip: %q -> %q -> %q, %v", text, out, back, err)
			}
		}
	})
}
