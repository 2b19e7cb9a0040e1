package rules_test

// TestRules judges the projects in testdata/*.txtar and compares their
// findings with the findings the files want.
//
// Archives (parsed with golang.org/x/tools/txtar):
//
//	-- <case>/<path> --   a file of project <case>; each case is its own project
//	-- <case>/want --     findings wanted in files that are not Python, one a
//	                      line: `<path>:<line>:<col> CODE "regexp"`
//	-- @<name> --         a fragment: a line that is exactly `@<name>` in a
//	                      case file stands for its text (any archive may
//	                      define it; testdata/fragments.txtar holds the shared ones)
//
// In a Python file, `# want: CODE@col "regexp"` (several may follow each
// other) wants a finding of rule CODE whose range starts on that line at
// 1-based column col (counted in code points). A line holding nothing but
// `# want: ...` wants its findings on the next line that is not such a line,
// for lines with several findings. The regexp runs to the next `"` (write
// `.` for a quote) and must match the message from its start: the headline,
// then, when the finding has one, a newline and its detail (`.` matches the
// newline, so "DEBUG is True.*local_settings" spans both; `\n` marks where
// the headline ends). Every headline must also pass checkHeadline.
//
// Every finding must be wanted and every wanted finding must be found.
// Findings that SILENCED_SYSTEM_CHECKS silences are kept but not shown, so
// they are not compared. Unless a case has its own, it gets a .gitignore
// that ignores .env, a requirements.txt with Django 5.1 and gunicorn, and a
// djls-security.toml that ignores DJS901 and DJS503, so that a case stays
// about its rule; a file whose text is `<none>` is not written.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/textpos"
)

// defaultFiles are the project files every case gets unless it has its own.
var defaultFiles = map[string]string{
	".gitignore":         ".env\n",
	"requirements.txt":   "Django==5.1\ngunicorn==23.0\n",
	"djls-security.toml": "ignore = [\"DJS901\", \"DJS503\"]\n",
}

// testCase is one project of an archive.
type testCase struct {
	name  string
	files map[string]string // path -> text, fragments expanded
	want  string            // the want section ("" when none)
}

func TestRules(t *testing.T) {
	cases := loadCases(t)
	if len(cases) < 67 {
		t.Fatalf("found %d cases, want at least 67", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { runCase(t, c) })
	}
}

// loadCases reads every archive of testdata: fragments first, then cases.
func loadCases(t *testing.T) []testCase {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	fragments := map[string]string{}
	var archives []*txtar.Archive
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		archives = append(archives, a)
		for _, f := range a.Files {
			if name, ok := strings.CutPrefix(f.Name, "@"); ok {
				if _, dup := fragments[name]; dup {
					t.Fatalf("fragment @%s defined twice", name)
				}
				fragments[name] = string(f.Data)
			}
		}
	}
	var out []testCase
	index := map[string]int{}
	for i, a := range archives {
		for _, f := range a.Files {
			if strings.HasPrefix(f.Name, "@") {
				continue
			}
			name, path, ok := strings.Cut(f.Name, "/")
			if !ok || name == "" || path == "" {
				t.Fatalf("%s: file %q is not <case>/<path>", paths[i], f.Name)
			}
			at, seen := index[name]
			if !seen {
				at = len(out)
				index[name] = at
				out = append(out, testCase{name: name, files: map[string]string{}})
			}
			if path == "want" {
				out[at].want = string(f.Data)
				continue
			}
			if _, dup := out[at].files[path]; dup {
				t.Fatalf("%s: case %s has %s twice", paths[i], name, path)
			}
			out[at].files[path] = expand(t, string(f.Data), fragments)
		}
	}
	return out
}

// expand replaces each line that is exactly `@name` with fragment name.
func expand(t *testing.T, text string, fragments map[string]string) string {
	t.Helper()
	var b strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		if name, ok := strings.CutPrefix(strings.TrimRight(line, "\r\n"), "@"); ok && !strings.ContainsAny(name, " \t(") {
			frag, ok := fragments[name]
			if !ok {
				t.Fatalf("unknown fragment @%s", name)
			}
			b.WriteString(frag)
			continue
		}
		b.WriteString(line)
	}
	return b.String()
}

// wanted is one finding a case wants.
type wanted struct {
	path      string
	line, col int
	code      string
	message   *regexp.Regexp
}

func (w wanted) String() string {
	re := w.message.String()
	return fmt.Sprintf("%s:%d:%d %s \"%s\"", w.path, w.line, w.col, w.code, re[len("(?s)^(?:"):len(re)-1])
}

// found is one finding of the analysis.
type found struct {
	path      string
	line, col int
	code, msg string
}

func (f found) String() string {
	return fmt.Sprintf("%s:%d:%d %s %q", f.path, f.line, f.col, f.code, f.msg)
}

