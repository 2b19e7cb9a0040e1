package project

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
)

// What git tracks comes from the repository's index file (.git/index),
// read here without running git. Only the entries' paths are needed, so
// this reads the documented format (versions 2 to 4, gitformat-index(5))
// directly: go-git's index decoder would bring go-git's dependency graph
// for some sixty lines.

// maxIndexSize bounds the index file read (a huge monorepo's index is not
// worth reading for .env files).
const maxIndexSize = 64 << 20

// TrackedEnvFiles returns the .env-style files (isEnvFileName) that git
// tracks in the checked folder or in a folder above it up to the
// repository root (where DJS801 looks too; another project of a monorepo
// is not this one's business), as absolute paths, read once per load. None
// when the repository has no readable index.
func (p *Project) TrackedEnvFiles() []string {
	p.trackedOnce.Do(func() {
		// Only paths holding ".env" become strings: every .env-style name
		// does, and a repository's index lists thousands of other files.
		for _, rel := range indexPathsWith(gitDir(p.Repo), ".env") {
			if !isEnvFileName(rel[strings.LastIndexByte(rel, '/')+1:]) {
				continue
			}
			path := filepath.Join(p.Repo, filepath.FromSlash(rel))
			if dir := filepath.Dir(path); within(p.Root, dir) || within(dir, p.Root) {
				p.tracked = append(p.tracked, path)
			}
		}
	})
	return p.tracked
}

// gitDir returns the repository's git directory: repo/.git, or the folder
// a .git file points to (`gitdir: ...`, worktrees and submodules).
func gitDir(repo string) string {
	dot := filepath.Join(repo, ".git")
	info, err := os.Stat(dot)
	if err != nil || info.IsDir() {
		return dot
	}
	data, err := os.ReadFile(dot)
	if err != nil {
		return dot
	}
	dir, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
	if !ok {
		return dot
	}
	dir = strings.TrimSpace(dir)
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(repo, dir)
	}
	return dir
}

// IndexPaths returns the paths (slash-separated, relative to the
// repository root) of the index in gitDir; nil when it is missing or not
// an index this reader knows.
func IndexPaths(gitDir string) []string {
	return indexPathsWith(gitDir, "")
}

// indexPathsWith is IndexPaths keeping only the paths that contain sub.
func indexPathsWith(gitDir, sub string) []string {
	info, err := os.Stat(filepath.Join(gitDir, "index"))
	if err != nil || !info.Mode().IsRegular() || info.Size() > maxIndexSize {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(gitDir, "index"))
	if err != nil {
		return nil
	}
	return parseIndexWith(data, sub)
}

// parseIndex reads the entries' paths of an index file. A malformed index
// gives the paths read before the damage.
func parseIndex(data []byte) []string {
	return parseIndexWith(data, "")
}

// parseIndexWith is parseIndex keeping only the paths that contain sub.
func parseIndexWith(data []byte, sub string) []string {
	if len(data) < 12 || string(data[:4]) != "DIRC" {
		return nil
	}
	version := binary.BigEndian.Uint32(data[4:8])
	count := binary.BigEndian.Uint32(data[8:12])
	if version < 2 || version > 4 {
		return nil
	}
	// Each entry: 40 bytes of stat data, a 20-byte object name (SHA-1
	// repositories; git's experimental SHA-256 ones are not read), 16 bits
	// of flags, with version 3+ maybe 16 more, then the path.
	const fixed = 62
	var out []string
	var prev []byte // version 4 paths are compressed against the one before
	off := 12
	for i := uint32(0); i < count; i++ {
		if off+fixed > len(data) {
			return out
		}
		flags := binary.BigEndian.Uint16(data[off+60 : off+62])
		pathAt := off + fixed
		if version >= 3 && flags&0x4000 != 0 {
			pathAt += 2
		}
		if pathAt > len(data) {
			return out
		}
		var path []byte
		var next int
		if version == 4 {
			strip, n := indexVarint(data[pathAt:])
			if n == 0 || strip > len(prev) {
				return out
			}
			end := bytes.IndexByte(data[pathAt+n:], 0)
			if end < 0 {
				return out
			}
			path = append(prev[:len(prev)-strip], data[pathAt+n:pathAt+n+end]...)
			prev = path
			next = pathAt + n + end + 1
		} else {
			end := bytes.IndexByte(data[pathAt:], 0)
			if end < 0 {
				return out
			}
			path = data[pathAt : pathAt+end]
			// Padded with 1 to 8 NULs to a multiple of 8 bytes from the
			// entry's start.
			next = off + (pathAt-off+end+8)&^7
		}
		if bytes.Contains(path, []byte(sub)) {
			out = append(out, string(path))
		}
		off = next
	}
	return out
}

// indexVarint reads the index v4 offset encoding (as in git's varint.c):
// n is 0 when data ends first.
func indexVarint(data []byte) (value, n int) {
	if len(data) == 0 {
		return 0, 0
	}
	c := data[0]
	value = int(c & 127)
	n = 1
	for c&128 != 0 {
		if n >= len(data) || n > 8 {
			return 0, 0
		}
		c = data[n]
		n++
		value = ((value + 1) << 7) | int(c&127)
	}
	return value, n
}
