package engine

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/corpus"
)

// TestCorpus runs the engine on every project of testdata/corpus and
// testdata/corpus-v2 and compares its findings with the project's
// expected.txt.
func TestCorpus(t *testing.T) {
	t.Run("v1", func(t *testing.T) { testCorpus(t, corpus.Dir(t)) })
	t.Run("v2", func(t *testing.T) { testCorpus(t, corpus.DirV2(t)) })
}

func testCorpus(t *testing.T, dir string) {
	projects, err := corpus.Projects(dir)
	if err != nil || len(projects) == 0 {
		t.Fatalf("no corpus projects in %s: %v", dir, err)
	}
	for _, name := range projects {
		t.Run(name, func(t *testing.T) {
			root := filepath.Join(dir, name)
			manifest, err := corpus.ReadManifest(filepath.Join(root, "expected.txt"))
			if err != nil {
				t.Fatal(err)
			}
			ws, res := loadAndAnalyze(t, root)
			var got []corpus.Got
			var lines []string
			for path, f := range res.Files {
				rel, _ := filepath.Rel(ws.Root(), path)
				for _, fd := range f.Findings {
					g := corpus.Got{Path: filepath.ToSlash(rel), Line: lineOf(f.Text, fd.Start), Code: fd.Code}
					got = append(got, g)
					lines = append(lines, g.String()+"  "+fd.Message)
				}
			}
			sort.Strings(lines)
			t.Logf("findings:\n  %s", strings.Join(lines, "\n  "))
			if problems := manifest.Compare(got); problems != nil {
				t.Errorf("%s:\n  %s\nall findings:\n  %s", name, strings.Join(problems, "\n  "), strings.Join(lines, "\n  "))
			}
		})
	}
}
