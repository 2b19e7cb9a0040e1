package evaluator

import (
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

// TestSplitIsPythons pins str.split as Python computes it: an empty string
// split on a separator is one empty string, not nothing.
func TestSplitIsPythons(t *testing.T) {
	for _, tc := range []struct{ expr, want string }{
		{"''.split(',')", "['']"},
		{"''.split()", "[]"},
		{"''.split(None)", "[]"},
		{"' a  b '.split()", "['a', 'b']"},
		{"'a,,b,'.split(',')", "['a', '', 'b', '']"},
		{"'a,b,c'.split(',', 1)", "['a', 'b,c']"},
		{"'a,b,c'.split(',', maxsplit=-1)", "['a', 'b', 'c']"},
		{"'a,b,c'.split(sep=',')", "['a', 'b', 'c']"},
		{"'a,b,c'.rsplit(',')", "['a', 'b', 'c']"},
		{"'a,b,c'.rsplit(',', 1)", "<unknown>"},
		{"'a b c'.split(None, 1)", "<unknown>"},
		{"'abc'.split('')", "<unknown>"},
	} {
		m := Evaluate("/p/settings.py", treesitter.Parse([]byte("X = "+tc.expr+"\n")), nil)
		if got := m.Setting("X").Value.Repr(); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.expr, got, tc.want)
		}
	}
}

func TestSplitOfEmptyDefaultIsOneEmptyEntry(t *testing.T) {
	src := "import os\nfrom decouple import config\nA = os.getenv('A', '').split(',')\nB = config('B', default='').split(',')\nC = os.getenv('C', '').split()\n"
	m := Evaluate("/p/settings.py", treesitter.Parse([]byte(src)), nil)
	for name, want := range map[string]string{"A": "['']", "B": "['']", "C": "[]"} {
		if got := m.Setting(name).Value.Repr(); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
}
