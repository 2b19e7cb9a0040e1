package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/djls-dev/djls/internal/engine"
	"github.com/djls-dev/djls/internal/fix"
	"github.com/djls-dev/djls/internal/pyenc"
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
	failed := map[string]bool{}
	wrote := map[string][]byte{} // real path -> text written
	for _, c := range plan.Changes {
		rel := report.RelPath(cwd, c.Path)
		fo.changed++
		if fo.diff {
			old := diffName("a/", rel)
			if !c.Existed {
				old = "/dev/null"
			}
			fmt.Fprint(fo.out, fix.UnifiedDiff(old, diffName("b/", rel), c.Old, c.New))
			continue
		}
		var before []byte
		if c.Existed {
			before = c.Old
		}
		before, after, err := inFileEncoding(c.Path, before, c.New)
		if err == nil {
			err = outsideProject(c.Path, ws.Root())
		}
		real := c.Path
		if r, rerr := filepath.EvalSymlinks(c.Path); rerr == nil {
			real = r
		}
		if err == nil {
			if prev, ok := wrote[real]; ok {
				// A link and its target are both settings modules: one
				// file, fixed once.
				if !bytes.Equal(prev, after) {
					err = fmt.Errorf("the same file as another fixed differently through another name")
				}
			} else if err = fix.WriteAtomic(c.Path, before, after); err == nil {
				wrote[real] = after
			}
		}
		if err != nil {
			fmt.Fprintf(fo.log, "djls check: %s: not fixed: %v\n", rel, unwrapPath(err, c.Path))
			fo.failed = true
			failed[c.Path] = true
			continue
		}
		written = append(written, c.Path)
	}
	if fo.diff {
		return nil
	}
	for _, a := range plan.Applied {
		if failed[a.Path] {
			continue
		}
		fmt.Fprintf(fo.log, "fixed %s %s: %s\n", report.RelPath(cwd, a.Path), a.Code, a.Title)
	}
	if len(written) > 0 {
		fmt.Fprintf(fo.log, "djls: %d fixes applied to %d files\n", len(plan.Applied), len(written))
	}
	return ws.Invalidate(written...)
}

// diffName prefixes a diff's file name as git does (a/app/settings.py),
// also for a path outside the working folder (a/tmp/app/settings.py).
func diffName(prefix, rel string) string {
	return prefix + strings.TrimPrefix(rel, "/")
}

// outsideProject refuses a symbolic link whose target is outside the
// project: --fix writes through links (the link stays a link), but only to
// files of the project it was asked to fix.
func outsideProject(path, root string) error {
	info, err := os.Lstat(path)
	if err != nil || info.Mode()&os.ModeSymlink == 0 {
		return nil
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("symbolic link to a missing file")
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		realRoot = root
	}
	if rel, err := filepath.Rel(realRoot, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("symbolic link to %s, outside the project", target)
	}
	return nil
}

// unwrapPath drops the path that starts err's text, which the message
// already names.
func unwrapPath(err error, path string) string {
	msg := err.Error()
	for _, p := range []string{path, filepath.Clean(path)} {
		if rest, ok := strings.CutPrefix(msg, p+": "); ok {
			return rest
		}
	}
	return msg
}

// inFileEncoding returns the bytes on disk and the fixed text to write in
// place of them: a module the engine read in the encoding its PEP 263 line
// declares is written back in the encoding the fixed text declares, a
// project file read from UTF-16 or UTF-32 in that encoding, with its BOM.
func inFileEncoding(path string, old, new []byte) ([]byte, []byte, error) {
	if old == nil {
		return old, new, nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return old, new, nil // WriteAtomic says why
	}
	if !strings.HasSuffix(path, ".py") {
		// A project file read from UTF-16 (or with a BOM) keeps its encoding.
		decoded, enc, ok := pyenc.DecodeBOM(raw)
		if !ok || !bytes.Equal(decoded, old) {
			return old, new, nil
		}
		encoded, ok := pyenc.EncodeBOM(new, enc)
		if !ok {
			return nil, nil, fmt.Errorf("cannot write it back as %s", enc)
		}
		return raw, encoded, nil
	}
	decoded, enc, err := pyenc.Decode(raw)
	if err != nil || enc == "" || !bytes.Equal(decoded, old) {
		return old, new, nil
	}
	declared := pyenc.Declared(new)
	encoded, err := pyenc.Encode(new, declared)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (its coding line declares %s)", err, declared)
	}
	return raw, encoded, nil
}
