// Package project gathers what djls knows about a Django project besides the
// Python of its settings modules: its .py files, .gitignore, requirements
// (requirements files, pyproject.toml, Pipfile, setup.cfg), Django version,
// the DJANGO_SETTINGS_MODULE defaults of manage.py/wsgi.py/asgi.py and its
// .env files. Everything is read as text; no project code is ever run.
package project

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/djls-dev/djls/internal/pyenc"
)

// Project is one project folder as found on disk.
type Project struct {
	Root string // absolute, cleaned
	// Repo is the repository root: the nearest folder at or above Root
	// holding .git, else Root. Project files and .gitignore files are read
	// up to it (see View and Ignored).
	Repo          string
	Files         []string   // candidate .py files (absolute, sorted), see Walk limits
	GitIgnore     *GitIgnore // nil when there is no .gitignore at Root
	GitIgnorePath string     // Root/.gitignore (even when missing)
	// Requirements from every requirements source of every folder read
	// (see View for those of one project folder), folder by folder in path
	// order, in file/line order within a folder.
	Requirements       []Requirement
	RequirementFiles   []string    // files read (absolute)
	Django             Version     // the Django version seen from Root (View(Root).Django)
	SettingsModuleRefs []ModuleRef // DJANGO_SETTINGS_MODULE defaults in manage.py, wsgi.py, asgi.py
	EnvFiles           []string    // existing .env-style files at Root (absolute)
	DeployFiles        []string    // Dockerfiles, Procfiles, compose and uwsgi/gunicorn files found by the walk (absolute)
	Skipped            []Skip      // files and folders left out, with the reason

	realRoot  string // Root with symlinks resolved, to keep the walk inside it
	realRepo  string // Repo with symlinks resolved, to keep reads inside it
	walkSkips int    // Skipped[:walkSkips] are the walk's (kept by Reload)

	folderSet     map[string]bool    // folders whose project files are read (see folders.go)
	foldersCapped bool               // maxProjectFolders was reached
	folders       map[string]*folder // what they hold
	excludes      []ignoreLayer      // core.excludesFile, then .git/info/exclude

	deployOnce   sync.Once         // DeployedServers reads the deployment files once
	deployed     map[string]string // server -> deployment file naming it
	manifestOnce sync.Once         // Manifests parses the deployment manifests once
	manifests    []Manifest
	parsedMu     sync.Mutex // guards parsed
	parsed       map[string]parsedManifest
	trackedOnce  sync.Once // TrackedEnvFiles reads the git index once
	tracked      []string
	viewsMu      sync.Mutex
	views        map[string]*View  // View's answers by folder
	folderOf     map[string]string // ProjectFolder's answers by settings path

	asked   map[string]bool // files readFile was asked for (see Reads)
	buffers Buffers         // texts read instead of the disk (see ReloadBuffers)
}

// Requirement is one dependency named by the project.
type Requirement struct {
	Name string // normalised per PEP 503, e.g. "django-cors-headers"
	// Spec is the requirement's text: "gunicorn==21.2.0" (requirements files
	// and PEP 621/735 arrays, without comments or options), or the whole
	// `name = value` for Poetry and Pipfile tables.
	Spec string
	File string // absolute path
	Line int    // 1-based
	// Start, End: byte range in File. Requirements files: the whole logical
	// line (continuations included) without its newline. TOML arrays: the
	// string's contents. Poetry/Pipfile tables: `name = value`.
	Start, End int
	Commented  bool   // found only as a commented-out line: "# gunicorn==21.2.0  # for prod"
	Source     string // one of the Source* constants

	constraint string // version part: ">=4.2,<5" or Poetry's "^4.2"
}

// Requirement sources.
const (
	SourceRequirements = "requirements" // requirements*.txt and their -r includes
	SourceConstraints  = "constraints"  // files included with -c: pins, not dependencies
	SourcePyproject    = "pyproject"    // PEP 621 and PEP 735 tables
	SourcePoetry       = "poetry"
	SourcePipfile      = "pipfile"
	SourceSetupCfg     = "setup.cfg"
)

// Version is a Django major.minor version.
type Version struct {
	Major, Minor int
	Known        bool
	Source       string // "requirements.txt:1": path relative to Root, and line
}

func (v Version) String() string {
	if !v.Known {
		return "unknown"
	}
	return fmt.Sprintf("%d.%d", v.Major, v.Minor)
}

// ModuleRef is a DJANGO_SETTINGS_MODULE default found in a file.
type ModuleRef struct {
	Module string // e.g. "config.settings.production"
	File   string // absolute
	Line   int    // 1-based
}

// Skip is a file or folder left out of the project, and why.
type Skip struct {
	Path   string // absolute
	Reason string // one of the Skip* constants, sometimes with detail after ": "
}

