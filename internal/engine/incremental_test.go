package engine

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

// TestEditedDocumentMatchesFreshWorkspace types into an open settings
// module (each keystroke a new overlay, as the language server sends) and
// checks the findings after each one equal those of a fresh workspace
// given the same text: reusing the previous evaluation's constant
// assignments (evaluator.EvaluateIncremental) changes nothing a user sees.
func TestEditedDocumentMatchesFreshWorkspace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.py")
	text := "import os\n\nSECRET_KEY = \"short\"\nDEBUG = False\nALLOWED_HOSTS = [\"example.com\"]\n" +
		"SECURE_HSTS_SECONDS = 3600\nSESSION_COOKIE_SECURE = True\nNAME = \"x\"\n"
	for _, f := range []struct{ name, text string }{{"settings.py", text}, {"requirements.txt", "django==5.1\n"}, {".gitignore", ".env\n"}} {
		if err := os.WriteFile(filepath.Join(dir, f.name), []byte(f.text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc := treesitter.Parse([]byte(text))
	edits := []struct {
		at, del int
		ins     string
	}{
		{strings.Index(text, "short") + 5, 0, "er"},                  // inside a string, before later statements
		{strings.Index(text, "3600"), 4, "0"},                        // a number, length changes
		{strings.Index(text, "True"), 4, "False"},                    // a constant flips a finding
		{len(text), 0, "DEBUG = True\n"},                             // appended, overrides an earlier one
		{strings.Index(text, "NAME"), 0, "SECRET_KEY = NAME * 60\n"}, // a statement that reads a name
	}
	for i, e := range edits {
		at := min(e.at, len(doc.Text))
		next := doc.Edit(at, min(at+e.del, len(doc.Text)), []byte(e.ins))
		got, err := w.Analyze(context.Background(), map[string]Overlay{path: {Version: int32(i + 2), Text: next.Text, Doc: next}})
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := Load(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := fresh.Analyze(context.Background(), map[string]Overlay{path: {Version: int32(i + 2), Text: next.Text, Doc: treesitter.Parse(next.Text)}})
		if err != nil {
			t.Fatal(err)
		}
		if g, w := got.Files[path].Findings, want.Files[path].Findings; !reflect.DeepEqual(g, w) {
			t.Fatalf("edit %d (%q): findings\n%v\nwant (fresh workspace)\n%v", i, e.ins, g, w)
		}
		doc = next
	}
}
