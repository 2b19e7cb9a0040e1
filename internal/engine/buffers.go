package engine

import (
	"bytes"
	"context"
	"path/filepath"

	"github.com/djls-dev/djls/internal/project"
)

// Open documents win over the disk for project files too: an overlay for a
// file the project reads (a requirements file, .gitignore, pyproject.toml,
// Pipfile, a Dockerfile, manage.py) is read instead of that file, so a fix
// applied to an unsaved .gitignore clears its finding before the tab is
// saved. The project is read again with the buffers (project.ReloadBuffers,
// a few ms) only when their texts change; closing the document falls back
// to the project as read from disk.

// bufferedProject is the workspace's project read with some buffers.
type bufferedProject struct {
	base  *project.Project // the project from disk it was read over
	texts project.Buffers
	proj  *project.Project
}

// projectFor returns the project as the overlays make it; callers hold w.mu.
func (w *Workspace) projectFor(ctx context.Context, overlays map[string]Overlay) *project.Project {
	base := w.proj
	bufs := project.Buffers{}
	for p, o := range overlays {
		if p = filepath.Clean(p); base.Reads(p) {
			bufs[p] = o.Text
		}
	}
	if len(bufs) == 0 {
		return base
	}
	if b := w.buffered; b != nil && b.base == base && sameBuffers(b.texts, bufs) {
		return b.proj
	}
	proj, err := project.ReloadBuffers(ctx, base, bufs)
	if err != nil {
		return base // cancelled: the analysis is abandoned too
	}
	proj.Skipped = append(proj.Skipped, w.unreadable...)
	w.buffered = &bufferedProject{base: base, texts: bufs, proj: proj}
	return proj
}

func sameBuffers(a, b project.Buffers) bool {
	if len(a) != len(b) {
		return false
	}
	for p, t := range a {
		u, ok := b[p]
		if !ok || !bytes.Equal(t, u) {
			return false
		}
	}
	return true
}

// ReloadProjectFiles reads the project files (requirements, .gitignore,
// pyproject.toml, ...) again from disk without walking the folder: for a
// client that does not watch files, a save or an open says the disk may
// have changed.
func (w *Workspace) ReloadProjectFiles(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.reload(ctx)
}
