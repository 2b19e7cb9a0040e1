package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/djls-dev/djls/internal/corpus"
	"github.com/djls-dev/djls/internal/finding"
)

// TestHeadlinesFitEditors checks every finding of every corpus project:
// its message is a headline editors show uncut (one line, at most
// finding.MaxHeadline characters, starting with an upper-case letter, as a
// setting name does), and neither it nor its detail holds a secret literal
// or URL password of the project.
func TestHeadlinesFitEditors(t *testing.T) {
	checked, details := 0, 0
	for _, dir := range []string{corpus.Dir(t), corpus.DirV2(t)} {
		projects, err := corpus.Projects(dir)
		if err != nil || len(projects) == 0 {
			t.Fatalf("no corpus projects in %s: %v", dir, err)
		}
		for _, name := range projects {
			root := filepath.Join(dir, name)
			t.Run(filepath.Base(dir)+"/"+name, func(t *testing.T) {
				secrets, passwords := projectSecrets(t, root)
				rep, err := check([]string{root}, root, true, nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, it := range rep.Items {
					checked++
					if it.Detail != "" {
						details++
					}
					where := it.RelPath + ":" + strconv.Itoa(it.Line) + " " + it.Code
					h := it.Message
					r, _ := utf8.DecodeRuneInString(h)
					switch {
					case strings.ContainsAny(h, "\r\n"):
						t.Errorf("%s: headline %q spans lines", where, h)
					case utf8.RuneCountInString(h) > finding.MaxHeadline:
						t.Errorf("%s: headline %q has %d characters, over %d", where, h, utf8.RuneCountInString(h), finding.MaxHeadline)
					case !unicode.IsUpper(r):
						t.Errorf("%s: headline %q does not start with an upper-case letter", where, h)
					}
					for _, s := range secrets {
						if strings.Contains(h, s) || strings.Contains(it.Detail, s) {
							t.Errorf("%s: secret literal %s… (%d characters) in the headline or detail", where, s[:4], len(s))
						}
					}
					for _, p := range passwords {
						if strings.Contains(h+it.Detail, ":"+p+"@") {
							t.Errorf("%s: a URL password (%d characters) in the headline or detail", where, len(p))
						}
					}
				}
			})
		}
	}
	if checked == 0 || details == 0 {
		t.Errorf("%d findings, %d with a detail: the test proves nothing", checked, details)
	}
}
