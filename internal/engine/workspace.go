package engine

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/djls-dev/djls/internal/config"
	"github.com/djls-dev/djls/internal/project"
	"github.com/djls-dev/djls/internal/pyenc"
	"github.com/djls-dev/djls/internal/treesitter"
	"github.com/djls-dev/djls/internal/wildmatch"
)

// MaxFileSize is the largest settings module judged; larger files (read from
// disk or open in an editor) are skipped with a notice. Real settings modules
// are tens of KB (Django's own global_settings.py is 23 KB). At 1 MiB
// (27,000 lines of assignments) a keystroke costs ~50 ms (p50) and `djls
// check` 0.6 s and 85 MB; a 200,000-line module (3.3 MB) cost 2.6 s and
// 430 MB to judge once.
const MaxFileSize = 1 << 20

// diskFile caches a file read from disk, parsed when it is Python.
type diskFile struct {
	text    []byte // UTF-8: a .py file is decoded from the encoding it declares (PEP 263)
	doc     *treesitter.Document
	modTime int64
	size    int64
	// decodeErr says why a .py file's bytes are not Python source (text
	// then holds the bytes as read); encoding names what it was decoded
	// from ("" for UTF-8).
	decodeErr error
	encoding  string
}

// load reads the project's files and configuration; callers hold w.mu.
func (w *Workspace) load(ctx context.Context, progress func(int)) error {
	proj, err := project.LoadContext(ctx, w.root, project.LoadOptions{Shallow: w.opts.Shallow, Dirs: w.opts.Dirs, Progress: progress})
	if err != nil {
		return err
	}
	return w.adopt(proj, false)
}

// reload reads the project files again without walking the folder (see
// project.Reload); the .py files are those of the last walk.
func (w *Workspace) reload(ctx context.Context) error {
	if w.proj == nil {
		return w.load(ctx, nil)
	}
	proj, err := project.Reload(ctx, w.proj)
	if err != nil {
		return err
	}
	return w.adopt(proj, true)
}

// adopt makes proj the workspace's project, its configuration read again.
// The candidate settings modules are found again unless the files are the
// last walk's (sameFiles) and the configured settings globs did not
// change: classifying 50,000 files costs ~0.25 s.
func (w *Workspace) adopt(proj *project.Project, sameFiles bool) error {
	fileCfg, err := w.loadConfig()
	if err != nil {
		return err
	}
	old := w.cfg
	w.proj = proj
	w.fileCfg = fileCfg
	w.cfg = config.Merge(w.opts.Editor, fileCfg)
	if sameFiles && w.candidates != nil && sameGlobs(old, w.cfg) {
		proj.Skipped = append(proj.Skipped, w.unreadable...)
		return nil
	}
	w.candidates = map[string]bool{}
	w.unreadable = nil
	for _, f := range proj.Files {
		ok, err := w.candidate(f, nil)
		if ok {
			w.candidates[f] = true
		} else if err != nil {
			// Unreadable, so whether it is a settings module is unknown:
			// say so rather than leave it out silently.
			w.unreadable = append(w.unreadable, project.Skip{Path: f, Reason: project.Unreadable(err)})
		}
	}
	proj.Skipped = append(proj.Skipped, w.unreadable...)
	return nil
}

// sameGlobs reports whether a and b name the same settings modules.
func sameGlobs(a, b *config.Config) bool {
	if a == nil || b == nil {
		return a == b
	}
	return slices.Equal(a.Settings, b.Settings) && slices.Equal(a.Production, b.Production) && slices.Equal(a.Development, b.Development)
}

// isCandidate reports a .py file that may be a settings module: by name,
// or by a cheap look at its text for Django setting names.
func (w *Workspace) isCandidate(path string, text []byte) bool {
	ok, _ := w.candidate(path, text)
	return ok
}

// candidate is isCandidate that also returns the error that kept it from
// reading a file it had to look into (a file named like settings is a
// candidate without being read; the analysis reports it if unreadable).
func (w *Workspace) candidate(path string, text []byte) (bool, error) {
	if !strings.HasSuffix(path, ".py") {
		return false, nil
	}
	rel, _ := filepath.Rel(w.root, path)
	rel = filepath.ToSlash(rel)
	if strings.Contains("/"+rel, "/migrations/") || strings.Contains("/"+rel, "/tests/") {
		return false, nil
	}
	if w.matchesConfigured(rel) || settingsByName(rel) {
		return true, nil
	}
	if text == nil {
		f, err := w.readDiskErr(path)
		if f == nil {
			// Over the size limit: still a settings module if it reads
			// like one, so that the analysis reports it as not judged
			// rather than leaving it out unseen.
			return err == nil && settingsText(path), err
		}
		text = f.text
	}
	return looksLikeSettings(text), nil
}

// maxPeek bounds how much of a file too big to judge is searched for
// setting names.
const maxPeek = 64 << 20

// settingsText reports a regular file whose first maxPeek bytes hold
// setting names (looksLikeSettings), whatever its size.
func settingsText(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return false
	}
	text, _ := io.ReadAll(io.LimitReader(f, maxPeek))
	return looksLikeSettings(text)
}

