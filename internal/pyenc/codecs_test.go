package pyenc

import (
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
)

// TestPythonCodecNames: a coding line's name is looked up as Python looks
// it up (codecs.lookup after the tokenizer's get_normal_name), not as IANA
// or WHATWG name encodings.
func TestPythonCodecNames(t *testing.T) {
	for _, c := range []struct {
		name string
		enc  encoding.Encoding // nil: read as UTF-8
		ok   bool
	}{
		{"utf-8", nil, true},
		{"utf-8-unix", nil, true}, // Emacs: the tokenizer keeps "utf-8"
		{"UTF8", nil, true},
		{"ascii", nil, true},
		{"us-ascii", nil, true},
		{"latin-1", charmap.ISO8859_1, true},
		{"latin-1-dos", charmap.ISO8859_1, true},
		{"iso-latin-1", charmap.ISO8859_1, true},
		{"ISO 8859-15", charmap.ISO8859_15, true},
		{"iso8859_9", charmap.ISO8859_9, true}, // Python's Latin-5, not WHATWG's windows-1254
		{"latin9", charmap.ISO8859_15, true},
		{"cp1252", charmap.Windows1252, true},
		{"windows-1251", charmap.Windows1251, true},
		{"mac_roman", charmap.Macintosh, true},
		{"koi8-u", charmap.KOI8U, true},
		{"Shift_JIS", japanese.ShiftJIS, true},
		{"cp932", japanese.ShiftJIS, true},
		{"euc_jp", japanese.EUCJP, true},
		{"windows-31j", nil, false}, // WHATWG's name; Python does not know it
		{"x-mac-roman", nil, false},
		{"utf-16", nil, false}, // Python refuses source in it
		{"klingon", nil, false},
	} {
		enc, utf8Compatible, err := lookup(c.name)
		if (err == nil) != c.ok || enc != c.enc || (c.ok && c.enc == nil) != utf8Compatible {
			t.Errorf("lookup(%q) = %v, %v, %v; want %v, ok %v", c.name, enc, utf8Compatible, err, c.enc, c.ok)
		}
	}
}

func TestDecodeShiftJIS(t *testing.T) {
	got, enc, err := Decode([]byte("# coding: shift_jis\nX = '\x82\xa0'\n"))
	if err != nil || string(got) != "# coding: shift_jis\nX = 'あ'\n" || enc != "shift_jis" {
		t.Errorf("Decode = %q, %q, %v", got, enc, err)
	}
}

// TestNoEncodingIndexes: x/text's encoding indexes build their tables when
// the program starts, whether a coding line asks for them or not.
func TestNoEncodingIndexes(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "../../cmd/djls").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, path := range strings.Fields(string(out)) {
		if strings.HasPrefix(path, "golang.org/x/text/encoding/") && strings.HasSuffix(path, "index") || path == "golang.org/x/text/language" {
			t.Errorf("djls links %s", path)
		}
	}
}
