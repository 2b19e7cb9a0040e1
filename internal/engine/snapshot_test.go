package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/djls-dev/djls/internal/fix"
)

// cancelAfter is a context whose Err turns to Canceled at its n-th call:
// it cancels an analysis at a chosen point of its work, with no timing.
type cancelAfter struct {
	context.Context
	n, calls atomic.Int64
}

func (c *cancelAfter) Err() error {
	if c.calls.Add(1) >= c.n.Load() {
		return context.Canceled
	}
	return nil
}

// TestAnalyzeStopsWhenCancelled: an analysis whose context is cancelled in
// the middle of a long star-import chain stops there (it looks at the
// context a bounded number of times more), returns the context's error,
// and leaves nothing half-evaluated in the evaluation cache: the next
// analysis equals one by a fresh workspace.
func TestAnalyzeStopsWhenCancelled(t *testing.T) {
	const chain = MaxImportDepth - 2 // every module of the chain is evaluated
	var b strings.Builder
	fmt.Fprintf(&b, "-- config/settings.py --\nfrom .m0 import *\nDEBUG = True\n")
	for i := 0; i < chain; i++ {
		fmt.Fprintf(&b, "-- config/m%d.py --\n", i)
		if i+1 < chain {
			fmt.Fprintf(&b, "from .m%d import *\n", i+1)
		}
		for j := 0; j < 100; j++ {
			fmt.Fprintf(&b, "NAME_%d_%d = %d\n", i, j, j)
		}
	}
	root := writeProject(t, b.String())
	ws, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Uncancelled, the analysis looks at the context this many times.
	count := &cancelAfter{Context: context.Background()}
	count.n.Store(1 << 62)
	if _, err := ws.Analyze(count, nil); err != nil {
		t.Fatal(err)
	}
	total := count.calls.Load()
	if total < chain*100/16 { // the evaluator looks every 16 statements
		t.Fatalf("the analysis looked at its context %d times: evaluation does not check it", total)
	}
	ws, err = Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := &cancelAfter{Context: context.Background()}
	ctx.n.Store(total / 4)
	if _, err := ws.Analyze(ctx, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Analyze = %v, want context.Canceled", err)
	}
	// Each module on the import stack may finish up to 16 statements (one
	// look) and its evaluation (another) before it sees the cancel.
	if got := ctx.calls.Load(); got > total/4+2*chain+5 {
		t.Errorf("after the cancel the analysis went on: %d looks at the context, cancelled at %d", got, total/4)
	}
	res, err := ws.Analyze(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, fresh := loadAndAnalyze(t, root)
	settings := filepath.Join(root, "config", "settings.py")
	if !reflect.DeepEqual(res.Files[settings].Findings, fresh.Files[settings].Findings) {
		t.Errorf("after a cancelled analysis:\n%v\nfresh:\n%v", res.Files[settings].Findings, fresh.Files[settings].Findings)
	}
	if !has(res, settings, "DJS001") {
		t.Error("DJS001 missing after a cancelled analysis")
	}
}

// TestResultDoesNotReadDisk: once made, a Result answers from the texts its
// analysis read: the files changing or vanishing on disk changes none of
// its fixes, fix-all, texts or hover.
func TestResultDoesNotReadDisk(t *testing.T) {
	root := writeProject(t, `-- .gitignore --
<none>
-- config/base.py --
SECRET_KEY = 'x'
-- config/settings.py --
from .base import *
from .local import *
DEBUG = True
ALLOWED_HOSTS = ['example.org']
-- config/local.py --
DEBUG = True
`)
	settings := filepath.Join(root, "config", "settings.py")
	base := filepath.Join(root, "config", "base.py")
	gitignore := filepath.Join(root, ".gitignore")
	_, res := loadAndAnalyze(t, root)
	type answers struct {
		fixes    [][]fix.Fix
		fixAll   *fix.Fix
		block    *fix.Fix
		base     string
		baseOK   bool
		ignoreOK bool
		hover    string
	}
	ask := func() answers {
		var a answers
		for _, f := range res.Files[settings].Findings {
			a.fixes = append(a.fixes, res.FixesFor(f))
		}
		a.fixAll = res.FixAll(settings, true)
		a.block = res.ProductionBlock(settings)
		text, ok := res.Text(base)
		a.base, a.baseOK = string(text), ok
		a.ignoreOK = res.Exists(gitignore)
		if info, ok := res.Describe(settings, strings.Index(string(res.Files[settings].Text), "DEBUG")); ok {
			a.hover = info.Value + " " + info.Origin
		}
		return a
	}
	before := ask()
	if before.fixAll == nil || len(before.fixes) == 0 || before.base != "SECRET_KEY = 'x'\n" || !before.baseOK || before.ignoreOK {
		t.Fatalf("unexpected first answers: %+v", before)
	}
	// The disk changes under the result.
	writeFiles(t, root, map[string]string{
		"config/settings.py": "# rewritten\nDEBUG = False\n",
		".gitignore":         ".env\n",
	})
	if err := os.Remove(base); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "config", "local.py")); err != nil {
		t.Fatal(err)
	}
	after := ask()
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("answers changed with the disk:\nbefore %+v\nafter  %+v", before, after)
	}
	// Fix-all's edits still apply to the text the findings refer to.
	out, err := fix.Apply(res.Files[settings].Text, fix.ByFile(after.fixAll.Edits, settings)[settings])
	if err != nil || strings.Contains(string(out), "DEBUG = True") {
		t.Errorf("fix-all on the analysed text: %v\n%s", err, out)
	}
}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