// Reasons for a Skip.
const (
	SkipTooBig      = "too big"
	SkipUnreadable  = "unreadable"
	SkipBinary      = "binary"
	SkipSymlink     = "symlink not followed"
	SkipTooManyPy   = "too many .py files"
	SkipOutsideRoot = "outside the root" // a symlink or an include leading out of Root
	SkipInvalid     = "invalid"          // a TOML or JSON file that does not decode
	// SkipTooManyFolders: more than maxProjectFolders folders hold project
	// files; those past it are not read.
	SkipTooManyFolders = "too many folders with project files"
)

// Load reads the project at root. It fails only when root itself cannot be
// read; every other problem becomes a Skip.
func Load(root string) (*Project, error) {
	return LoadContext(context.Background(), root, LoadOptions{})
}

// LoadShallow reads only root's own files, not its subfolders: for a file
// an editor opens outside any project, whose folder may be / or $HOME.
func LoadShallow(root string) (*Project, error) {
	return LoadContext(context.Background(), root, LoadOptions{Shallow: true})
}

// LoadOptions tune LoadContext.
type LoadOptions struct {
	// Shallow lists only root's own .py files (and those of Dirs), not
	// their subfolders.
	Shallow bool
	// Dirs, with Shallow: folders inside root whose own .py files are listed
	// too (the folders of the documents an editor has open). Folders outside
	// root, also through a symlink, are ignored.
	Dirs []string
	// Progress, when set, is called from the walk each time another
	// ProgressEvery .py files have been listed, with the number so far.
	Progress func(pyFiles int)
}

// ProgressEvery is how many listed .py files separate two Progress calls.
const ProgressEvery = 1000

// LoadContext is Load with cancellation: the walk checks ctx at every folder
// (and every few hundred entries of a large one) and before every file it
// reads; once ctx is done, LoadContext returns ctx.Err() and no Project.
func LoadContext(ctx context.Context, root string, opts LoadOptions) (*Project, error) {
	lim := defaultLimits
	lim.ctx = ctx
	lim.shallow = opts.Shallow
	lim.progress = opts.Progress
	if opts.Shallow {
		lim.dirs = opts.Dirs
	}
	return load(root, lim)
}

func load(root string, lim limits) (*Project, error) {
	if lim.ctx == nil {
		lim.ctx = context.Background()
	}
	if err := lim.ctx.Err(); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	abs = filepath.Clean(abs)
	if _, err := os.ReadDir(abs); err != nil {
		return nil, fmt.Errorf("project: %w", err)
	}
	p := &Project{Root: abs, GitIgnorePath: filepath.Join(abs, ".gitignore"), realRoot: abs, Repo: findRepoRoot(abs)}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		p.realRoot = real
	}
	p.realRepo = p.Repo
	if real, err := filepath.EvalSymlinks(p.Repo); err == nil {
		p.realRepo = real
	}
	p.walk(lim)
	if err := lim.ctx.Err(); err != nil {
		return nil, err // a walk cut short leaves a partial project
	}
	p.walkSkips = len(p.Skipped)
	if err := p.readProjectFiles(lim); err != nil {
		return nil, err
	}
	return p, nil
}

// Reload reads prev's project files again (.gitignore, .env files,
// requirements, pyproject.toml, Pipfile, setup.cfg, and the Django version
// and settings references they and manage.py, wsgi.py, asgi.py give)
// without walking the folder again: it keeps the .py files prev's walk
// listed, which none of those files changes. For a .py file created or
// deleted, Load again.
func Reload(ctx context.Context, prev *Project) (*Project, error) {
	return reload(ctx, prev, nil)
}

func reload(ctx context.Context, prev *Project, buffers Buffers) (*Project, error) {
	lim := defaultLimits
	lim.ctx = ctx
	lim.buffers = buffers
	p := &Project{buffers: buffers, Root: prev.Root, Repo: prev.Repo, GitIgnorePath: prev.GitIgnorePath, realRoot: prev.realRoot, realRepo: prev.realRepo,
		Files: prev.Files, DeployFiles: prev.DeployFiles, Skipped: slices.Clone(prev.Skipped[:prev.walkSkips]), walkSkips: prev.walkSkips,
		folderSet: maps.Clone(prev.folderSet), foldersCapped: prev.foldersCapped}
	if err := p.readProjectFiles(lim); err != nil {
		return nil, err
	}
	return p, nil
}

