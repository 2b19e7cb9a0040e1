package rules_test

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/rules"
	"github.com/djls-dev/djls/internal/treesitter"
)

// TestFixGolden applies one fix per testdata/fixes/*.txtar case and compares
// every file with its want/ copy. Header lines say which fix:
//
//	fix: DJS001 | block | all | all-unsafe
//	file: app/settings.py     (the file whose finding or block is fixed)
//	title: ...                (optional: the fix's exact title)
//	crlf: true                (write every file with CRLF line breaks)
//
// Then it checks what must hold of every fix: files without a want/ copy are
// untouched, Python output parses with no error nodes (and compiles when
// python3 is here), the fixed finding is gone, and fixing again changes
// nothing.
//
// go test ./internal/engine -run TestFixGolden -update rewrites each case's
// want/ files with what the fix produces (the checks above still run).
func TestFixGolden(t *testing.T) {
	cases, _ := filepath.Glob(filepath.Join("testdata", "fixes", "*.txtar"))
	if len(cases) < 20 {
		t.Fatalf("found %d golden cases, want at least 20", len(cases))
	}
	for _, path := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) { runGolden(t, path) })
	}
}

var update = flag.Bool("update", false, "rewrite the want/ files of testdata/fixes/*.txtar")

func runGolden(t *testing.T, path string) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	header, files := splitArchive(ar)
	crlf := header["crlf"] == "true"
	conv := func(s string) string {
		if crlf {
			return strings.ReplaceAll(s, "\n", "\r\n")
		}
		return s
	}
	want := map[string]string{}
	inputs := map[string]string{}
	for name, text := range files {
		if w, ok := strings.CutPrefix(name, "want/"); ok {
			want[w] = conv(text)
		} else {
			inputs[name] = conv(text) // the defaults writeProject adds stay LF
		}
	}
	root := writeProject(t, inputs)
	before := snapshot(t, root)
	target := filepath.Join(root, filepath.FromSlash(header["file"]))
	ws, res := analyze(t, root)

	kind := header["fix"]
	var changes map[string][]byte
	switch kind {
	case "all", "all-unsafe":
		plan, err := ws.Fix(context.Background(), nil, func(string) bool { return true }, kind == "all-unsafe")
		if err != nil {
			t.Fatal(err)
		}
		changes = map[string][]byte{}
		for _, c := range plan.Changes {
			changes[c.Path] = c.New
		}
	case "block":
		fx := res.ProductionBlock(target)
		if fx == nil {
			t.Fatal("no production block offered")
		}
		checkTitle(t, header, fx.Title)
		changes = applyFix(t, res, *fx, target)
	default:
		fx := firstFix(t, res, target, kind)
		checkTitle(t, header, fx.Title)
		changes = applyFix(t, res, *fx, target)
	}

	after := map[string]string{}
	for p, text := range before {
		after[p] = text
	}
	for p, text := range changes {
		rel, _ := filepath.Rel(root, p)
		after[filepath.ToSlash(rel)] = string(text)
	}
	if *update {
		rewriteGolden(t, path, ar, before, after, crlf)
	} else {
		for name, w := range want {
			if got := after[name]; got != w {
				t.Errorf("%s:\n--- got ---\n%s--- want ---\n%s", name, got, w)
			}
		}
		for name, text := range before {
			if _, ok := want[name]; !ok && after[name] != text {
				t.Errorf("%s changed but has no want/ copy:\n%s", name, after[name])
			}
		}
	}
	for p, text := range changes {
		if strings.HasSuffix(p, ".py") {
			checkPython(t, p, text)
		}
		if err := os.WriteFile(p, text, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Judged again from disk: the fixed findings are gone and nothing more
	// is offered for them.
	ws2, res2 := analyze(t, root)
	switch kind {
	case "all", "all-unsafe":
		plan, _ := ws2.Fix(context.Background(), nil, func(string) bool { return true }, kind == "all-unsafe")
		if len(plan.Changes) != 0 {
			t.Errorf("a second fix-all changed %d files (%s first)", len(plan.Changes), plan.Changes[0].Path)
		}
	case "block":
		if fx := res2.ProductionBlock(target); fx != nil {
			t.Errorf("the block is offered again: %+v", fx.Edits)
		}
	default:
		if f := res2.Files[target]; f != nil {
			for _, fd := range f.Findings {
				if fd.Code == kind {
					t.Errorf("%s still reported at %d after its fix: %s", kind, fd.Start, fd.Message)
				}
			}
		}
	}
}

// firstFix returns the first rule fix (not a suppression) for a finding
// with code in path.
func firstFix(t *testing.T, res *engine.Result, path, code string) *fix.Fix {
	t.Helper()
	for p, f := range res.Files {
		for _, fd := range f.Findings {
			if fd.Code != code || (p != path && fd.Path != path) {
				continue
			}
			for _, fx := range res.FixesFor(fd) {
				if !strings.HasPrefix(fx.Title, "Suppress ") {
					return &fx
				}
			}
			t.Fatalf("%s at %d has no fix", code, fd.Start)
		}
	}
	t.Fatalf("no %s finding in %s", code, path)
	return nil
}

func applyFix(t *testing.T, res *engine.Result, fx fix.Fix, def string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for p, edits := range fix.ByFile(fx.Edits, def) {
		old, _ := os.ReadFile(p) // nil for a file the fix creates
		text, err := fix.Apply(old, edits)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = text
	}
	return out
}

func checkTitle(t *testing.T, header map[string]string, title string) {
	t.Helper()
	if want, ok := header["title"]; ok && title != want {
		t.Errorf("title %q, want %q", title, want)
	}
}

// checkPython: the text parses with no error nodes, and compiles.
func checkPython(t *testing.T, path string, text []byte) {
	t.Helper()
	doc := treesitter.Parse(text)
	defer doc.Close()
	if doc.Root().HasError() {
		t.Errorf("%s does not parse after the fix:\n%s", path, text)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		return // the tree-sitter check above still holds
	}
	tmp := filepath.Join(t.TempDir(), "check.py")
	os.WriteFile(tmp, text, 0o644)
	if out, err := exec.Command(py, "-m", "py_compile", tmp).CombinedOutput(); err != nil {
		t.Errorf("%s does not compile after the fix: %s\n%s", path, out, text)
	}
}

// splitArchive returns the header directives (the archive's comment,
// `key: value` lines) and the files of a golden case.
func splitArchive(ar *txtar.Archive) (map[string]string, map[string]string) {
	header := map[string]string{}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			header[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	files := map[string]string{}
	for _, f := range ar.Files {
		files[f.Name] = string(f.Data)
	}
	return header, files
}

// rewriteGolden writes the case back with a want/ copy of every file the
// fix changed or created (LF line breaks, as the archive holds them).
func rewriteGolden(t *testing.T, path string, ar *txtar.Archive, before, after map[string]string, crlf bool) {
	t.Helper()
	out := &txtar.Archive{Comment: ar.Comment}
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "want/") {
			out.Files = append(out.Files, f)
		}
	}
	for _, name := range sortedKeys(after) {
		if old, ok := before[name]; ok && old == after[name] {
			continue
		}
		text := after[name]
		if crlf {
			text = strings.ReplaceAll(text, "\r\n", "\n")
		}
		out.Files = append(out.Files, txtar.File{Name: "want/" + name, Data: []byte(text)})
	}
	if err := os.WriteFile(path, txtar.Format(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// snapshot reads every file under root (slash paths relative to root).
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return out
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestEveryFixHasAGolden: each rule with a fix builder has a golden case
// that applies it, and each case's `fix:` names such a rule (or the block,
// or fix-all).
func TestEveryFixHasAGolden(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "fixes", "*.txtar"))
	covered := map[string]bool{}
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		header, _ := splitArchive(ar)
		kind := header["fix"]
		switch kind {
		case "block", "all", "all-unsafe":
			continue
		}
		r := ruleByID(kind)
		if r == nil || r.Fix == nil {
			t.Errorf("%s: fix: %s names no rule with a fix builder", p, kind)
		}
		covered[kind] = true
	}
	for _, r := range rules.All() {
		if r.Fix != nil && !covered[r.ID] {
			t.Errorf("%s has a fix builder but no golden case in testdata/fixes", r.ID)
		}
	}
}

func ruleByID(id string) *rules.Rule {
	for _, r := range rules.All() {
		if r.ID == id {
			return r
		}
	}
	return nil
}
