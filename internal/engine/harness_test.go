package engine

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/djls-dev/djls/internal/textpos"
)

// writeProject writes a txtar project ("-- path --" headers) into a temp
// folder. Unless the project says otherwise it gets a .gitignore with
// .env, a requirements.txt with Django and gunicorn, and a config that
// ignores DJS901/DJS503 so scenarios stay about their rule.
func writeProject(t *testing.T, archive string) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		".gitignore":         ".env\n",
		"requirements.txt":   "Django==5.1\ngunicorn==23.0\n",
		"djls-security.toml": "ignore = [\"DJS901\", \"DJS503\"]\n",
	}
	for _, f := range txtar.Parse([]byte(archive)).Files {
		files[f.Name] = string(f.Data)
	}
	for n, content := range files {
		if content == "<none>\n" || content == "<none>" {
			continue
		}
		p := filepath.Join(root, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

var wantRe = regexp.MustCompile(`#\s*want:\s*([A-Z0-9 ]+)`)

// loadAndAnalyze loads the project at root and judges it from disk.
func loadAndAnalyze(t *testing.T, root string) (*Workspace, *Result) {
	t.Helper()
	ws, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ws.Analyze(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return ws, res
}

// checkWants analyses a project and compares its findings with the
// `# want: DJSxxx ...` annotations: each finding must start on an annotated
// line, and each annotation must be met. Returns the result for more checks.
func checkWants(t *testing.T, archive string) *Result {
	t.Helper()
	root := writeProject(t, archive)
	_, res := loadAndAnalyze(t, root)
	var want, got []string
	_ = filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		data, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		for i, line := range strings.Split(string(data), "\n") {
			if m := wantRe.FindStringSubmatch(line); m != nil {
				for _, code := range strings.Fields(m[1]) {
					want = append(want, filepath.ToSlash(rel)+":"+itoa(i+1)+" "+code)
				}
			}
		}
		return nil
	})
	var msgs []string
	for p, f := range res.Files {
		rel, _ := filepath.Rel(root, p)
		for _, fd := range f.Findings {
			if fd.Silenced {
				continue // SILENCED_SYSTEM_CHECKS: kept marked, not shown
			}
			g := filepath.ToSlash(rel) + ":" + itoa(lineOf(f.Text, fd.Start)) + " " + fd.Code
			got = append(got, g)
			msgs = append(msgs, g+"  "+fd.Message)
		}
	}
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		sort.Strings(msgs)
		t.Errorf("findings differ\nwant:\n  %s\ngot:\n  %s", strings.Join(want, "\n  "), strings.Join(msgs, "\n  "))
	}
	return res
}

func itoa(i int) string { return strconv.Itoa(i) }

// lineOf is the 1-based line of a byte offset, through the mapper.
func lineOf(text []byte, off int) int {
	l, _ := textpos.NewMapper(text).Position(off, textpos.UTF32)
	return l + 1
}
