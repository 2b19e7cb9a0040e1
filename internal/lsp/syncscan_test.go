package lsp

import "testing"

// TestPlainRangeAgreesWithDecoding: the fast path accepts only ranges the
// decoding check accepts, and accepts the plain ones.
func TestPlainRangeAgreesWithDecoding(t *testing.T) {
	for _, tc := range []struct {
		raw   string
		plain bool // the fast path answers
	}{
		{`{"start":{"line":1,"character":2},"end":{"line":3,"character":4}}`, true},
		{` { "end" : { "character" : 0 , "line" : 4294967295 } , "start" : {"line":0,"character":0}, "x": [1,{"a":"}"}] } `, true},
		{`{"start":{"line":1,"character":2,"extra":null},"end":{"line":3,"character":4},"extra":"\\"}`, true},
		{`{"start":{"line":1,"character":2},"end":{"line":3,"character":4},"x":1,"x":2}`, true},
		{`{"start":{"line":1,"character":2},"end":{"line":3,"character":4},"end":{"line":-1,"character":4}}`, false},
		{`{"start":{"line":1,"character":2},"end":{"line":3,"line":4}}`, false},
		{`{"start":{"line":1,"character":2},"e\u006ed":{"line":3,"character":4}}`, false},
		{`{"start":{"line":1,"character":2},"e\u006ed":{"line":3,"character":-4}}`, false},
		{`{"start":{"line":1,"character":2}}`, false},
		{`{"start":{"line":1,"character":2},"end":{"line":3}}`, false},
		{`{"start":{"line":1.0,"character":2},"end":{"line":3,"character":4}}`, false},
		{`{"start":{"line":1,"character":2},"end":{"line":3,"character":4294967296}}`, false},
		{`{"start":{"line":01,"character":2},"end":{"line":3,"character":4}}`, false},
		{`{"start":null,"end":{"line":3,"character":4}}`, false},
		{`{"start":{"line":null,"character":2},"end":{"line":3,"character":4}}`, false},
		{`null`, false},
		{`[]`, false},
		{`{}`, false},
	} {
		plain := plainRangeOK([]byte(tc.raw))
		decoded := checkRangeDecoded([]byte(tc.raw))
		if plain != tc.plain {
			t.Errorf("plainRangeOK(%s) = %v, want %v", tc.raw, plain, tc.plain)
		}
		if plain && decoded != nil {
			t.Errorf("plainRangeOK(%s) accepts a range checkRangeDecoded rejects: %v", tc.raw, decoded)
		}
	}
}

// TestMemberPlainAndEscapedNames: member finds a key spelled with escapes
// as well as a plain one, and skips members that only start like it.
func TestMemberPlainAndEscapedNames(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want string // the value found, "" when none
	}{
		{`{"text":"a"}`, `"a"`},
		{`{"tex":1,"textx":2,"text":"b"}`, `"b"`},
		{`{"t\u0065xt":"c"}`, `"c"`},
		{`{"x":{"text":"inner"},"text":"d"}`, `"d"`},
		{`{"x":1}`, ``},
	} {
		sc := &jsonScan{b: []byte(tc.raw)}
		got := ""
		if v, ok := sc.member(0, "text"); ok {
			got = string(sc.b[v:sc.skip(v)])
		}
		if got != tc.want {
			t.Errorf("member(%s, text) = %s, want %s", tc.raw, got, tc.want)
		}
	}
}