// mayBeSettings reports a .py file the project walk left out (too big,
// unreadable, a link out of the project) that may be a settings module:
// named or configured as one, or, when too big, holding setting names.
func (w *Workspace) mayBeSettings(path, reason string) bool {
	if !strings.HasSuffix(path, ".py") {
		return false
	}
	rel, err := filepath.Rel(w.root, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	rel = filepath.ToSlash(rel)
	if strings.Contains("/"+rel, "/migrations/") || strings.Contains("/"+rel, "/tests/") {
		return false
	}
	if w.matchesConfigured(rel) || settingsByName(rel) {
		return true
	}
	return strings.HasPrefix(reason, project.SkipTooBig) && settingsText(path)
}

// settingsByName matches settings.py, settings_*.py, *_settings.py and
// modules inside a settings/ package.
func settingsByName(rel string) bool {
	base := filepath.Base(rel)
	dir := filepath.Base(filepath.Dir(rel))
	stem := strings.TrimSuffix(base, ".py")
	return stem == "settings" || strings.HasPrefix(stem, "settings_") || strings.HasSuffix(stem, "_settings") || dir == "settings"
}

var settingsMarkers = [][]byte{[]byte("INSTALLED_APPS"), []byte("MIDDLEWARE"), []byte("ROOT_URLCONF"), []byte("WSGI_APPLICATION"), []byte("SECRET_KEY")}

// looksLikeSettings pre-filters modules by text; the parse decides.
func looksLikeSettings(text []byte) bool {
	n := 0
	for _, m := range settingsMarkers {
		if bytes.Contains(text, m) {
			n++
		}
	}
	return n >= 2
}

func (w *Workspace) matchesConfigured(rel string) bool {
	if w.cfg == nil {
		return false
	}
	for _, globs := range [][]string{w.cfg.Settings, w.cfg.Production, w.cfg.Development} {
		for _, g := range globs {
			if globMatch(g, rel) {
				return true
			}
		}
	}
	return false
}

// globMatch matches a slash path against a glob in git's dialect (as in
// .gitignore, `**` included), or a dotted module name.
func globMatch(glob, rel string) bool {
	if !strings.ContainsAny(glob, "/*?[") && strings.Contains(glob, ".") && !strings.HasSuffix(glob, ".py") {
		mod := strings.TrimSuffix(strings.ReplaceAll(rel, "/", "."), ".py")
		return mod == glob || strings.HasSuffix(mod, "."+glob)
	}
	return wildmatch.Match(glob, rel)
}

// readDisk returns a file's cached text, re-reading it when it changed.
// nil means unreadable or over the size limit.
func (w *Workspace) readDisk(path string) *diskFile {
	f, _ := w.readDiskErr(path)
	return f
}

// skipReason says why readDiskErr gave no file: its error, else the size
// limit or not being a regular file.
func (w *Workspace) skipReason(path string, err error) string {
	if err != nil {
		return project.Unreadable(err)
	}
	if st, statErr := os.Stat(path); statErr == nil && st.Mode().IsRegular() {
		return fmt.Sprintf("%s: over the %d MiB limit for settings modules", project.SkipTooBig, MaxFileSize>>20)
	}
	return "not a regular file"
}

// readDiskErr is readDisk with the error of a failed stat or read (nil for
// a file that is over the size limit or not a regular file).
func (w *Workspace) readDiskErr(path string) (*diskFile, error) {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() > MaxFileSize {
		delete(w.disk, path)
		return nil, err
	}
	if f, ok := w.disk[path]; ok && f.modTime == st.ModTime().UnixNano() && f.size == st.Size() {
		return f, nil
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if old, ok := w.disk[path]; ok && old.doc != nil {
		old.doc.Close()
	}
	f := &diskFile{text: text, modTime: st.ModTime().UnixNano(), size: st.Size()}
	if strings.HasSuffix(path, ".py") {
		if decoded, enc, err := pyenc.Decode(text); err != nil {
			f.decodeErr = err
		} else {
			f.text, f.encoding = decoded, enc
		}
	} else if decoded, enc, ok := pyenc.DecodeBOM(text); ok {
		// As the project package reads it (requirements saved as UTF-16).
		f.text, f.encoding = decoded, enc
	}
	w.disk[path] = f
	return f, nil
}

// pyDoc returns the parsed document of a Python file from disk.
func (w *Workspace) pyDoc(path string) *treesitter.Document {
	f := w.readDisk(path)
	if f == nil {
		return nil
	}
	if f.doc == nil {
		// A file read from disk is never edited, only read again when it
		// changes: its C tree would only hold memory (about as much as
		// the Go nodes: 200 MB for a 200,000-line module).
		f.doc = treesitter.Parse(f.text)
		f.doc.Close()
	}
	return f.doc
}

// workspaceState is the part of a Workspace guarded by its mutex.
type workspaceState struct {
	mu         sync.Mutex
	proj       *project.Project
	fileCfg    *config.Config
	cfg        *config.Config
	cfgErr     error // the configuration file's problem (KeepLastGoodConfig); nil when valid
	candidates map[string]bool
	unreadable []project.Skip // candidates that could not be read to classify them
	disk       map[string]*diskFile
	evals      map[string]*evalEntry // see evalcache.go
	buffered   *bufferedProject      // the project read with open documents (buffers.go)
	replaced   replacedModules       // see keepForReuse (evalcache.go)
	judged     judgeCache            // what the rules found, module by module (judgecache.go)
	lastFound  lastFindings          // the last result's findings by file (findingshare.go)
	scratch    findingScratch        // reused by the next analysis (findingscratch.go)
}
