package engine

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/djls-dev/djls/internal/treesitter"
)

// TestEvaluationCache: a second analysis reuses the evaluation of every
// module whose tree and imports are unchanged; an edit to base.py
// re-evaluates base.py and production.py (which star-imports it) and
// nothing else, and the findings follow the edit.
func TestEvaluationCache(t *testing.T) {
	root := writeProject(t, `-- config/settings/base.py --
SECRET_KEY = 'x'
MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']
-- config/settings/production.py --
from .base import *
ALLOWED_HOSTS = ['example.org']
-- other/settings.py --
DEBUG = False
SECRET_KEY = 'y'
ALLOWED_HOSTS = ['example.org']
`)
	ws, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(root, "config", "settings", "base.py")
	prod := filepath.Join(root, "config", "settings", "production.py")
	other := filepath.Join(root, "other", "settings.py")
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
	second := analyze(doc)
	for _, p := range []string{base, prod, other} {
		if first.modules[p] == nil || first.modules[p] != second.modules[p] {
			t.Fatalf("%s evaluated again with nothing changed", p)
		}
	}
	if has(second, prod, "DJS001") {
		t.Fatal("DJS001 before DEBUG = True was typed")
	}

	edited := doc.Edit(len(doc.Text), len(doc.Text), []byte("DEBUG = True\n"))
	defer edited.Close()
	third := analyze(edited)
	if third.modules[base] == second.modules[base] || third.modules[prod] == second.modules[prod] {
		t.Fatal("base.py or production.py was not evaluated again after base.py changed")
	}
	if third.modules[other] != second.modules[other] {
		t.Fatal("other/settings.py was evaluated again though nothing it reads changed")
	}
	if !has(third, prod, "DJS001") && !has(third, base, "DJS001") {
		t.Fatalf("DEBUG = True in base.py is not reported: %v", third.Files[prod].Findings)
	}
	// A file changed on disk is evaluated again after Invalidate.
	if err := os.WriteFile(other, []byte("DEBUG = True\nSECRET_KEY = 'y'\nALLOWED_HOSTS = ['example.org']\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := ws.Invalidate(other); err != nil {
		t.Fatal(err)
	}
	fourth := analyze(edited)
	if fourth.modules[other] == third.modules[other] || !has(fourth, other, "DJS001") {
		t.Fatal("a file changed on disk was not evaluated again")
	}
	if fourth.modules[prod] != third.modules[prod] {
		t.Fatal("production.py evaluated again though base.py did not change")
	}
}

func has(res *Result, path, code string) bool {
	fr := res.Files[path]
	if fr == nil {
		return false
	}
	for _, f := range fr.Findings {
		if f.Code == code {
			return true
		}
	}
	return false
}
