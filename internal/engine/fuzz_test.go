package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/djls-dev/djls/internal/corpus"
	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/treesitter"
)

// FuzzAnalyze feeds arbitrary bytes to the whole engine as an open settings
// module: it must never panic, and every finding must lie inside the text.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"", "DEBUG = True\n", secure, "X = (\n", "\xff\xfe", "from .base import *\n", "if DEBUG:\n\tALLOWED_HOSTS = ['*']\r\n"} {
		f.Add([]byte(s))
	}
	for _, p := range corpus.PyFiles(f) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
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

// FuzzFixes applies every fix the engine offers on arbitrary settings text:
// edits stay inside the file, a file that parsed still parses, and applying
// the same fix to its own output is never offered for the same line again
// with the same edit (a fix is idempotent).
func FuzzFixes(f *testing.F) {
	seeds := []string{"DEBUG = True\n", secure + "DEBUG = True\nALLOWED_HOSTS = ['*']\n",
		"from decouple import config\nDEBUG = config('DEBUG', default='True', cast=bool)\nMIDDLEWARE = ['a']\n",
		"import environ\nenv = environ.Env()\nSECRET_KEY = env('SECRET_KEY', default='x')\nCSRF_TRUSTED_ORIGINS = ['a.com']\n",
		"MIDDLEWARE = (\n  'whitenoise.middleware.WhiteNoiseMiddleware',\n  'django.middleware.security.SecurityMiddleware'\n)\nUSE_L10N = True\r\n"}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	root := f.TempDir()
	path := filepath.Join(root, "app", "settings.py")
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(filepath.Join(root, "requirements.txt"), []byte("Django==5.1\n"), 0o644)
	ws, err := Load(root, Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		if len(text) > 4<<10 { // each input is judged several times; keep runs fast
			return
		}
		res, err := ws.Analyze(context.Background(), map[string]Overlay{path: {Version: 1, Text: text}})
		if err != nil || res.Files[path] == nil {
			return
		}
		doc := treesitter.Parse(text)
		parsed := !doc.Root().HasError()
		doc.Close()
		fixes := res.ProductionBlock(path)
		all := []fix.Fix{}
		codeOf := []string{} // the rule each fix is for ("" for the block)
		if fixes != nil {
			all, codeOf = append(all, *fixes), append(codeOf, "")
		}
		for _, fd := range res.Files[path].Findings {
			for _, fx := range res.FixesFor(fd) {
				all, codeOf = append(all, fx), append(codeOf, fd.Code)
			}
		}
		for i, fx := range all {
			byFile := fix.ByFile(fx.Edits, path)
			edits := byFile[path]
			out, err := fix.Apply(text, edits)
			if err != nil {
				t.Fatalf("%q: %v", fx.Title, err)
			}
			if d := outsideEdits(text, out, edits); d != "" {
				t.Fatalf("%q changed text outside its edits: %s", fx.Title, d)
			}
			if parsed {
				d := treesitter.Parse(out)
				bad := d.Root().HasError()
				d.Close()
				if bad {
					t.Fatalf("%q breaks the file:\n%s", fx.Title, out)
				}
			}
			// A fix removes a finding of its rule, so applying it again (to
			// what is left) is not the same fix: the count of findings of
			// the rule goes down.
			if code := codeOf[i]; code != "" && parsed && len(byFile) == 1 && len(edits) > 0 {
				res2, err := ws.Analyze(context.Background(), map[string]Overlay{path: {Version: 2, Text: out}})
				if err == nil && countCode(res2, code) >= countCode(res, code) {
					t.Fatalf("%q left every %s finding in place:\n%s", fx.Title, code, out)
				}
			}
			// Only where every statement starts its own line: tree-sitter
			// accepts run-together statements (`A=[1]B=C=T,A0`) without an
			// error, and reads them differently once text follows them, so
			// the block appended after them is judged on another tree.
			if fx.Kind == fix.KindProductionBlock && parsed && statementsStartLines(text) {
				res2, err := ws.Analyze(context.Background(), map[string]Overlay{path: {Version: 2, Text: out}})
				if err == nil && res2.Files[path] != nil && res2.ProductionBlock(path) != nil {
					t.Fatalf("the production block is offered again after applying it:\n%s", out)
				}
			}
		}
	})
}

// outsideEdits returns "" when before and after agree outside the span the
// edits cover.
func outsideEdits(before, after []byte, edits []fix.Edit) string {
	if len(edits) == 0 {
		if string(before) != string(after) {
			return "no edits, yet the text changed"
		}
		return ""
	}
	lo, hi := len(before), 0
	for _, e := range edits {
		lo, hi = min(lo, e.Start), max(hi, e.End)
	}
	tail := len(before) - hi
	if lo > len(after) || tail > len(after)-lo || string(before[:lo]) != string(after[:lo]) ||
		string(before[hi:]) != string(after[len(after)-tail:]) {
		return fmt.Sprintf("span [%d,%d)", lo, hi)
	}
	return ""
}

// statementsStartLines reports whether each top-level statement of text
// starts a line.
func statementsStartLines(text []byte) bool {
	doc := treesitter.Parse(text)
	defer doc.Close()
	for _, n := range doc.Root().Children {
		if n.Type() == "comment" {
			continue
		}
		if s := int(n.StartByte); s > 0 && text[s-1] != '\n' && text[s-1] != '\r' {
			return false
		}
	}
	return true
}

func countCode(res *Result, code string) int {
	n := 0
	for _, fr := range res.Files {
		for _, f := range fr.Findings {
			if f.Code == code {
				n++
			}
		}
	}
	return n
}

func TestNonUTF8SettingsAreSkippedWithAReason(t *testing.T) {
	root := writeProject(t, "-- app/settings.py --\nDEBUG = True\nSECRET_KEY = '\xff\xfe'\nMIDDLEWARE = []\n")
	_, res := loadAndAnalyze(t, root)
	p := filepath.Join(root, "app", "settings.py")
	if res.Errors[p] != "not valid UTF-8" {
		t.Fatalf("errors = %v", res.Errors)
	}
	if _, judged := res.Files[p]; judged {
		t.Fatal("a non-UTF-8 file was judged")
	}
}