// readProjectFiles reads everything but the walk's .py files.
func (p *Project) readProjectFiles(lim limits) error {
	steps := []func(){
		p.readExcludes,
		func() { p.readFolders(lim) },
		func() {
			if f := p.folders[p.Root]; f != nil {
				p.GitIgnore, p.EnvFiles = f.gitignore, f.envFiles
			}
			p.Django = p.View(p.Root).Django
		},
		func() { p.findSettingsRefs(lim) },
	}
	for _, step := range steps {
		step()
		// A step cut short by cancellation leaves a partial project.
		if err := lim.ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// HasPackage reports whether the project names package name (any spelling
// that normalises alike). found is true when it appears at all, as a real or
// a commented-out requirement; commentedOnly is true when every mention is
// commented out. So "really depends on it" is found && !commentedOnly.
// Entries of constraints files pin versions but are not dependencies, so
// they do not count.
func (p *Project) HasPackage(name string) (found, commentedOnly bool) {
	return hasPackage(p.Requirements, name)
}

func hasPackage(reqs []Requirement, name string) (found, commentedOnly bool) {
	name = NormalizeName(name)
	for _, r := range reqs {
		if r.Name != name || r.Source == SourceConstraints {
			continue
		}
		if !r.Commented {
			return true, false
		}
		found, commentedOnly = true, true
	}
	return found, commentedOnly
}

// NormalizeName applies PEP 503: lower case, runs of '-', '_', '.' become '-'.
func NormalizeName(name string) string {
	var b strings.Builder
	sep := false
	for _, c := range strings.ToLower(strings.TrimSpace(name)) {
		if c == '-' || c == '_' || c == '.' {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteRune(c)
	}
	return b.String()
}

// rel returns path relative to the root, with '/'.
func (p *Project) rel(path string) string {
	r, err := filepath.Rel(p.Root, path)
	if err != nil {
		return path
	}
	return filepath.ToSlash(r)
}

// readFile reads a small text file of the project. A missing file is quietly
// absent; any other problem is recorded as a Skip.
func (p *Project) readFile(path string, lim limits) ([]byte, bool) {
	if lim.ctx.Err() != nil {
		return nil, false // load returns the context's error
	}
	p.noteAsked(path)
	if text, ok := lim.buffered(p, path); ok {
		if int64(len(text)) > lim.maxFileSize {
			p.skip(path, SkipTooBig)
			return nil, false
		}
		return text, true
	}
	if _, err := os.Lstat(path); err != nil {
		if !os.IsNotExist(err) {
			p.skip(path, Unreadable(err))
		}
		return nil, false
	}
	// Resolving the whole path also catches "-r ../../elsewhere.txt" and
	// symlinked folders.
	target, ok := p.insideRepo(path)
	if !ok {
		p.skip(path, SkipOutsideRoot)
		return nil, false
	}
	info, err := os.Stat(target)
	if err != nil {
		p.skip(path, Unreadable(err))
		return nil, false
	}
	if !info.Mode().IsRegular() {
		return nil, false
	}
	if info.Size() > lim.maxFileSize {
		p.skip(path, SkipTooBig)
		return nil, false
	}
	text, err := os.ReadFile(target)
	if err != nil {
		p.skip(path, Unreadable(err))
		return nil, false
	}
	if decoded, _, ok := pyenc.DecodeBOM(text); ok {
		return decoded, true // UTF-16 or UTF-32, as Windows tools save files
	}
	if bytes.IndexByte(text[:min(len(text), 8192)], 0) >= 0 {
		p.skip(path, SkipBinary)
		return nil, false
	}
	return text, true
}

// insideRoot resolves a symlink and tells whether its target is inside Root.
func (p *Project) insideRoot(path string) (string, bool) {
	return inside(p.realRoot, path)
}

// insideRepo resolves a symlink and tells whether its target is inside the
// repository: project files are read from there.
func (p *Project) insideRepo(path string) (string, bool) {
	return inside(p.realRepo, path)
}

func inside(realDir, path string) (string, bool) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", false
	}
	r, err := filepath.Rel(realDir, target)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return target, true
}

// Unreadable is the Skip reason for a file or folder that could not be
// read: "unreadable: permission denied". The path is left out of the
// error (a Skip names it already).
func Unreadable(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return SkipUnreadable + ": " + err.Error()
}

func (p *Project) skip(path, reason string) {
	p.Skipped = append(p.Skipped, Skip{Path: path, Reason: reason})
}

// envFileTemplates are committed on purpose and hold no secrets.
var envFileTemplates = []string{".example", ".sample", ".template", ".dist", ".tpl"}

// isEnvFileName matches .env, .env.* and *.env, except templates such as
// .env.example.
func isEnvFileName(name string) bool {
	if !(name == ".env" || strings.HasPrefix(name, ".env.") || strings.HasSuffix(name, ".env")) {
		return false
	}
	for _, t := range envFileTemplates {
		if strings.HasSuffix(name, t) {
			return false
		}
	}
	return true
}

// envFilesIn lists the .env-style files of dir (isEnvFileName), sorted.
func envFilesIn(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && isEnvFileName(e.Name()) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	return out
}

// globEscape quotes the characters filepath.Glob treats as patterns.
func globEscape(path string) string {
	var b strings.Builder
	for _, c := range path {
		if strings.ContainsRune(`*?[\`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}
