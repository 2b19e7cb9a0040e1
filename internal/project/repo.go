package project

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// The repository around a project: where git's ignore rules and the project
// files above the checked folder come from. Everything is read as text; git
// itself is never run.

// findRepoRoot returns the nearest folder at or above dir holding .git (a
// folder, or the file a worktree or submodule has), or dir itself when
// there is none.
func findRepoRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if d == filepath.Dir(d) {
			return dir
		}
	}
}

// gitDirs returns the repository's git folder and its common folder (they
// differ in a linked worktree, whose info/exclude and config are the main
// repository's). Both are "" when repo holds no .git.
func gitDirs(repo string) (gitDir, common string) {
	dotgit := filepath.Join(repo, ".git")
	st, err := os.Stat(dotgit)
	switch {
	case err != nil:
		return "", ""
	case st.IsDir():
		gitDir = dotgit
	default:
		// A worktree or submodule: "gitdir: <path>".
		text, err := readSmall(dotgit)
		if err != nil {
			return "", ""
		}
		target, ok := strings.CutPrefix(strings.TrimSpace(string(text)), "gitdir:")
		if !ok {
			return "", ""
		}
		gitDir = absFrom(repo, strings.TrimSpace(target))
	}
	common = gitDir
	if text, err := readSmall(filepath.Join(gitDir, "commondir")); err == nil {
		common = absFrom(gitDir, strings.TrimSpace(string(text)))
	}
	return gitDir, common
}

// absFrom resolves p against base unless it is absolute.
func absFrom(base, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(base, p)
}

// maxGitFile bounds what is read of git's own files (config, exclude files).
const maxGitFile = 1 << 20

// readSmall reads at most maxGitFile bytes of a regular file.
func readSmall(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, os.ErrNotExist
	}
	return io.ReadAll(io.LimitReader(f, maxGitFile))
}

// excludesFile returns the user's core.excludesFile, as git finds it: the
// repository's config wins over ~/.gitconfig, which wins over
// $XDG_CONFIG_HOME/git/config; unset, it is $XDG_CONFIG_HOME/git/ignore
// ($HOME/.config/git/ignore when XDG_CONFIG_HOME is unset). "" when there
// is no home to look in.
func excludesFile(repo, common string) string {
	home := os.Getenv("HOME")
	xdg := os.Getenv("XDG_CONFIG_HOME")
	if xdg == "" && home != "" {
		xdg = filepath.Join(home, ".config")
	}
	var configs []string
	if xdg != "" {
		configs = append(configs, filepath.Join(xdg, "git", "config"))
	}
	if home != "" {
		configs = append(configs, filepath.Join(home, ".gitconfig"))
	}
	if common != "" {
		configs = append(configs, filepath.Join(common, "config"))
	}
	value, set := "", false
	for _, c := range configs {
		text, err := readSmall(c)
		if err != nil {
			continue
		}
		if v, ok := configValue(text, "core", "excludesfile"); ok {
			value, set = v, true
		}
	}
	if !set {
		if xdg == "" {
			return ""
		}
		return filepath.Join(xdg, "git", "ignore")
	}
	if value == "" {
		return "" // set empty: no global excludes
	}
	if rest, ok := strings.CutPrefix(value, "~/"); ok && home != "" {
		return filepath.Join(home, rest)
	}
	return absFrom(repo, value)
}

// configValue returns the last value of section.key in a git config file
// (names compared without case; subsections such as [core "x"] are other
// sections). Includes are not followed.
func configValue(text []byte, section, key string) (string, bool) {
	current, value, found := "", "", false
	for _, raw := range bytes.Split(text, []byte("\n")) {
		line := strings.TrimSpace(strings.TrimSuffix(string(raw), "\r"))
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				continue
			}
			current = strings.ToLower(strings.TrimSpace(line[1:end]))
			line = strings.TrimSpace(line[end+1:]) // "[core] excludesfile = x" is allowed
			if line == "" {
				continue
			}
		}
		name, v, ok := strings.Cut(line, "=")
		if !ok || current != section || !strings.EqualFold(strings.TrimSpace(name), key) {
			continue
		}
		value, found = configString(v), true
	}
	return value, found
}

// configString reads a git config value: quotes removed, `\"`, `\\`, `\t`
// and `\n` unescaped, an unquoted `#` or `;` starting a comment, outer
// blanks dropped.
func configString(v string) string {
	var b strings.Builder
	quoted := false
	pendingSpace := ""
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '"':
			quoted = !quoted
			continue
		case !quoted && (c == '#' || c == ';'):
			return b.String()
		case c == '\\' && i+1 < len(v):
			i++
			c = map[byte]byte{'n': '\n', 't': '\t', 'b': '\b'}[v[i]]
			if c == 0 {
				c = v[i]
			}
		case !quoted && (c == ' ' || c == '\t'):
			if b.Len() > 0 {
				pendingSpace += string(c)
			}
			continue
		}
		b.WriteString(pendingSpace)
		pendingSpace = ""
		b.WriteByte(c)
	}
	return b.String()
}