// writeProject writes files, and the defaultFiles it does not override,
// into a temporary folder and returns it.
func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	all := map[string]string{}
	for p, text := range defaultFiles {
		all[p] = text
	}
	for p, text := range files {
		all[p] = text
	}
	for p, text := range all {
		if text == "<none>\n" {
			continue // the case has no such file: no default either
		}
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// analyze loads the project at root and judges it from disk.
func analyze(t *testing.T, root string) (*engine.Workspace, *engine.Result) {
	t.Helper()
	ws, err := engine.Load(root, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ws.Analyze(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return ws, res
}

func runCase(t *testing.T, c testCase) {
	root := writeProject(t, c.files)
	var wants []wanted
	for p, text := range c.files {
		if strings.HasSuffix(p, ".py") {
			wants = append(wants, pythonWants(t, p, text)...)
		}
	}
	wants = append(wants, sectionWants(t, c.want)...)
	_, res := analyze(t, root)
	var got []found
	for p, fr := range res.Files {
		rel, _ := filepath.Rel(root, p)
		m := textpos.NewMapper(fr.Text)
		for _, fd := range fr.Findings {
			if fd.Silenced {
				continue
			}
			line, col := m.Position(fd.Start, textpos.UTF32)
			if err := checkHeadline(fd.Message); err != nil {
				t.Errorf("%s:%d: %s: %v", filepath.ToSlash(rel), line+1, fd.Code, err)
			}
			msg := fd.Message
			if fd.Detail != "" {
				msg += "\n" + fd.Detail
			}
			got = append(got, found{filepath.ToSlash(rel), line + 1, col + 1, fd.Code, msg})
		}
	}
	sort.Slice(got, func(i, j int) bool { return got[i].String() < got[j].String() })

	matched := make([]bool, len(got))
	var missing []string
	for _, w := range wants {
		ok := false
		for i, g := range got {
			if !matched[i] && g.path == w.path && g.line == w.line && g.col == w.col && g.code == w.code && w.message.MatchString(g.msg) {
				matched[i], ok = true, true
				break
			}
		}
		if !ok {
			missing = append(missing, w.String())
		}
	}
	var extra []string
	for i, g := range got {
		if !matched[i] {
			extra = append(extra, g.String())
		}
	}
	if len(missing) > 0 || len(extra) > 0 {
		sort.Strings(missing)
		var all []string
		for _, g := range got {
			all = append(all, g.String())
		}
		t.Errorf("wanted, not found:\n  %s\nfound, not wanted:\n  %s\nall findings:\n  %s",
			strings.Join(missing, "\n  "), strings.Join(extra, "\n  "), strings.Join(all, "\n  "))
	}
}

var (
	wantComment = regexp.MustCompile(`#\s*want:(.*)$`)
	wantItem    = regexp.MustCompile(`\s*([A-Z]+[0-9]+)@([0-9]+) "([^"]*)"`)
	wantLine    = regexp.MustCompile(`^(\S+):([0-9]+):([0-9]+) ([A-Z]+[0-9]+) "([^"]*)"$`)
)

// pythonWants reads the `# want:` annotations of a Python file.
func pythonWants(t *testing.T, path, text string) []wanted {
	t.Helper()
	var out []wanted
	var pending []wanted // from annotation-only lines, for the next code line
	for i, line := range strings.Split(text, "\n") {
		loc := wantComment.FindStringSubmatchIndex(line)
		if loc == nil {
			for _, w := range pending {
				w.line = i + 1
				out = append(out, w)
			}
			pending = nil
			continue
		}
		items := parseItems(t, path, i+1, line[loc[2]:loc[3]])
		if strings.TrimSpace(line[:loc[0]]) == "" {
			pending = append(pending, items...)
			continue
		}
		for _, w := range pending {
			w.line = i + 1
			out = append(out, w)
		}
		pending = nil
		out = append(out, items...)
	}
	if len(pending) > 0 {
		t.Fatalf("%s: `# want:` lines at the end of the file annotate no line", path)
	}
	return out
}

// parseItems reads `CODE@col "regexp"` items; anything else is an error.
func parseItems(t *testing.T, path string, line int, s string) []wanted {
	t.Helper()
	var out []wanted
	rest := s
	for strings.TrimSpace(rest) != "" {
		m := wantItem.FindStringSubmatchIndex(rest)
		if m == nil || m[0] != 0 {
			t.Fatalf("%s:%d: bad want annotation %q (want CODE@col \"regexp\" ...)", path, line, s)
		}
		col, _ := strconv.Atoi(rest[m[4]:m[5]])
		out = append(out, wanted{path: path, line: line, col: col, code: rest[m[2]:m[3]], message: compile(t, rest[m[6]:m[7]])})
		rest = rest[m[1]:]
	}
	if len(out) == 0 {
		t.Fatalf("%s:%d: empty want annotation", path, line)
	}
	return out
}

// sectionWants reads a want section: `path:line:col CODE "regexp"` lines.
func sectionWants(t *testing.T, section string) []wanted {
	t.Helper()
	var out []wanted
	for _, line := range strings.Split(section, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		m := wantLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("bad want line %q (want path:line:col CODE \"regexp\")", line)
		}
		l, _ := strconv.Atoi(m[2])
		c, _ := strconv.Atoi(m[3])
		out = append(out, wanted{path: m[1], line: l, col: c, code: m[4], message: compile(t, m[5])})
	}
	return out
}

func compile(t *testing.T, re string) *regexp.Regexp {
	t.Helper()
	r, err := regexp.Compile("(?s)^(?:" + re + ")")
	if err != nil {
		t.Fatalf("bad message regexp %q: %v", re, err)
	}
	return r
}
