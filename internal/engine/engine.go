// Package engine is the one analysis core behind both front ends (the CLI
// and the language server). A Workspace indexes a project folder once; each
// Analyze call judges it as it is now: files on disk, overridden by the
// editor's open documents. The engine never executes project code.
package engine

import (
	"github.com/djls-dev/djls/internal/config"
	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/project"
	"github.com/djls-dev/djls/internal/treesitter"
)

// Overlay is an editor's open document; it wins over the file on disk.
type Overlay struct {
	Version int32
	Text    []byte
	Doc     *treesitter.Document // parsed text for .py files; nil for other files (parsed on demand)
}

// Options configure a Workspace.
type Options struct {
	// Editor holds settings sent by an editor; the project's own
	// configuration file wins for each key it sets.
	Editor *config.Config
	// Shallow reads only the root folder's own files (a file opened outside
	// any project: its folder may be / or a home directory).
	Shallow bool
	// Dirs, with Shallow: folders inside the root whose own files are read
	// too (the folders of open documents when a full index was cancelled).
	Dirs []string
	// Progress, when set, is called by LoadContext while it walks the
	// project, with the number of .py files listed so far (see
	// project.ProgressEvery); never by a later re-index.
	Progress func(pyFiles int)
	// KeepLastGoodConfig (the language server's choice): an invalid
	// configuration file does not fail Load or Invalidate; the last valid
	// one (or none) stays in force and ConfigError reports the problem.
	KeepLastGoodConfig bool
}

// FileResult is what one analysis found in one file.
type FileResult struct {
	Path     string // absolute, cleaned
	Text     []byte // the text the findings' byte offsets refer to
	Version  int32  // the overlay version analysed, or 0 for a file read from disk
	Findings []diagnostics.Finding
}

// Result is one analysis of a whole workspace.
type Result struct {
	// Files holds every settings module and project file that was judged,
	// including those with no findings (so a client can clear old ones).
	Files map[string]*FileResult
	// Errors lists files that could not be read or decoded (path -> reason).
	Errors map[string]string
	// Unjudged are the Errors that are (or may be) settings modules: ones
	// the analysis had to evaluate, and left-out .py files named or
	// configured as settings or holding setting names. Their findings are
	// unknown, so a front end reports each as a finding of its own.
	Unjudged map[string]string
	// NotRead are settings modules in a form the analysis does not read
	// (notread.go), with why: a front end reports each as information.
	NotRead map[string]string

	modules map[string]*evaluator.Module
	judged  []*evaluator.Module
	roles   map[string]Role
	root    string

	imported []*evaluator.Module // project modules the settings import (see analysis.imported)
	links    *lazyLinks          // which modules were settings, and which import which (status.go)

	// The workspace and overlays analysed, and what the analysis read from
	// disk, for fix-all (which judges again after each fix, from these
	// texts: a Result never reads the disk after the analysis that made it).
	w        *Workspace
	overlays map[string]Overlay
	read     map[string]diskSnap
	files    map[string]bool
	proj     *project.Project // the project as the analysis saw it

	// parsed, set by the fix loop, keeps the trees parses built (by
	// text): the next round judges the fixed text from them.
	parsed map[string]*treesitter.Document
}
