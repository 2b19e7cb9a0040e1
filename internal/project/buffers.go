package project

import (
	"context"
	"path/filepath"
	"slices"
)

// Buffers are texts that win over the disk for the project files they name:
// an editor's open documents, saved or not (path -> text). A requirements
// file, .gitignore or pyproject.toml being edited is judged as the user
// sees it, not as it was last saved.
type Buffers map[string][]byte

// ReloadBuffers is Reload with buffers read instead of the files they name.
// It keeps prev's walk, so a buffer for a file the walk did not see (a new,
// unsaved requirements-dev.txt) is read only where the project asks for it
// by name (.gitignore, pyproject.toml, Pipfile, ...).
func ReloadBuffers(ctx context.Context, prev *Project, buffers Buffers) (*Project, error) {
	return reload(ctx, prev, buffers)
}

// Reads reports whether the project reads the file at path, so that a
// buffer for it changes what it holds: the project files it asked for
// (also missing ones it looked for, such as a folder's .gitignore) and the
// deployment files.
func (p *Project) Reads(path string) bool {
	path = filepath.Clean(path)
	return p.asked[path] || slices.Contains(p.DeployFiles, path)
}

// buffered returns the buffer for path, when one names it and path lies in
// the repository (the disk read checks this through symlinks).
func (lim limits) buffered(p *Project, path string) ([]byte, bool) {
	text, ok := lim.buffers[path]
	if !ok || !within(p.Repo, path) {
		return nil, false
	}
	return text, true
}

// noteAsked records that the project looked for the file at path.
func (p *Project) noteAsked(path string) {
	if p.asked == nil {
		p.asked = map[string]bool{}
	}
	p.asked[path] = true
}
