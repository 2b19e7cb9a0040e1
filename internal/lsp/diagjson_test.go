package lsp

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/djls-dev/djls/internal/corpus"
	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/textpos"
)

// TestFindingsJSONMatchesProtocol: the diagnostics written straight from
// findings are byte for byte those protocol's encoder writes for the
// protocol.Diagnostic values toDiagnostics builds, for every file of the
// corpus projects (related information in other files, details, tags,
// Django checks) in each position encoding, and for findings made to hit
// the edge cases (non-ASCII text, strings to escape, silenced and kept
// findings).
func TestFindingsJSONMatchesProtocol(t *testing.T) {
	s := &Server{}
	encodings := []posEncoding{textpos.UTF16, textpos.UTF8, textpos.UTF32}
	files, related := 0, 0
	for _, dir := range []string{corpus.Dir(t), corpus.DirV2(t)} {
		projects, err := corpus.Projects(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range projects {
			ws, err := engine.Load(filepath.Join(dir, name), engine.Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := ws.Analyze(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, path := range slices.Sorted(mapsKeys(res.Files)) {
				fr := res.Files[path]
				files++
				for _, f := range fr.Findings {
					related += len(f.Related)
				}
				for _, enc := range encodings {
					compareFindingsJSON(t, s, res, fr, nil, enc)
				}
			}
		}
	}
	if files < 20 || related == 0 {
		t.Fatalf("the corpus gave %d files and %d related locations: too few to compare", files, related)
	}

	// Made-up findings for what the corpus may not have.
	dir := t.TempDir()
	main, base := filepath.Join(dir, "settings.py"), filepath.Join(dir, "base.py")
	mainText := []byte("# é😀\nDEBUG = True  # ☃\nSECRET_KEY = \"x\"\n")
	baseText := []byte("X = 1\n# 😀😀\nDEBUG = False\n")
	finding := func(code, setting string, start, end int) diagnostics.Finding {
		return diagnostics.Finding{Code: code, Name: "debug-enabled", Severity: diagnostics.Warning, Location: diagnostics.Location{Path: main, Start: start, End: end}, Message: "DEBUG is on", Setting: setting}
	}
	var fs []diagnostics.Finding
	f := finding("DJS001", "DEBUG", 9, 21)
	f.DjangoCheck, f.Detail = "security.W018", "Détail with \"quotes\", a \\ backslash, <html> & a tab\t and ☃"
	f.Tags = []diagnostics.Tag{diagnostics.TagUnnecessary, 0, diagnostics.TagDeprecated}
	f.Related = []diagnostics.Related{{Location: diagnostics.Location{Path: base, Start: 15, End: 28}, Message: "set here 😀"}, {Location: diagnostics.Location{Path: main, Start: 0, End: 3}, Message: "same file"}, {Location: diagnostics.Location{Path: filepath.Join(dir, "gone.py")}, Message: "unknown file"}}
	fs = append(fs, f)
	f = finding("djs002", "SECRET<KEY>", 31, 47) // data escaped by encoding/json
	f.Severity, f.Message = diagnostics.Error, "Non-ASCII ✓ message\u2028 with U+2028"
	fs = append(fs, f)
	f = finding("DJS003", "SETTING_É", 0, 0)
	f.Severity, f.Name = diagnostics.Info, "name\"quoted"
	fs = append(fs, f)
	f = finding("DJS004", "", 5, 5)
	f.Silenced = true
	fs = append(fs, f)
	f = finding("DJS\u00e9", "DEBUG", 1, 2) // a code that is not ASCII
	f.Tags = []diagnostics.Tag{diagnostics.TagDeprecated}
	fs = append(fs, f)
	fs = append(fs, finding("DJS005", "\x7f\x01", 2, 4), finding("DJS006", "bad\xffutf8", 2, 4))
	res := &engine.Result{Files: map[string]*engine.FileResult{
		main: {Path: main, Text: mainText, Findings: fs},
		base: {Path: base, Text: baseText},
	}}
	for _, enc := range encodings {
		compareFindingsJSON(t, s, res, res.Files[main], nil, enc)
		compareFindingsJSON(t, s, res, res.Files[base], nil, enc)
	}
}

// TestFindingsJSONKept: a finding kept through a syntax error carries
// kept in its data, as markKept writes it.
func TestFindingsJSONKept(t *testing.T) {
	f := diagnostics.Finding{Code: "DJS001", Name: "debug-enabled", Setting: "DEBUG", Location: diagnostics.Location{Start: 1, End: 2}}
	w := &findingWriter{s: &Server{}, m: newMapper([]byte("abc"))}
	want := w.appendBuilt(nil, f, true)
	got := w.append(nil, f, true)
	if !bytes.Equal(got, want) || !bytes.Contains(got, []byte(`"kept":true`)) {
		t.Errorf("kept finding:\n got %s\nwant %s", got, want)
	}
}

func compareFindingsJSON(t *testing.T, s *Server, res *engine.Result, fr *engine.FileResult, doc *document, enc posEncoding) {
	t.Helper()
	want := appendDiagnosticsJSON(nil, s.toDiagnostics(res, fr, doc, enc))
	got := s.appendFileDiagnosticsJSON(nil, res, fr, doc, enc)
	if !bytes.Equal(got, want) {
		t.Errorf("%s (encoding %d):\n got %s\nwant %s", fr.Path, enc, got, want)
	}
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
