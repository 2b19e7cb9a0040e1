package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/djls-dev/djls/internal/corpus"
	"github.com/djls-dev/djls/internal/review"
)

// TestReportCountsMatchCheck: the review of every corpus project counts
// exactly the findings `djls check PROJECT` reports, per severity, and
// lists the same ones (code and path:line).
func TestReportCountsMatchCheck(t *testing.T) {
	for _, dir := range []string{corpus.Dir(t), corpus.DirV2(t)} {
		projects, err := corpus.Projects(dir)
		if err != nil || len(projects) == 0 {
			t.Fatalf("no corpus projects in %s: %v", dir, err)
		}
		for _, name := range projects {
			t.Run(filepath.Base(dir)+"/"+name, func(t *testing.T) {
				root := corpus.Clone(t, filepath.Join(dir, name))
				rep, err := check([]string{root}, root, false, nil)
				if err != nil {
					t.Fatal(err)
				}
				rev, err := review.Build(context.Background(), root)
				if err != nil {
					t.Fatal(err)
				}
				e, w, i := rep.Counts()
				got := rev.Counts
				if got.Critical != e || got.Important != w || got.Improvements != i || got.Silenced != rep.Silent {
					t.Errorf("report counts %d critical, %d important, %d improvements, %d silenced; check: %d errors, %d warnings, %d info, %d silenced",
						got.Critical, got.Important, got.Improvements, got.Silenced, e, w, i, rep.Silent)
				}
				var want, have []string
				for _, it := range rep.Items {
					want = append(want, fmt.Sprintf("%s %s:%d", it.Code, it.RelPath, it.Line))
				}
				for _, risk := range rev.Risks {
					for _, f := range risk.Findings {
						have = append(have, f.Code+" "+f.Where)
					}
				}
				sort.Strings(want)
				sort.Strings(have)
				if strings.Join(want, "\n") != strings.Join(have, "\n") {
					t.Errorf("report lists\n  %s\ncheck reports\n  %s", strings.Join(have, "\n  "), strings.Join(want, "\n  "))
				}
				if rev.Ready != (e == 0 && w == 0) {
					t.Errorf("verdict ready=%v with %d errors and %d warnings", rev.Ready, e, w)
				}
			})
		}
	}
}

// TestReportCommand: formats, --output, exit status and usage errors.
func TestReportCommand(t *testing.T) {
	maisha := corpus.Clone(t, filepath.Join(corpus.Dir(t), "maisha"))
	clean := corpus.Clone(t, filepath.Join(corpus.Dir(t), "envclean"))

	var out, errs bytes.Buffer
	if code := run([]string{"report", maisha}, nil, &out, &errs); code != 1 {
		t.Errorf("maisha: exit %d, want 1 (not ready); stderr: %s", code, errs.String())
	}
	for _, want := range []string{"# Production readiness review: maisha", "**Verdict: not ready**", "## Critical (5)", "`Maisha_backend/settings.py:13`", "```diff", "## Deployment checklist"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("Markdown report lacks %q", want)
		}
	}

	out.Reset()
	errs.Reset()
	if code := run([]string{"report", clean}, nil, &out, &errs); code != 0 {
		t.Errorf("envclean: exit %d, want 0 (ready); stderr: %s\n%s", code, errs.String(), out.String())
	}
	if !strings.Contains(out.String(), "**Verdict: ready**") {
		t.Errorf("envclean is not ready:\n%s", out.String())
	}

	page := filepath.Join(t.TempDir(), "review.html")
	out.Reset()
	errs.Reset()
	if code := run([]string{"report", "--format", "html", maisha, "--output", page}, nil, &out, &errs); code != 1 {
		t.Errorf("--output: exit %d; stderr: %s", code, errs.String())
	}
	if out.Len() != 0 {
		t.Errorf("--output also printed to stdout: %q", out.String())
	}
	html, err := os.ReadFile(page)
	if err != nil || !bytes.HasPrefix(html, []byte("<!DOCTYPE html>")) {
		t.Errorf("--output wrote %d bytes (%v), not an HTML page", len(html), err)
	}

	for _, args := range [][]string{
		{"report", "--format", "pdf", maisha},
		{"report", maisha, clean},
		{"report", filepath.Join(maisha, "missing")},
		{"report", filepath.Join(maisha, "manage.py")},
	} {
		errs.Reset()
		if code := run(args, nil, &out, &errs); code != 2 || errs.Len() == 0 {
			t.Errorf("%v: exit %d with stderr %q, want 2 and a message", args, code, errs.String())
		}
	}
}

// TestReportIsFast: the review of a corpus project takes well under a
// second (a budget loose enough for a loaded CI machine).
func TestReportIsFast(t *testing.T) {
	root := corpus.Clone(t, filepath.Join(corpus.Dir(t), "maisha"))
	res := testing.Benchmark(func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := review.Build(context.Background(), root); err != nil {
				b.Fatal(err)
			}
		}
	})
	if per := res.NsPerOp(); per > 500e6 {
		t.Errorf("one review took %d ms", per/1e6)
	}
}
