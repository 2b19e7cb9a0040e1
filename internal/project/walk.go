package project

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// limits bound the work Load does on an arbitrary workspace.
type limits struct {
	maxPyFiles  int      // .py files listed; the walk stops there
	maxFileSize int64    // bytes; larger files are skipped
	shallow     bool     // list only Root's own files, no subfolders
	dirs        []string // with shallow: more folders whose own files are listed

	ctx      context.Context // the load stops once it is done
	progress func(pyFiles int)
	buffers  Buffers // texts read instead of the disk (see ReloadBuffers)
}

// Walk limits. A language server runs Load on whatever folder an editor
// opens, so the walk is bounded: past MaxPyFiles it stops and records one
// SkipTooManyPy; a file larger than MaxFileSize is skipped as SkipTooBig.
const (
	MaxPyFiles  = 50_000
	MaxFileSize = 5 << 20 // 5 MiB
)

var defaultLimits = limits{maxPyFiles: MaxPyFiles, maxFileSize: MaxFileSize, ctx: context.Background()}

// ctxCheckEvery: inside one folder, the context is checked every this many
// entries (and at every folder).
const ctxCheckEvery = 256

// skippedDirs are never entered: tooling, caches and installed packages.
var skippedDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, "node_modules": true, ".venv": true,
	"venv": true, "env": true, ".tox": true, ".nox": true, "__pycache__": true,
	"site-packages": true, ".mypy_cache": true, ".pytest_cache": true,
	".ruff_cache": true, "build": true, "dist": true,
}

// walk lists the .py files under Root. Symlinked directories are never
// followed (so the walk cannot loop or leave Root); a symlinked .py file is
// listed when its target is a regular file inside Root. A folder holding
// pyvenv.cfg is a virtual environment and is skipped.
func (p *Project) walk(lim limits) {
	w := walker{p: p, lim: lim}
	w.dir(p.Root)
	seen := map[string]bool{p.Root: true}
	for _, d := range lim.dirs {
		d = filepath.Clean(d)
		if seen[d] || !filepath.IsAbs(d) {
			continue
		}
		seen[d] = true
		if _, ok := p.insideRoot(d); ok {
			w.dir(d)
		}
	}
	sort.Strings(p.Files)
}

type walker struct {
	p       *Project
	lim     limits
	capped  bool
	stopped bool // the context is done
}

// done reports (and remembers) that the load was cancelled.
func (w *walker) done() bool {
	if !w.stopped && w.lim.ctx.Err() != nil {
		w.stopped = true
	}
	return w.stopped
}

func (w *walker) dir(path string) {
	if w.capped || w.done() {
		return
	}
	f, err := os.Open(path)
	if err != nil {
		w.p.skip(path, Unreadable(err))
		return
	}
	entries, err := f.ReadDir(-1)
	f.Close()
	if err != nil && len(entries) == 0 {
		w.p.skip(path, Unreadable(err))
		return
	}
	for _, e := range entries {
		if e.Name() == "pyvenv.cfg" && path != w.p.Root {
			return
		}
	}
	w.p.noteFolder(path, entries)
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for i, e := range entries {
		if i%ctxCheckEvery == ctxCheckEvery-1 && w.done() {
			return
		}
		name := e.Name()
		full := path + string(filepath.Separator) + name
		typ := e.Type()
		switch {
		case typ.IsDir():
			if !skippedDirs[name] && !w.lim.shallow {
				w.dir(full)
			}
		case typ&os.ModeSymlink != 0:
			w.symlink(full, name)
		case typ.IsRegular() && isDeployFileName(name):
			w.p.DeployFiles = append(w.p.DeployFiles, full)
			if strings.HasSuffix(name, ".py") {
				if info, err := e.Info(); err == nil {
					w.addPy(full, info.Size())
				}
			}
		case typ.IsRegular() && strings.HasSuffix(name, ".py"):
			info, err := e.Info()
			if err != nil {
				w.p.skip(full, Unreadable(err))
				continue
			}
			w.addPy(full, info.Size())
		}
		if w.capped || w.stopped {
			return
		}
	}
}

func (w *walker) symlink(full, name string) {
	info, err := os.Stat(full)
	if err != nil {
		if strings.HasSuffix(name, ".py") {
			w.p.skip(full, Unreadable(err))
		}
		return
	}
	if info.IsDir() {
		if !skippedDirs[name] {
			w.p.skip(full, SkipSymlink)
		}
		return
	}
	if !strings.HasSuffix(name, ".py") || !info.Mode().IsRegular() {
		return
	}
	if _, ok := w.p.insideRoot(full); !ok {
		w.p.skip(full, SkipOutsideRoot)
		return
	}
	w.addPy(full, info.Size())
}

func (w *walker) addPy(full string, size int64) {
	if size > w.lim.maxFileSize {
		w.p.skip(full, SkipTooBig)
		return
	}
	if len(w.p.Files) >= w.lim.maxPyFiles {
		w.capped = true
		w.p.skip(full, SkipTooManyPy)
		return
	}
	w.p.Files = append(w.p.Files, full)
	if n := len(w.p.Files); w.lim.progress != nil && n%ProgressEvery == 0 {
		w.lim.progress(n)
	}
}
