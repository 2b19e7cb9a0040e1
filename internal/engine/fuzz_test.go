package engine

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/djls-dev/djls/internal/corpus"
	"github.com/djls-dev/djls/internal/treesitter"
)

// FuzzAnalyze feeds arbitrary bytes to the whole engine as an open settings
// module: it must never panic, and every finding must lie inside the text.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"", "DEBUG = True\n", secure, "X = (\n", "\xff\xfe", "from .base import *\n", "if DEBUG:\n\tALLOWED_HOSTS = ['*']\r\n"} {
		f.Add([]byte(s))
	}
	if dir, ok := corpus.Dir(); ok {
		matches, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*.py"))
		more, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*", "*.py"))
		for _, p := range append(matches, more...) {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	root := f.TempDir()
	path := filepath.Join(root, "app", "settings.py")
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(filepath.Join(root, "app", "base.py"), []byte(secure), 0o644)
	ws, err := Load(root, Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		doc := treesitter.Parse(text)
		defer doc.Close()
		res, err := ws.Analyze(context.Background(), map[string]Overlay{path: {Version: 1, Text: text, Doc: doc}})
		if err != nil {
			t.Fatal(err)
		}
		for p, fr := range res.Files {
			for _, fd := range fr.Findings {
				if fd.Start < 0 || fd.End < fd.Start || fd.End > len(fr.Text) || fd.Path != p {
					t.Fatalf("finding out of range: %+v (len %d)", fd, len(fr.Text))
				}
			}
		}
	})
}

func TestNonUTF8SettingsAreSkippedWithAReason(t *testing.T) {
	root := writeProject(t, "-- app/settings.py --\nDEBUG = True\nSECRET_KEY = '\xff\xfe'\nMIDDLEWARE = []\n")
	ws, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ws.Analyze(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(root, "app", "settings.py")
	if res.Errors[p] != "not valid UTF-8" {
		t.Fatalf("errors = %v", res.Errors)
	}
	if _, judged := res.Files[p]; judged {
		t.Fatal("a non-UTF-8 file was judged")
	}
}
