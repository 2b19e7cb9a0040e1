package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// starChain writes a project whose settings/a1.py star-imports a2.py,
// which star-imports a3.py, ... an; each defines one setting of its own
// and the last defines SECRET_KEY.
func starChain(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "-- proj/settings/a%d.py --\n", i)
		if i < n {
			fmt.Fprintf(&b, "from .a%d import *\n", i+1)
		}
		fmt.Fprintf(&b, "SETTING_%d = %d\n", i, i)
		if i == n {
			b.WriteString("SECRET_KEY = 'short'\n")
		}
	}
	b.WriteString("-- proj/settings/__init__.py --\n-- proj/__init__.py --\n")
	return writeProject(t, b.String())
}

// TestImportChainIsBounded: a star-import chain longer than
// MaxImportDepth is followed MaxImportDepth modules deep; past that the
// imported names are unknown (and may be set), and each module keeps at
// most the names of the modules within that depth, so the work and the
// memory grow with the chain's length, not its square (a 2,000-module
// chain took 14 s and 860 MB).
func TestImportChainIsBounded(t *testing.T) {
	const n = 400
	root := starChain(t, n)
	w, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := newAnalysis(w, nil)
	top := a.evaluate(filepath.Join(root, "proj", "settings", "a1.py"))
	if top == nil {
		t.Fatal("a1.py was not evaluated")
	}
	if !top.Truncated {
		t.Error("a1.py is not truncated, though its chain is past MaxImportDepth")
	}
	if top.Names.Get("SECRET_KEY") != nil || !top.MaybeSet("SECRET_KEY") {
		t.Errorf("SECRET_KEY from past the bound: bound %v, MaybeSet %v; want unbound and maybe set", top.Names.Get("SECRET_KEY") != nil, top.MaybeSet("SECRET_KEY"))
	}
	if b := top.Names.Get(fmt.Sprintf("SETTING_%d", MaxImportDepth+1)); b == nil {
		t.Errorf("SETTING_%d, within MaxImportDepth, is not imported", MaxImportDepth+1)
	}
	if b := top.Names.Get(fmt.Sprintf("SETTING_%d", MaxImportDepth+2)); b != nil {
		t.Errorf("SETTING_%d, past MaxImportDepth, is imported", MaxImportDepth+2)
	}
	// Evaluate the rest of the chain, as an analysis does: the names all
	// modules hold stay linear in the chain's length.
	total := 0
	for i := 1; i <= n; i++ {
		if m := a.evaluate(filepath.Join(root, "proj", "settings", fmt.Sprintf("a%d.py", i))); m != nil {
			total += m.Names.Len()
		}
	}
	if limit := n * (MaxImportDepth + 2); total > limit {
		t.Errorf("the chain's modules hold %d names, over %d", total, limit)
	}

	// Judged whole, the chain is one module (a1.py, which nothing imports),
	// and a short SECRET_KEY past the bound is not reported.
	res, err := w.Analyze(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for p, f := range res.Files {
		for _, fd := range f.Findings {
			if filepath.Base(p) != "requirements.txt" {
				t.Errorf("%s: %s %s", filepath.Base(p), fd.Code, fd.Message)
			}
		}
	}
	// ... and the cut is not silent: the module whose import was not
	// followed is reported as judged in part.
	cut := 0
	for p, reason := range res.Errors {
		if strings.Contains(reason, fmt.Sprintf("more than %d modules deep", MaxImportDepth)) {
			cut++
		} else {
			t.Errorf("%s: %s", p, reason)
		}
	}
	if cut == 0 {
		t.Error("no module is reported as judged in part")
	}
}

// TestShortImportChainIsFollowed: a chain within MaxImportDepth is
// followed whole, as before: the short SECRET_KEY at its end is reported on
// the module at its top.
func TestShortImportChainIsFollowed(t *testing.T) {
	root := starChain(t, MaxImportDepth)
	w, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := newAnalysis(w, nil)
	top := a.evaluate(filepath.Join(root, "proj", "settings", "a1.py"))
	if top == nil || top.Truncated {
		t.Fatalf("a1.py: %v", top)
	}
	if b := top.Names.Get("SECRET_KEY"); b == nil || b.Value.Str != "short" {
		t.Errorf("SECRET_KEY = %v, want 'short' from the end of the chain", b)
	}
}

// TestGrowingModuleIsJudged: the red-team's module that doubles a value on
// each line (which ran check and serve out of memory) is judged like any
// other: settings before and after the growth keep their findings, and an
// HSTS age that overflows int64 is unknown, not "HSTS is 0".
func TestGrowingModuleIsJudged(t *testing.T) {
	var b strings.Builder
	b.WriteString("-- app/settings.py --\n" + secure + "S = 'abcdefghijklmnop'\nL = ['abcdefgh']\nD = {'k': 'v'}\n")
	for i := 0; i < 10; i++ {
		b.WriteString("S = S + S\nL = L + L\nL += L\nL = [*L, *L]\nS = ''.join([S, S])\nS = os.environ.get('X', S + S)\nD = {**D, 'k' + str(len(D)): D}\n")
	}
	b.WriteString("SECURE_HSTS_SECONDS = 4294967296 * 4294967296\nSECRET_KEY = os.getenv('SECRET_KEY', 'dev')  # want: DJS002\nCACHE_PREFIX = S\n")
	checkWants(t, b.String())
}

// TestWorkBudgetIsReported: a module that spends its work budget (loops
// unrolled in loops) is judged up to that point and reported as judged in
// part, with the line where the evaluation stopped, so that padding a
// module with work cannot hide the DEBUG = True after it.
func TestWorkBudgetIsReported(t *testing.T) {
	var b strings.Builder
	b.WriteString(secure + "R = [" + strings.Repeat("1, ", 64) + "]\nN = 0\n")
	for i := 0; i < 6; i++ {
		fmt.Fprintf(&b, "%sfor x%d in R:\n", strings.Repeat(" ", i), i)
	}
	b.WriteString(strings.Repeat(" ", 6) + "N = N + x5\nDEBUG = True\n")
	root := writeProject(t, "-- app/settings.py --\n"+b.String())
	_, res := loadAndAnalyze(t, root)
	path := filepath.Join(root, "app", "settings.py")
	want := fmt.Sprintf("judged only up to line %d:", strings.Count(secure, "\n")+9)
	if reason := res.Errors[path]; !strings.HasPrefix(reason, want) {
		t.Errorf("errors[settings.py] = %q, want it to start %q", reason, want)
	}
	// ... and, like a module that could not be read, unjudged (DJS000).
	if reason := res.Unjudged[path]; !strings.HasPrefix(reason, want) {
		t.Errorf("unjudged[settings.py] = %q, want it to start %q", reason, want)
	}
}
