package engine

import (
	"path/filepath"

	"github.com/djls-dev/djls/internal/fix"
)

// editsOnly reports whether every edit of fx is to path (an edit with no
// path is to the finding's file). Safe fixing (fix-all on save, --fix)
// makes in-file edits only: a fix that edits or creates another file runs
// when asked for, one at a time, or with unsafe fixes.
func editsOnly(fx fix.Fix, path string) bool {
	path = filepath.Clean(path)
	for _, e := range fx.Edits {
		if e.Path != "" && filepath.Clean(e.Path) != path {
			return false
		}
	}
	return true
}

// changesTo keeps the changes to path: safe fix-all edits only the file it
// was asked for, whatever a fix went on to touch.
func changesTo(changes []FileChange, path string) []FileChange {
	var out []FileChange
	for _, c := range changes {
		if filepath.Clean(c.Path) == path {
			out = append(out, c)
		}
	}
	return out
}
