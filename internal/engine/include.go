package engine

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/djls-dev/djls/internal/evaluator"
)

// IncludeFiles implements evaluator.Includer (django-split-settings'
// include()): pattern is relative to the including file's folder, and a
// glob expands, as split_settings does with glob.glob, to its files in
// sorted order. Only files inside the workspace are read.
func (a *analysis) IncludeFiles(fromPath, pattern string) []evaluator.IncludedFile {
	full := filepath.FromSlash(pattern)
	if !filepath.IsAbs(full) {
		full = filepath.Join(filepath.Dir(fromPath), full)
	}
	full = filepath.Clean(full)
	if !strings.HasPrefix(full, a.w.root+string(filepath.Separator)) {
		return nil
	}
	var out []evaluator.IncludedFile
	for _, p := range a.globFiles(full) {
		if _, open := a.overlays[p]; !open {
			if f := a.disk(p); f.text == nil || f.decodeErr != nil {
				continue
			}
		}
		d := a.doc(p)
		if d == nil {
			continue
		}
		out = append(out, evaluator.IncludedFile{Path: p, Doc: d, Dev: a.role(p) == Development})
	}
	return out
}

// globFiles lists the regular files a glob names: open documents and files
// on disk. A frozen analysis lists only the files the analysis it repeats
// found (each was checked with isFile then).
func (a *analysis) globFiles(pattern string) []string {
	seen := map[string]bool{}
	if !hasGlobMeta(pattern) {
		if _, open := a.overlays[pattern]; open || a.isFile(pattern) {
			return []string{pattern}
		}
		return nil
	}
	for p := range a.overlays {
		if ok, _ := filepath.Match(pattern, p); ok {
			seen[p] = true
		}
	}
	var found []string
	if a.frozen {
		for p, isFile := range a.files {
			if ok, _ := filepath.Match(pattern, p); ok && isFile {
				found = append(found, p)
			}
		}
	} else {
		found, _ = filepath.Glob(pattern)
	}
	for _, p := range found {
		if a.isFile(p) {
			seen[p] = true
		}
	}
	if !strings.HasPrefix(filepath.Base(pattern), ".") {
		for p := range seen {
			if strings.HasPrefix(filepath.Base(p), ".") {
				delete(seen, p) // Python's glob leaves hidden files out
			}
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func hasGlobMeta(p string) bool { return strings.ContainsAny(p, "*?[") }

// includeRecord is one IncludeFiles call an evaluation made, with its answer.
type includeRecord struct {
	from, pattern string
	files         []evaluator.IncludedFile
}

// IncludeFiles passes the call on to the analysis, writing the answer
// down for the cache.
func (r *recorder) IncludeFiles(fromPath, pattern string) []evaluator.IncludedFile {
	files := r.a.IncludeFiles(fromPath, pattern)
	r.includes = append(r.includes, includeRecord{from: fromPath, pattern: pattern, files: files})
	return files
}

// includesUnchanged reports whether every include an evaluation made still
// names the same files, with the same trees.
func (a *analysis) includesUnchanged(recs []includeRecord) bool {
	for _, rec := range recs {
		now := a.IncludeFiles(rec.from, rec.pattern)
		if len(now) != len(rec.files) {
			return false
		}
		for i := range now {
			if now[i] != rec.files[i] {
				return false
			}
		}
	}
	return true
}
