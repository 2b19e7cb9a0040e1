package engine

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

// TestIncludedComponentsAreFragments: the files django-split-settings
// include()s are judged through the including module only, and an edit
// to one re-evaluates the module that includes it (the evaluation cache
// checks the files an include names, as it checks imports).
func TestIncludedComponentsAreFragments(t *testing.T) {
	root := writeProject(t, `-- app/settings/__init__.py --
from split_settings.tools import include
include('components/*.py')
-- app/settings/components/base.py --
SECRET_KEY = 'x'
MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']
-- app/settings/components/production.py --
from .shared.hosts import *
-- app/settings/components/shared/hosts.py --
ALLOWED_HOSTS = ['example.org']
SECRET_KEY = 'x'
`)
	ws, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	including := filepath.Join(root, "app", "settings", "__init__.py")
	base := filepath.Join(root, "app", "settings", "components", "base.py")
	prod := filepath.Join(root, "app", "settings", "components", "production.py")
	text, _ := os.ReadFile(base)
	doc := treesitter.Parse(text)
	defer doc.Close()
	analyze := func(d *treesitter.Document) *Result {
		t.Helper()
		res, err := ws.Analyze(context.Background(), map[string]Overlay{base: {Version: 1, Text: d.Text, Doc: d}})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	first := analyze(doc)
	if len(first.judged) != 1 || first.judged[0].Path != including {
		var got []string
		for _, m := range first.judged {
			got = append(got, m.Path)
		}
		t.Fatalf("judged %v, want only the including module", got)
	}
	if has(first, prod, "DJS102") {
		t.Fatal("components/production.py was judged on its own")
	}
	second := analyze(doc)
	if second.modules[including] != first.modules[including] {
		t.Fatal("the including module was evaluated again with nothing changed (a component's relative import is resolved from the component)")
	}
	if b := first.modules[including].Setting("ALLOWED_HOSTS"); b == nil || b.Value.Repr() != "['example.org']" {
		t.Fatalf("ALLOWED_HOSTS from the component's own import = %v", b)
	}
	edited := doc.Edit(len(doc.Text), len(doc.Text), []byte("DEBUG = True\n"))
	defer edited.Close()
	third := analyze(edited)
	if third.modules[including] == second.modules[including] || !has(third, base, "DJS001") {
		t.Fatal("an edit to an included component did not reach the including module")
	}
}
