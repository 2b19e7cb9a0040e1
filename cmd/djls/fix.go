package main

import (
	"context"
	"fmt"
	"io"

	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/report"
)

// fixOptions are `djls check --fix / --unsafe-fixes / --diff`.
type fixOptions struct {
	apply, unsafe, diff bool
	out, log            io.Writer

	changed int  // files changed (or that --diff would change)
	failed  bool // a file could not be written
}

// run fixes one workspace: prints the diff, or writes every changed file
// atomically and tells the workspace to read them again.
func (fo *fixOptions) run(ws *engine.Workspace, cwd string, include func(string) bool) error {
	plan, err := ws.Fix(context.Background(), nil, include, fo.unsafe)
	if err != nil {
		return err
	}
	var written []string
	for _, c := range plan.Changes {
		rel := report.RelPath(cwd, c.Path)
		fo.changed++
		if fo.diff {
			old := "a/" + rel
			if !c.Existed {
				old = "/dev/null"
			}
			fmt.Fprint(fo.out, fix.UnifiedDiff(old, "b/"+rel, c.Old, c.New))
			continue
		}
		var before []byte
		if c.Existed {
			before = c.Old
		}
		if err := fix.WriteAtomic(c.Path, before, c.New); err != nil {
			fmt.Fprintf(fo.log, "djls check: %v\n", err)
			fo.failed = true
			continue
		}
		written = append(written, c.Path)
	}
	if fo.diff {
		return nil
	}
	for _, a := range plan.Applied {
		fmt.Fprintf(fo.log, "fixed %s %s: %s\n", report.RelPath(cwd, a.Path), a.Code, a.Title)
	}
	if len(written) > 0 {
		fmt.Fprintf(fo.log, "djls: %d fixes applied to %d files\n", len(plan.Applied), len(written))
	}
	return ws.Invalidate(written...)
}
