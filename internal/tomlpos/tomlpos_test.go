package tomlpos

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestScanTOML(t *testing.T) {
	text := `# top
title = "a = [b]" # comment [x]
"quoted.key" = 1
dotted . key = 'x'
[tool.djls-security]
select = [
  "DJS001",  # why
  """multi
line""",
]
sev = { DJS001 = "info" }
[[package]]
name = "django"
[ "a b" . c ]
x = '''
[not.a.header]
'''
y = true
`
	var got []string
	for _, e := range Scan([]byte(text)) {
		kind := "key"
		value := text[e.Start:e.End]
		if e.Header {
			kind, value = "header", ""
		}
		got = append(got, kind+" "+strings.Join(e.Path, "|")+" @"+strconv.Itoa(e.Line)+" "+value)
	}
	want := []string{
		`key title @2 "a = [b]"`,
		`key quoted.key @3 1`,
		`key dotted|key @4 'x'`,
		`header tool|djls-security @5 `,
		"key tool|djls-security|select @6 [\n  \"DJS001\",  # why\n  \"\"\"multi\nline\"\"\",\n]",
		`key tool|djls-security|sev @11 { DJS001 = "info" }`,
		`header package @12 `,
		`key package|name @13 "django"`,
		`header a b|c @14 `,
		"key a b|c|x @15 '''\n[not.a.header]\n'''",
		`key a b|c|y @18 true`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entries:\n got %q\nwant %q", got, want)
	}
	entries := Scan([]byte(text))
	if e := entries[3]; text[e.Start:e.End] != text[strings.Index(text, "[tool"):strings.Index(text, "[[package")] {
		t.Errorf("a header's range is its section: %q", text[e.Start:e.End])
	}
	e, ok := Find(entries, []string{"tool", "djls-security", "sev", "DJS001"})
	if !ok || e.Line != 11 {
		t.Errorf("nearest ancestor: %+v %v", e, ok)
	}
	if s, _, ok := FindQuoted([]byte(text), e.Start, e.End, "info"); !ok || text[s-1:s+5] != `"info"` {
		t.Errorf("FindQuoted: %d %v", s, ok)
	}
}
