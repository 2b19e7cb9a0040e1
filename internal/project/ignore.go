package project

import (
	"path/filepath"
	"strings"
)

// Which paths git ignores, judged as git does (gitignore(5)): the
// .gitignore files from the repository root down to the path's folder
// (deeper files win), then .git/info/exclude, then the user's
// core.excludesFile; in each file the last matching pattern wins; and a
// path inside an ignored folder is ignored whatever deeper files say.

// ignoreLayer is one file of patterns relative to the repository root.
type ignoreLayer struct {
	path string
	g    *GitIgnore
}

// readExcludes reads .git/info/exclude and core.excludesFile (see
// excludesFile), lowest precedence first.
func (p *Project) readExcludes() {
	p.excludes = nil
	_, common := gitDirs(p.Repo)
	files := []string{excludesFile(p.Repo, common)}
	if common != "" {
		files = append(files, filepath.Join(common, "info", "exclude"))
	}
	for _, f := range files {
		if f == "" {
			continue
		}
		if text, err := readSmall(f); err == nil {
			p.excludes = append(p.excludes, ignoreLayer{path: f, g: ParseGitIgnore(text)})
		}
	}
}

// Ignored reports whether git ignores path (absolute; isDir tells whether
// it names a folder). A path outside the repository is never ignored.
func (p *Project) Ignored(path string, isDir bool) bool {
	path = filepath.Clean(path)
	if path == p.Repo || !within(p.Repo, path) {
		return false
	}
	rel, err := filepath.Rel(p.Repo, path)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	// A file cannot be re-included when a folder above it is ignored.
	for i := 0; i < len(rel); i++ {
		if rel[i] == '/' && p.ignoredHere(rel[:i], true) {
			return true
		}
	}
	return p.ignoredHere(rel, isDir)
}

// ignoredHere decides one repository-relative path, its parents aside: the
// nearest .gitignore with a matching pattern, else the exclude files.
func (p *Project) ignoredHere(rel string, isDir bool) bool {
	for dir := parentOf(rel); ; dir = parentOf(dir) {
		if f := p.folders[filepath.Join(p.Repo, filepath.FromSlash(dir))]; f != nil && f.gitignore != nil {
			sub := rel
			if dir != "" {
				sub = strings.TrimPrefix(rel, dir+"/")
			}
			if matched, ignored := f.gitignore.decide(sub, isDir); matched {
				return ignored
			}
		}
		if dir == "" {
			break
		}
	}
	for i := len(p.excludes) - 1; i >= 0; i-- {
		if matched, ignored := p.excludes[i].g.decide(rel, isDir); matched {
			return ignored
		}
	}
	return false
}

// parentOf returns the folder of a slash path, "" at the top.
func parentOf(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return ""
}
