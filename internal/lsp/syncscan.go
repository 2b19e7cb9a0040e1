package lsp

import (
	"bytes"
	"encoding/json"
)

// Allocation-free fast paths for checking a didChange's content changes:
// every keystroke went through json.Unmarshal for each member name and
// into two maps per range (~2 KB a keystroke). The fast paths answer only
// the plain case (names without escapes, no repeated member) and leave
// everything else to the decoding checks, which give the error messages.

// plainName returns the name of the member whose quoted key spans
// s.b[j:k], when the key has no escapes (then its bytes are the name).
func (s *jsonScan) plainName(j, k int) ([]byte, bool) {
	if k-j < 2 || s.b[j] != '"' {
		return nil, false
	}
	name := s.b[j+1 : k-1]
	return name, bytes.IndexByte(name, '\\') < 0
}

// isName reports whether the quoted key spanning s.b[j:k] names key; ok
// false when the key does not decode.
func (s *jsonScan) isName(j, k int, key string) (is, ok bool) {
	if plain, ok := s.plainName(j, k); ok {
		return string(plain) == key, true
	}
	var name string
	if json.Unmarshal(s.b[j:k], &name) != nil {
		return false, false
	}
	return name == key, true
}

// plainMembers calls visit with each member of the object at i, name and
// where its value starts and ends; false when a name has escapes or a
// member repeats one of names (a decoder would keep the last), or the
// object is not one. Names not in names may repeat.
func (s *jsonScan) plainMembers(i int, names []string, visit func(name []byte, v, end int) bool) bool {
	i = s.ws(i)
	if i >= len(s.b) || s.b[i] != '{' {
		return false
	}
	var seen uint8 // bit n: names[n] seen (len(names) <= 8)
	j := s.ws(i + 1)
	for j < len(s.b) && s.b[j] != '}' {
		k := s.skip(j)
		if k < 0 {
			return false
		}
		name, ok := s.plainName(j, k)
		if !ok {
			return false
		}
		for n, want := range names {
			if string(name) == want {
				if seen&(1<<n) != 0 {
					return false
				}
				seen |= 1 << n
			}
		}
		if k = s.ws(k); k >= len(s.b) || s.b[k] != ':' {
			return false
		}
		v := s.ws(k + 1)
		end := s.skip(v)
		if end < 0 || !visit(name, v, end) {
			return false
		}
		if j = s.ws(end); j < len(s.b) && s.b[j] == ',' {
			j = s.ws(j + 1)
		}
	}
	return j < len(s.b)
}

// plainRangeOK reports that raw is a Range checkRange accepts, found
// without decoding; false when it is not or when that takes decoding.
func plainRangeOK(raw []byte) bool {
	sc := &jsonScan{b: raw}
	var have int
	ok := sc.plainMembers(0, []string{"start", "end"}, func(name []byte, v, end int) bool {
		if string(name) != "start" && string(name) != "end" {
			return true
		}
		have++
		return plainPositionOK(sc, v)
	})
	return ok && have == 2
}

func plainPositionOK(sc *jsonScan, i int) bool {
	var have int
	ok := sc.plainMembers(i, []string{"line", "character"}, func(name []byte, v, end int) bool {
		if string(name) != "line" && string(name) != "character" {
			return true
		}
		have++
		return isUinteger(sc.b[v:end])
	})
	return ok && have == 2
}
