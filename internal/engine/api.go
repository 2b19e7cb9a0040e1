package engine

import (
	"context"
	"errors"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/fix"
)

// Workspace is one indexed project folder. Its methods are safe for
// concurrent use.
type Workspace struct {
	root string
	opts Options
}

// Load indexes the project at root. It fails only when root cannot be read
// or its configuration file is invalid (a *config.Error naming file, line
// and key).
func Load(root string, opts Options) (*Workspace, error) {
	return &Workspace{root: root, opts: opts}, nil
}

// Root returns the absolute project folder.
func (w *Workspace) Root() string { return w.root }

// Invalidate tells the workspace that files changed on disk (created,
// changed or deleted); it re-reads them on the next Analyze. No paths means
// "re-index everything".
func (w *Workspace) Invalidate(paths ...string) {}

// Analyze judges the workspace as it is now, open documents winning over disk.
func (w *Workspace) Analyze(ctx context.Context, overlays map[string]Overlay) (*Result, error) {
	return nil, errors.New("engine: not implemented yet")
}

// SettingInfo describes a setting for hover: its production-world value and
// where that value comes from.
type SettingInfo struct {
	Name       string
	Start, End int    // the name's byte range in the hovered file
	Value      string // Python-like rendering of the production value, "unknown" when unknown
	Origin     string // e.g. "env DEBUG (unset) → default 'True'", "inherited from config/settings/base.py:14"
	Findings   []diagnostics.Finding
}

// Describe returns what the engine knows about the setting at offset in path.
func (r *Result) Describe(path string, offset int) (*SettingInfo, bool) { return nil, false }

// FixesFor returns the quick fixes for one finding of this result,
// including "suppress on this line".
func (r *Result) FixesFor(f diagnostics.Finding) []fix.Fix { return nil }

// FixAll returns one fix applying every safe fix in path (unsafe too when
// asked), or nil when there is nothing to fix.
func (r *Result) FixAll(path string, unsafe bool) *fix.Fix { return nil }

// ProductionBlock returns the "insert production security block" action for
// path, or nil when the merged production settings lack nothing.
func (r *Result) ProductionBlock(path string) *fix.Fix { return nil }
