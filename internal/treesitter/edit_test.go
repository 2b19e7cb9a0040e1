package treesitter

import (
	"math/rand"
	"strings"
	"testing"
)

// sameTree compares two flattened trees node by node.
func sameTree(t *testing.T, a, b *Node, src []byte) {
	t.Helper()
	if a.Type != b.Type || a.Field != b.Field || a.StartByte != b.StartByte || a.EndByte != b.EndByte || a.Named != b.Named || a.Missing != b.Missing || len(a.Children) != len(b.Children) {
		t.Fatalf("trees differ at %s %q [%d,%d) vs %s %q [%d,%d)\ntext:\n%s", a.Type, a.Field, a.StartByte, a.EndByte, b.Type, b.Field, b.StartByte, b.EndByte, src)
	}
	for i := range a.Children {
		sameTree(t, a.Children[i], b.Children[i], src)
	}
}

func TestEditMatchesFreshParse(t *testing.T) {
	doc := Parse([]byte("import os\nDEBUG = False\nALLOWED_HOSTS = ['a.org']\n"))
	next := doc.Edit(18, 23, []byte("True"))
	defer next.Close()
	if string(next.Text) != "import os\nDEBUG = True\nALLOWED_HOSTS = ['a.org']\n" {
		t.Fatalf("text %q", next.Text)
	}
	if got := string(doc.Text); got != "import os\nDEBUG = False\nALLOWED_HOSTS = ['a.org']\n" {
		t.Fatalf("the old document changed: %q", got)
	}
	fresh := Parse(next.Text)
	sameTree(t, next.Root(), fresh.Root(), next.Text)
	sameTree(t, doc.Root(), Parse(doc.Text).Root(), doc.Text)
}

// FuzzIncrementalEdits applies random edit sequences and compares the
// incremental tree with a fresh parse of the final text.
func FuzzIncrementalEdits(f *testing.F) {
	f.Add(int64(1), "DEBUG = True\nX = [1, 2]\n")
	f.Add(int64(2), "if DEBUG:\r\n    A = 'é'\r\nelse:\r\n    A = \"日本\"\r\n")
	f.Add(int64(3), "x = (\rY = 1\r")
	pieces := []string{"", "x", " ", "\n", "\r\n", "\r", "(", ")", "[", "]", "'", "\"", ":", "if DEBUG:\n    ", "é", "😀", "DEBUG = True\n", "#", "\t", "=", "\\"}
	f.Fuzz(func(t *testing.T, seed int64, text string) {
		if len(text) > 400 {
			text = text[:400]
		}
		r := rand.New(rand.NewSource(seed))
		doc := Parse([]byte(text))
		for i := 0; i < 20; i++ {
			n := len(doc.Text)
			start := r.Intn(n + 1)
			end := start + r.Intn(n-start+1)
			ins := pieces[r.Intn(len(pieces))]
			if r.Intn(4) == 0 {
				ins = strings.Repeat(ins, 3)
			}
			next := doc.Edit(start, end, []byte(ins))
			doc.Close()
			doc = next
		}
		fresh := Parse(doc.Text)
		sameTree(t, doc.Root(), fresh.Root(), doc.Text)
		doc.Close()
		fresh.Close()
	})
}
