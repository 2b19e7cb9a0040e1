package fix

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// ErrOverlap is returned for edits that overlap: applying them would be
// ambiguous, so nothing is applied.
var ErrOverlap = errors.New("fix edits overlap")

// Apply returns text with the edits (all for one file) applied. Edits at the
// same offset apply in the order given.
func Apply(text []byte, edits []Edit) ([]byte, error) {
	sorted := append([]Edit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	var out bytes.Buffer
	at := 0
	for _, e := range sorted {
		if e.Start < at || e.End < e.Start || e.End > len(text) {
			return nil, fmt.Errorf("%w: [%d,%d) after %d in %d bytes", ErrOverlap, e.Start, e.End, at, len(text))
		}
		out.Write(text[at:e.Start])
		out.WriteString(e.NewText)
		at = e.End
	}
	out.Write(text[at:])
	return out.Bytes(), nil
}

// ByFile groups a fix's edits by path (an empty path means def).
func ByFile(edits []Edit, def string) map[string][]Edit {
	out := map[string][]Edit{}
	for _, e := range edits {
		p := e.Path
		if p == "" {
			p = def
		}
		out[filepath.Clean(p)] = append(out[filepath.Clean(p)], e)
	}
	return out
}

// Minimal returns one edit turning old into new: their common prefix and
// suffix are left alone, so an editor keeps cursors and folds there.
func Minimal(path string, old, new []byte) Edit {
	p := 0
	for p < len(old) && p < len(new) && old[p] == new[p] {
		p++
	}
	s := 0
	for s < len(old)-p && s < len(new)-p && old[len(old)-1-s] == new[len(new)-1-s] {
		s++
	}
	return Edit{Path: path, Start: p, End: len(old) - s, NewText: string(new[p : len(new)-s])}
}

// ErrChanged is returned when a file changed on disk after it was read.
var ErrChanged = errors.New("file changed on disk since it was read; not overwritten")

// WriteAtomic replaces path's content old with new: the new text goes to a
// temporary file in the same folder, keeps the file's mode, is synced, and
// is renamed over the original, so a crash leaves the old or the new file,
// never a torn one. A file whose content is no longer old is left alone.
// A nil old means the file must not exist yet.
func WriteAtomic(path string, old, new []byte) error {
	mode := os.FileMode(0o644)
	current, err := os.ReadFile(path)
	switch {
	case err == nil && old == nil:
		return fmt.Errorf("%s: %w", path, ErrChanged)
	case err == nil:
		if !bytes.Equal(current, old) {
			return fmt.Errorf("%s: %w", path, ErrChanged)
		}
		if info, err := os.Stat(path); err == nil {
			mode = info.Mode().Perm()
		}
	case errors.Is(err, os.ErrNotExist) && old == nil:
	default:
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".djls-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename this is a no-op
	if _, err := tmp.Write(new); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
