package project

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Project files are found where the project is: a settings module's
// requirements, pyproject.toml, Pipfile, setup.cfg and lock files are those
// of its project folder (the folder holding manage.py, or the nearest one
// above the settings module holding such a file) and of every folder above
// it up to the repository root, also above the folder given to Load. The
// walk notes the folders that hold one; the folders from Root up to Repo
// are always read.

// folder is what one folder holds of the project files.
type folder struct {
	manage      bool // holds manage.py
	projectFile bool // holds a requirements file, pyproject.toml, Pipfile, setup.cfg or a lock file

	gitignore *GitIgnore // nil when it has no .gitignore
	envFiles  []string

	// Requirements[reqFrom:reqTo] and RequirementFiles[fileFrom:fileTo] of
	// the Project were read from this folder.
	reqFrom, reqTo, fileFrom, fileTo int
	lock                             Version // Django as a lock file of this folder locks it
}

// maxProjectFolders bounds how many folders' project files are read; a
// monorepo has a few, a folder of vendored projects may have thousands.
const maxProjectFolders = 1000

// projectFileName reports a file (or folder) name that makes its folder
// one whose project files are read.
func projectFileName(name string, isDir bool) (manage, projectFile, other bool) {
	if isDir {
		return false, name == "requirements" || name == "reqs", false
	}
	switch {
	case name == "manage.py":
		return true, false, false
	case name == "pyproject.toml", name == "Pipfile", name == "Pipfile.lock", name == "setup.cfg",
		name == "poetry.lock", name == "uv.lock", name == "pdm.lock", name == "pylock.toml",
		strings.HasPrefix(name, "requirements") && strings.HasSuffix(name, ".txt"):
		return false, true, false
	case name == ".gitignore", isEnvFileName(name):
		return false, false, true
	}
	return false, false, false
}

// noteFolder records dir when one of its entries is a project file.
func (p *Project) noteFolder(dir string, entries []os.DirEntry) {
	for _, e := range entries {
		if _, _, _, ok := noteName(e); ok {
			p.addFolder(dir)
			return
		}
	}
}

func noteName(e os.DirEntry) (manage, projectFile, other, any bool) {
	manage, projectFile, other = projectFileName(e.Name(), e.IsDir())
	return manage, projectFile, other, manage || projectFile || other
}

func (p *Project) addFolder(dir string) {
	if p.folderSet == nil {
		p.folderSet = map[string]bool{}
	}
	if p.folderSet[dir] {
		return
	}
	if len(p.folderSet) >= maxProjectFolders {
		if !p.foldersCapped {
			p.foldersCapped = true
			p.skip(dir, SkipTooManyFolders)
		}
		return
	}
	p.folderSet[dir] = true
}

// chain lists the folders from dir up to the repository root, nearest
// first; empty when dir is outside the repository.
func (p *Project) chain(dir string) []string {
	if !within(p.Repo, dir) {
		return nil
	}
	var out []string
	for d := dir; ; d = filepath.Dir(d) {
		out = append(out, d)
		if d == p.Repo || d == filepath.Dir(d) {
			return out
		}
	}
}

// within reports whether path is dir or inside it.
func within(dir, path string) bool {
	if path == dir || dir == string(filepath.Separator) {
		return true
	}
	// dir + separator is a prefix of path, without building it (rules ask
	// for every settings module on every keystroke).
	return len(path) > len(dir) && path[len(dir)] == filepath.Separator && strings.HasPrefix(path, dir)
}

// readFolders reads the project files of every noted folder (and of the
// folders from Root up to Repo), in path order.
func (p *Project) readFolders(lim limits) {
	for _, d := range p.chain(p.Root) {
		p.addFolder(d)
	}
	dirs := make([]string, 0, len(p.folderSet))
	for d := range p.folderSet {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	p.folders = map[string]*folder{}
	for _, d := range dirs {
		if lim.ctx.Err() != nil {
			return
		}
		p.folders[d] = p.readFolder(d, lim)
	}
}

// readFolder reads one folder's project files.
func (p *Project) readFolder(dir string, lim limits) *folder {
	f := &folder{reqFrom: len(p.Requirements), fileFrom: len(p.RequirementFiles)}
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			manage, projectFile, _, _ := noteName(e)
			f.manage = f.manage || manage
			f.projectFile = f.projectFile || projectFile
		}
	}
	if text, ok := p.readFile(filepath.Join(dir, ".gitignore"), lim); ok {
		f.gitignore = ParseGitIgnore(text)
	}
	f.envFiles = envFilesIn(dir)
	p.readRequirements(dir, lim)
	p.readPyproject(dir, lim)
	p.readPipfile(dir, lim)
	p.readSetupCfg(dir, lim)
	f.reqTo, f.fileTo = len(p.Requirements), len(p.RequirementFiles)
	f.lock, _ = p.lockedDjango(dir, lim)
	return f
}

