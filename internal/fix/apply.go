package fix

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
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

// ErrReadOnly is returned for a file nobody may write (mode 0444) or that
// this user may not write: a fix does not replace it.
var ErrReadOnly = errors.New("read-only")

// ErrHardLinked is returned for a file with more than one hard link:
// replacing it would cut it off from its other names.
var ErrHardLinked = errors.New("has other hard links, which replacing it would break")

// tempPrefix starts every temporary file WriteAtomic makes, so one left by
// a killed run is plainly djls's and the next write to its folder removes
// it: .djls-fix-NAME-PID-RANDOM.tmp.
const tempPrefix = ".djls-fix-"

// WriteAtomic replaces path's content old with new: the new text goes to a
// temporary file in the same folder, keeps the file's mode, owner and
// group, is synced, and is renamed over the original, so a crash leaves
// the old or the new file, never a torn one. A symbolic link is written
// through to its target, which stays a link's target. A file whose content
// is no longer old is left alone (ErrChanged), and so are read-only files
// (ErrReadOnly) and files with other hard links (ErrHardLinked).
// A nil old means the file must not exist yet.
func WriteAtomic(path string, old, new []byte) error {
	if info, err := os.Lstat(path); err == nil && info.Mode()&os.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return fmt.Errorf("%s: symbolic link to a missing file", path)
		}
		path = target
	}
	mode := os.FileMode(0o644)
	current, err := os.ReadFile(path)
	var info os.FileInfo
	switch {
	case err == nil && old == nil:
		return fmt.Errorf("%s: %w", path, ErrChanged)
	case err == nil:
		if !bytes.Equal(current, old) {
			return fmt.Errorf("%s: %w", path, ErrChanged)
		}
		if info, err = os.Stat(path); err != nil {
			return err
		}
		mode = info.Mode() & (os.ModePerm | os.ModeSetuid | os.ModeSetgid | os.ModeSticky)
		if mode&0o222 == 0 {
			return fmt.Errorf("%s: %w (mode %#o)", path, ErrReadOnly, mode.Perm())
		}
		if !writable(path) {
			return fmt.Errorf("%s: %w (this user may not write it)", path, ErrReadOnly)
		}
		if n := links(info); n > 1 {
			return fmt.Errorf("%s: %w (%d links)", path, ErrHardLinked, n)
		}
	case errors.Is(err, os.ErrNotExist) && old == nil:
	default:
		return err
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	removeStaleTemps(dir)
	tmp, err := os.CreateTemp(dir, fmt.Sprintf("%s%s-%d-*.tmp", tempPrefix, base, os.Getpid()))
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename this is a no-op
	fail := func(err error) error {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(new); err != nil {
		return fail(err)
	}
	if info != nil {
		// Before the chmod: a chown clears set-user-ID and set-group-ID.
		if err := keepOwner(tmp, info); err != nil {
			return fail(fmt.Errorf("%s: cannot keep its owner and group (%v)", path, err))
		}
	}
	if err := tmp.Chmod(mode); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// removeStaleTemps deletes temporary files a killed djls left in dir: those
// whose process is gone (or, where that cannot be known, an hour old).
func removeStaleTemps(dir string) {
	entries, _ := os.ReadDir(dir) // not Glob: dir may hold glob metacharacters
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), tempPrefix) || !strings.HasSuffix(e.Name(), ".tmp") {
			continue
		}
		name := filepath.Join(dir, e.Name())
		fields := strings.Split(strings.TrimSuffix(e.Name(), ".tmp"), "-")
		if len(fields) < 3 {
			continue
		}
		pid, err := strconv.Atoi(fields[len(fields)-2])
		if err != nil || pid == os.Getpid() {
			continue
		}
		info, err := os.Lstat(name)
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		if !running(pid, info) {
			os.Remove(name)
		}
	}
}
