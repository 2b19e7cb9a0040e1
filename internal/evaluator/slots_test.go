package evaluator

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

// constantsModule is n constant assignments, after header.
func constantsModule(header string, n int) string {
	var b strings.Builder
	b.WriteString(header)
	for i := range n {
		fmt.Fprintf(&b, "APP_SETTING_%05d = \"value %05d\"\n", i, i)
	}
	return b.String()
}

// retype evaluates text, then again incrementally after retyping the
// character at the given offset.
func retype(t *testing.T, text string, at int) (prev, next *Module) {
	t.Helper()
	const path = "/p/settings.py"
	doc := treesitter.Parse([]byte(text))
	prev = reevaluated(t, path, doc)
	next, err := EvaluateIncremental(context.Background(), path, doc.Edit(at, at+1, []byte("9")), nil, prev.ForReuse())
	if err != nil {
		t.Fatal(err)
	}
	return prev, next
}

// TestKeystrokeSharesTheSlotsItDidNotTouch: a keystroke in one constant of
// a 5,000-name module copies one chunk of the namespace's slots and one of
// the statements' constants, not the 40 KB arrays, also with an import and
// an env read at the top (replayed from their record: the same bindings).
func TestKeystrokeSharesTheSlotsItDidNotTouch(t *testing.T) {
	for _, c := range []struct {
		header   string
		unshared int
	}{
		{"", 1},
		{"import os\nSECRET_KEY = os.environ['SECRET_KEY']\n", 1},
	} {
		text := constantsModule(c.header, 5000)
		prev, next := retype(t, text, strings.Index(text, "value 02500")+len("value 0"))
		if b := next.Names.Get("APP_SETTING_02500"); b == nil || b.Value.Str != "value 09500" {
			t.Fatalf("the retyped setting: %+v", b)
		}
		if shared, total := next.Names.vals.SharedChunks(prev.Names.vals); total-shared != c.unshared {
			t.Errorf("%q: the namespace shares %d of %d chunks of slots, want all but %d", c.header, shared, total, c.unshared)
		}
		if shared, total := next.consts.SharedChunks(prev.consts); total-shared != 1 {
			t.Errorf("%q: the constants share %d of %d chunks, want all but 1", c.header, shared, total)
		}
	}
}

// TestNameNoLongerBoundIsUnbound: a name the previous version bound and
// this one does not reads as unbound, is counted and listed nowhere, and
// its old binding is held by no slot of the new version (which would keep
// it alive as long as the module stays open).
func TestNameNoLongerBoundIsUnbound(t *testing.T) {
	const path = "/p/settings.py"
	text := constantsModule("", 300)
	line := "APP_SETTING_00150 = \"value 00150\"\n"
	at := strings.Index(text, line)
	doc := treesitter.Parse([]byte(text))
	prev := Evaluate(path, doc, nil)
	gone := prev.Names.Get("APP_SETTING_00150")
	next, err := EvaluateIncremental(context.Background(), path, doc.Edit(at, at+len(line), nil), nil, prev.ForReuse())
	if err != nil {
		t.Fatal(err)
	}
	if next.Names.Has("APP_SETTING_00150") || next.Names.Len() != 299 || !prev.Names.Has("APP_SETTING_00150") {
		t.Fatalf("after deleting a line: still bound %v, %d names bound; the previous version lost it: %v",
			next.Names.Has("APP_SETTING_00150"), next.Names.Len(), !prev.Names.Has("APP_SETTING_00150"))
	}
	for name := range next.Names.All() {
		if name == "APP_SETTING_00150" {
			t.Error("All lists the deleted name")
		}
	}
	for i, b := range next.Names.vals.All() {
		if b == gone {
			t.Errorf("slot %d still holds the deleted binding", i)
		}
	}
	for i, b := range next.consts.All() {
		if b == gone {
			t.Errorf("statement %d's constant is the deleted binding", i)
		}
	}
}

// TestNameReadBeforeItIsBoundAgain: until this evaluation binds a name,
// it reads as unbound, even though the previous version's binding is
// still in its slot; also in the two ways of a conditional, which fork
// the namespace.
func TestNameReadBeforeItIsBoundAgain(t *testing.T) {
	const path = "/p/settings.py"
	for _, c := range []struct{ before, after string }{
		{"B = 1\nA = B\n", "A = B\nB = 1\n"},
		{"import os\nX = 1\nif os.environ.get('E'):\n    Y = X\nelse:\n    Y = 2\nZ = Y\n",
			"import os\nif os.environ.get('E'):\n    Y = X\nelse:\n    Y = 2\nZ = Y\nX = 1\n"},
	} {
		prev := Evaluate(path, treesitter.Parse([]byte(c.before)), nil)
		doc := treesitter.Parse([]byte(c.after))
		inc, err := EvaluateIncremental(context.Background(), path, doc, nil, prev.ForReuse())
		if err != nil {
			t.Fatal(err)
		}
		if diff := moduleDiff(Evaluate(path, doc, nil), inc); diff != "" {
			t.Errorf("%q: incremental differs from fresh: %s", c.after, diff)
		}
	}
}

// TestOlderVersionIsNeverWritten: other goroutines read a version while
// the next one is evaluated from it (go test -race checks the reads);
// that version reads the same before and after.
func TestOlderVersionIsNeverWritten(t *testing.T) {
	const path = "/p/settings.py"
	text := constantsModule("import os\nDEBUG = os.environ.get('DEBUG') == '1'\n", 400)
	doc := treesitter.Parse([]byte(text))
	prev := Evaluate(path, doc, nil)
	before := map[string]*Binding{}
	for name, b := range prev.Names.All() {
		before[name] = b
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 20 {
			for name, b := range prev.Names.All() {
				if before[name] != b {
					t.Errorf("%s changed in the older version", name)
					return
				}
			}
		}
	}()
	at := strings.Index(text, "value 00200") + len("value 0")
	next := doc.Edit(at, at+1, []byte("9"))
	for range 5 { // each from the same older version
		if _, err := EvaluateIncremental(context.Background(), path, next, nil, prev); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	if prev.Names.Len() != len(before) {
		t.Errorf("the older version binds %d names, had %d", prev.Names.Len(), len(before))
	}
}
