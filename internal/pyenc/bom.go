package pyenc

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// Text files other than Python (requirements, pyproject.toml, .gitignore)
// are read as UTF-8, or as UTF-16 or UTF-32 when they start with that
// encoding's byte order mark: Windows PowerShell's `pip freeze >
// requirements.txt` writes UTF-16LE with a BOM.

// boms are the byte order marks of the encodings DecodeBOM reads, UTF-32
// first (its little-endian mark starts like UTF-16LE's). A UTF-8 mark is
// dropped, as editors drop it from the text they show (and LSP positions
// count from).
var boms = []struct {
	name string
	mark []byte
	enc  encoding.Encoding
}{
	{"utf-8-sig", []byte{0xef, 0xbb, 0xbf}, unicode.UTF8BOM},
	{"utf-32le", []byte{0xff, 0xfe, 0, 0}, utf32.UTF32(utf32.LittleEndian, utf32.ExpectBOM)},
	{"utf-32be", []byte{0, 0, 0xfe, 0xff}, utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM)},
	{"utf-16le", []byte{0xff, 0xfe}, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)},
	{"utf-16be", []byte{0xfe, 0xff}, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)},
}

// DecodeBOM decodes text that starts with a UTF-8, UTF-16 or UTF-32 byte
// order mark into UTF-8 without the mark, and names the encoding; ok is
// false for any other text (or one that does not decode to valid UTF-8).
func DecodeBOM(text []byte) (decoded []byte, name string, ok bool) {
	for _, b := range boms {
		if !bytes.HasPrefix(text, b.mark) {
			continue
		}
		out, err := b.enc.NewDecoder().Bytes(text)
		if err != nil || !utf8.Valid(out) {
			return nil, "", false
		}
		return out, b.name, true
	}
	return nil, "", false
}

// EncodeBOM turns UTF-8 text back into the encoding DecodeBOM named, with
// its byte order mark.
func EncodeBOM(text []byte, name string) ([]byte, bool) {
	for _, b := range boms {
		if b.name == name {
			out, err := b.enc.NewEncoder().Bytes(text)
			return out, err == nil
		}
	}
	return nil, false
}
