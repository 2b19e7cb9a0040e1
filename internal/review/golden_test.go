package review

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/corpus"
)

var update = flag.Bool("update", false, "rewrite the golden reports in testdata/golden")

// corpusProject is one corpus project, named "<corpus>-<project>".
type corpusProject struct{ name, dir string }

func corpusProjects(t *testing.T) []corpusProject {
	t.Helper()
	var out []corpusProject
	for _, dir := range []string{corpus.Dir(t), corpus.DirV2(t)} {
		names, err := corpus.Projects(dir)
		if err != nil || len(names) == 0 {
			t.Fatalf("no corpus projects in %s: %v", dir, err)
		}
		for _, n := range names {
			out = append(out, corpusProject{name: filepath.Base(dir) + "-" + n, dir: filepath.Join(dir, n)})
		}
	}
	return out
}

// build reviews a clone of a corpus project (its own repository, so the
// djls repository's .gitignore does not apply).
func build(t *testing.T, dir string) *Review {
	t.Helper()
	rev, err := Build(context.Background(), corpus.Clone(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	return rev
}

// TestGoldenReports holds the Markdown and HTML report of every corpus
// project to testdata/golden; -update rewrites them.
func TestGoldenReports(t *testing.T) {
	for _, p := range corpusProjects(t) {
		t.Run(p.name, func(t *testing.T) {
			rev := build(t, p.dir)
			var md, page bytes.Buffer
			if err := Markdown(&md, rev, "djls"); err != nil {
				t.Fatal(err)
			}
			if err := HTML(&page, rev, "djls"); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Join("testdata", "golden", p.name+".md"), md.Bytes())
			checkGolden(t, filepath.Join("testdata", "golden", p.name+".html"), page.Bytes())
		})
	}
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/review -run TestGoldenReports -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the report (go test ./internal/review -run TestGoldenReports -update rewrites it):\n%s", path, firstDifference(string(want), string(got)))
	}
}

// firstDifference shows the first line that differs.
func firstDifference(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(same lines, different bytes)"
}

// TestHTMLIsSelfContained: the page loads nothing from elsewhere and runs
// no script; links to the rule docs are the only URLs.
func TestHTMLIsSelfContained(t *testing.T) {
	for _, p := range corpusProjects(t) {
		t.Run(p.name, func(t *testing.T) {
			var page bytes.Buffer
			if err := HTML(&page, build(t, p.dir), "djls"); err != nil {
				t.Fatal(err)
			}
			lower := strings.ToLower(page.String())
			for _, asset := range []string{"<script", "<link", " src=", "url(", "@import", "<iframe", "<object", "<embed"} {
				if strings.Contains(lower, asset) {
					t.Errorf("the page holds %q: it must be self-contained", asset)
				}
			}
		})
	}
}
