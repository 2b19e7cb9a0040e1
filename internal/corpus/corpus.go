// Package corpus reads the example projects of testdata/corpus (and
// testdata/corpus-v2) and their expected.txt manifests, and compares
// findings with them. Tests of the engine, the CLI and the language server
// share it.
package corpus

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Expectation is one manifest line: PATH:LINE RULE-ID, "*" for any path or line.
type Expectation struct {
	Path string // slash path relative to the project, or "*"
	Line int    // 1-based, 0 for "*"
	Code string
}

func (e Expectation) String() string {
	line := "*"
	if e.Line > 0 {
		line = strconv.Itoa(e.Line)
	}
	return fmt.Sprintf("%s:%s %s", e.Path, line, e.Code)
}

// Manifest is an expected.txt.
type Manifest struct {
	Exact        bool // "# mode: exact": these findings and no others
	Expectations []Expectation
}

// Got is a finding reduced to what manifests compare.
type Got struct {
	Path string // slash path relative to the project
	Line int
	Code string
}

func (g Got) String() string { return fmt.Sprintf("%s:%d %s", g.Path, g.Line, g.Code) }

// Names are the corpora kept in the repository's testdata folder. Each is a
// copy of the same-named folder of ../shared, where they were written; a test
// holds the copies to the originals whenever ../shared is beside the repo.
var Names = []string{"corpus", "corpus-v2"}

// Dir returns testdata/corpus at the repository root, the example projects
// whose findings the engine must produce, and fails tb when it is missing.
func Dir(tb testing.TB) string { return testdata(tb, "corpus") }

// DirV2 returns testdata/corpus-v2, the example projects of the v2 catalog
// decisions, and fails tb when it is missing.
func DirV2(tb testing.TB) string { return testdata(tb, "corpus-v2") }

// PyFiles lists the Python files one and two folders deep in the projects
// of testdata/corpus (their settings modules and packages): real modules to
// seed fuzzing and edit-replay tests with.
func PyFiles(tb testing.TB) []string {
	dir := Dir(tb)
	paths, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*.py"))
	more, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*", "*.py"))
	return append(paths, more...)
}

func testdata(tb testing.TB, name string) string {
	tb.Helper()
	root, err := RepoRoot()
	if err != nil {
		tb.Fatal(err)
	}
	dir := filepath.Join(root, "testdata", name)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		tb.Fatalf("testdata/%s is missing from the repository at %s", name, root)
	}
	return dir
}

// RepoRoot returns the repository root: the nearest folder at or above the
// working folder that holds go.mod.
func RepoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if d == filepath.Dir(d) {
			return "", errors.New("no go.mod at or above " + wd)
		}
	}
}

// Projects lists the corpus projects (folders with an expected.txt).
func Projects(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(dir, e.Name(), "expected.txt")); e.IsDir() && err == nil {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// ReadManifest parses a project's expected.txt.
func ReadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseManifest(data)
}

// ParseManifest parses manifest text.
func ParseManifest(data []byte) (*Manifest, error) {
	m := &Manifest{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") {
			if mode, ok := strings.CutPrefix(strings.TrimSpace(strings.TrimPrefix(line, "#")), "mode:"); ok {
				m.Exact = strings.TrimSpace(mode) == "exact"
			}
			continue
		}
		if line == "" {
			continue
		}
		loc, code, ok := strings.Cut(line, " ")
		i := strings.LastIndex(loc, ":")
		if !ok || i < 0 {
			return nil, fmt.Errorf("line %d: want PATH:LINE RULE-ID, got %q", n, line)
		}
		e := Expectation{Path: loc[:i], Code: strings.TrimSpace(code)}
		if l := loc[i+1:]; l != "*" {
			v, err := strconv.Atoi(l)
			if err != nil {
				return nil, fmt.Errorf("line %d: bad line number %q", n, l)
			}
			e.Line = v
		}
		m.Expectations = append(m.Expectations, e)
	}
	return m, sc.Err()
}

func (e Expectation) matches(g Got) bool {
	return e.Code == g.Code && (e.Path == "*" || e.Path == g.Path) && (e.Line == 0 || e.Line == g.Line)
}

// Compare matches findings against the manifest one to one and describes
// every difference; nil means they agree.
func (m *Manifest) Compare(got []Got) []string {
	used := make([]bool, len(got))
	var problems []string
	// Exact expectations first, so wildcards do not steal their findings.
	order := make([]int, len(m.Expectations))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return wildcards(m.Expectations[order[a]]) < wildcards(m.Expectations[order[b]])
	})
	for _, i := range order {
		e := m.Expectations[i]
		found := false
		for j, g := range got {
			if !used[j] && e.matches(g) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			problems = append(problems, "missing: "+e.String())
		}
	}
	if m.Exact {
		for j, g := range got {
			if !used[j] {
				problems = append(problems, "unexpected: "+g.String())
			}
		}
	}
	return problems
}

func wildcards(e Expectation) int {
	n := 0
	if e.Path == "*" {
		n++
	}
	if e.Line == 0 {
		n++
	}
	return n
}
