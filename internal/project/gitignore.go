package project

import (
	"bytes"
	"strings"

	"github.com/djls-dev/djls/internal/wildmatch"
)

// GitIgnore is one parsed .gitignore file. It follows git's rules (see
// gitignore(5)): the last matching pattern wins, `!` re-includes, and a path
// inside an excluded directory stays excluded whatever later patterns say.
type GitIgnore struct {
	patterns []ignorePattern
}

type ignorePattern struct {
	glob     string // wildmatch pattern, leading '/' removed
	negate   bool   // "!pattern"
	dirOnly  bool   // "pattern/"
	basename bool   // no '/' in the pattern: matches the name at any depth
}

// ParseGitIgnore reads the text of a .gitignore file.
func ParseGitIgnore(text []byte) *GitIgnore {
	g := &GitIgnore{}
	text = bytes.TrimPrefix(text, []byte("\xef\xbb\xbf")) // git skips a UTF-8 BOM
	for _, raw := range bytes.Split(text, []byte("\n")) {
		if p, ok := parseIgnoreLine(string(raw)); ok {
			g.patterns = append(g.patterns, p)
		}
	}
	return g
}

func parseIgnoreLine(line string) (ignorePattern, bool) {
	line = strings.TrimSuffix(line, "\r")
	if line == "" || line[0] == '#' {
		return ignorePattern{}, false
	}
	line = trimTrailingSpaces(line)
	if line == "" {
		return ignorePattern{}, false
	}
	var p ignorePattern
	if line[0] == '!' {
		p.negate = true
		line = line[1:]
	}
	if strings.HasSuffix(line, "/") {
		p.dirOnly = true
		line = strings.TrimRight(line, "/")
	}
	if line == "" {
		return ignorePattern{}, false
	}
	// A slash at the start or in the middle anchors the pattern to the
	// .gitignore's folder; otherwise it matches a name at any depth.
	p.basename = !strings.Contains(line, "/")
	p.glob = strings.TrimPrefix(line, "/")
	if p.glob == "" {
		return ignorePattern{}, false
	}
	return p, true
}

// trimTrailingSpaces drops unescaped trailing spaces ("a\ " keeps its space).
func trimTrailingSpaces(s string) string {
	end := len(s)
	for end > 0 && s[end-1] == ' ' {
		backslashes := 0
		for i := end - 2; i >= 0 && s[i] == '\\'; i-- {
			backslashes++
		}
		if backslashes%2 == 1 {
			break
		}
		end--
	}
	return s[:end]
}

// Ignored reports whether relPath (slash-separated, relative to the
// .gitignore's folder) is ignored. isDir tells whether it names a directory.
func (g *GitIgnore) Ignored(relPath string, isDir bool) bool {
	if g == nil {
		return false
	}
	relPath = strings.Trim(strings.TrimPrefix(relPath, "./"), "/")
	if relPath == "" || relPath == "." {
		return false
	}
	// A file cannot be re-included when a parent directory is excluded.
	for i := 0; i < len(relPath); i++ {
		if relPath[i] == '/' && g.match(relPath[:i], true) {
			return true
		}
	}
	return g.match(relPath, isDir)
}

// match applies the patterns to one path, ignoring its parents.
func (g *GitIgnore) match(path string, isDir bool) bool {
	_, ignored := g.decide(path, isDir)
	return ignored
}

// decide applies the patterns to one path, ignoring its parents: matched
// is false when no pattern matches it (a file of lower precedence then
// decides), else ignored is what the last matching pattern says.
func (g *GitIgnore) decide(path string, isDir bool) (matched, ignored bool) {
	if g == nil {
		return false, false
	}
	base := path[strings.LastIndexByte(path, '/')+1:]
	for i := len(g.patterns) - 1; i >= 0; i-- {
		p := g.patterns[i]
		if p.dirOnly && !isDir {
			continue
		}
		subject := path
		if p.basename {
			subject = base
		}
		if wildmatch.Match(p.glob, subject) {
			return true, !p.negate
		}
	}
	return false, false
}