// ProjectFolder returns the project folder of a settings module: the
// nearest folder at or above it (up to the repository root) holding
// manage.py, else the nearest holding a requirements file, pyproject.toml,
// Pipfile, setup.cfg or a lock file, else Root.
func (p *Project) ProjectFolder(settingsPath string) string {
	// Asked for every module by several project rules at each keystroke:
	// the answer is kept, like View's.
	p.viewsMu.Lock()
	dir, ok := p.folderOf[settingsPath]
	p.viewsMu.Unlock()
	if ok {
		return dir
	}
	dir = p.projectFolder(settingsPath)
	p.viewsMu.Lock()
	if p.folderOf == nil {
		p.folderOf = map[string]string{}
	}
	p.folderOf[settingsPath] = dir
	p.viewsMu.Unlock()
	return dir
}

func (p *Project) projectFolder(settingsPath string) string {
	dir := filepath.Dir(filepath.Clean(settingsPath))
	if !within(p.Repo, dir) {
		return p.Root
	}
	// One walk up chain(dir), without listing it.
	withProjectFile := ""
	for d := dir; ; {
		if f := p.folders[d]; f != nil {
			if f.manage {
				return d
			}
			if f.projectFile && withProjectFile == "" {
				withProjectFile = d
			}
		}
		parent := filepath.Dir(d)
		if d == p.Repo || parent == d {
			break
		}
		d = parent
	}
	if withProjectFile != "" {
		return withProjectFile
	}
	return p.Root
}

// View is the project files seen from one project folder: its own and
// those of every folder above it up to the repository root.
type View struct {
	Folder string // the project folder (absolute)
	// Requirements from every requirements source of the folders, nearest
	// folder first, in file/line order within one folder.
	Requirements     []Requirement
	RequirementFiles []string // files read (absolute), nearest folder first
	// Django is the version the nearest lock file locks (poetry.lock, then
	// uv.lock, then Pipfile.lock of one folder), else the first Django
	// requirement, nearest folder first, that pins or bounds it from below.
	Django Version
	// GitIgnorePath is the nearest .gitignore at or above Folder, "" when
	// there is none up to the repository root.
	GitIgnorePath string
	// EnvFiles are the .env-style files (templates left out) in Folder and
	// the folders above it up to the repository root, nearest first.
	EnvFiles []string
}

// View returns the project files seen from dir.
func (p *Project) View(dir string) *View {
	// A Project does not change once read (Reload makes a new one), and the
	// rules ask for the same few views on every analysis: build each once.
	// The view returned is shared: read it, never change it.
	p.viewsMu.Lock()
	defer p.viewsMu.Unlock()
	if v, ok := p.views[dir]; ok {
		return v
	}
	if p.views == nil {
		p.views = map[string]*View{}
	}
	v := p.buildView(dir)
	p.views[dir] = v
	return v
}

func (p *Project) buildView(dir string) *View {
	v := &View{Folder: dir}
	for _, d := range p.chain(dir) {
		f := p.folders[d]
		if f == nil {
			continue
		}
		v.EnvFiles = append(v.EnvFiles, f.envFiles...)
		v.Requirements = append(v.Requirements, p.Requirements[f.reqFrom:f.reqTo]...)
		v.RequirementFiles = append(v.RequirementFiles, p.RequirementFiles[f.fileFrom:f.fileTo]...)
		if f.lock.Known && !v.Django.Known {
			v.Django = f.lock
		}
	}
	if !v.Django.Known {
		v.Django = p.requiredDjango(v.Requirements)
	}
	v.GitIgnorePath = p.NearestGitIgnore(dir)
	return v
}

// NearestGitIgnore returns the nearest .gitignore at or above dir, up to
// the repository root: the one whose patterns win for the files of dir.
// "" when there is none.
func (p *Project) NearestGitIgnore(dir string) string {
	for _, d := range p.chain(dir) {
		if f := p.folders[d]; f != nil && f.gitignore != nil {
			return filepath.Join(d, ".gitignore")
		}
	}
	return ""
}

// Views returns the views of the project folders of settingsPaths, once
// each, in the order of the paths.
func (p *Project) Views(settingsPaths []string) []*View {
	var out []*View
	seen := map[string]bool{}
	for _, s := range settingsPaths {
		d := p.ProjectFolder(s)
		if !seen[d] {
			seen[d] = true
			out = append(out, p.View(d))
		}
	}
	return out
}

// DjangoFor returns the Django version of the project that runs the given
// settings modules: the first known version among the views of their
// project folders, in the order given (the engine passes its production
// roots first), else the version seen from Root.
func (p *Project) DjangoFor(settingsPaths []string) Version {
	for _, v := range p.Views(settingsPaths) {
		if v.Django.Known {
			return v.Django
		}
	}
	return p.Django
}

// HasPackage is Project.HasPackage over the view's requirements.
func (v *View) HasPackage(name string) (found, commentedOnly bool) {
	return hasPackage(v.Requirements, name)
}

// Tracks reports whether a change to the project file at path is seen by
// Reload: it lies in a folder whose project files are read (or in its
// requirements/ or reqs/ folder). Otherwise Load again.
func (p *Project) Tracks(path string) bool {
	dir := filepath.Dir(filepath.Clean(path))
	if p.folderSet[dir] {
		return true
	}
	switch filepath.Base(dir) {
	case "requirements", "reqs":
		return p.folderSet[filepath.Dir(dir)]
	}
	return false
}
