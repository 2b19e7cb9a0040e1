package pyenc

import (
	"bytes"
	"testing"
)

func TestDecodeBOM(t *testing.T) {
	for _, c := range []struct {
		raw, want, name string
	}{
		{"\xff\xfeD\x00j\x00\n\x00", "Dj\n", "utf-16le"},
		{"\xfe\xff\x00D\x00j", "Dj", "utf-16be"},
		{"\xff\xfe\x00\x00D\x00\x00\x00", "D", "utf-32le"},
		{"\x00\x00\xfe\xff\x00\x00\x00D", "D", "utf-32be"},
		{"\xef\xbb\xbfDjango", "Django", "utf-8-sig"},
		{"\xff\xfe\xe9\x00", "é", "utf-16le"},
	} {
		got, name, ok := DecodeBOM([]byte(c.raw))
		if !ok || string(got) != c.want || name != c.name {
			t.Errorf("DecodeBOM(%q) = %q, %q, %v; want %q, %q", c.raw, got, name, ok, c.want, c.name)
			continue
		}
		back, ok := EncodeBOM(got, name)
		if !ok || !bytes.Equal(back, []byte(c.raw)) {
			t.Errorf("EncodeBOM(%q, %s) = %q, want %q", got, name, back, c.raw)
		}
	}
	for _, plain := range []string{"Django==4.2\n", "", "\xff"} {
		if _, _, ok := DecodeBOM([]byte(plain)); ok {
			t.Errorf("DecodeBOM(%q) decoded text without a BOM", plain)
		}
	}
}
