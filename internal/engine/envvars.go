package engine

import (
	"sort"
	"strings"

	"github.com/djls-dev/djls/internal/diagnostics"
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/textpos"
)

// EnvVar is an environment variable the settings read.
type EnvVar struct {
	Name    string
	Default string // the default as it would be written in a .env file; "" for secrets and required reads
	Secret  bool   // a secret name, or a default that holds credentials
	Path    string // where it is first read
	Line    int    // 1-based
}

// EnvVars lists every env var the settings modules read, and the project
// modules they import (a helper module reading os.environ), once each, in
// file and line order of where the read is written. Defaults of secrets
// are never copied.
func (r *Result) EnvVars() []EnvVar {
	var out []EnvVar
	seen := map[string]bool{}
	for _, l := range r.envReads() {
		e := l.read
		if e.Var == "" || seen[e.Var] || e.Library == "config" {
			continue
		}
		seen[e.Var] = true
		v := EnvVar{Name: e.Var, Path: l.file, Secret: diagnostics.IsSecretName(e.Var)}
		v.Line, _ = textpos.NewMapper(l.text).Position(e.Call.Start, textpos.UTF16)
		v.Line++
		if def, ok := r.sourceOf(e.Default, l); e.HasDefault && ok {
			def := defaultText(def)
			if diagnostics.SecretValue(def) {
				v.Secret = true
			}
			if !v.Secret {
				v.Default = def
			}
		}
		out = append(out, v)
	}
	return out
}

// locatedRead is an env read with the file it is written in.
type locatedRead struct {
	file string
	text []byte
	read *evaluator.EnvRead
}

// envReads returns the env reads of the settings modules and of the project
// modules they import, each once, ordered by file and offset. A read made
// by a helper of another module sits in that module's file.
func (r *Result) envReads() []locatedRead {
	var mods []*evaluator.Module
	for p, m := range r.modules {
		if r.isSettings(p) {
			mods = append(mods, m)
		}
	}
	mods = append(mods, r.imported...)
	var out []locatedRead
	seen := map[*evaluator.EnvRead]bool{}
	for _, m := range mods {
		for _, e := range m.EnvReads {
			file := e.Call.File
			if file == "" {
				file = m.Path
			}
			owner := r.modules[file]
			if seen[e] || owner == nil || e.Call.End > len(owner.Text) {
				continue
			}
			seen[e] = true
			out = append(out, locatedRead{file: file, text: owner.Text, read: e})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].file != out[j].file {
			return out[i].file < out[j].file
		}
		if out[i].read.Call.Start != out[j].read.Call.Start {
			return out[i].read.Call.Start < out[j].read.Call.Start
		}
		return out[i].read.Var < out[j].read.Var // one helper read, called for several vars
	})
	return out
}

// sourceOf returns the source text of span s (in the read's file unless s
// names another evaluated module).
func (r *Result) sourceOf(s evaluator.Span, l locatedRead) (string, bool) {
	text := l.text
	if s.File != "" && s.File != l.file {
		m := r.modules[s.File]
		if m == nil {
			return "", false
		}
		text = m.Text
	}
	if s.Start < 0 || s.Start > s.End || s.End > len(text) {
		return "", false
	}
	return string(text[s.Start:s.End]), true
}

// isSettings reports a module judged as settings (it has a file result).
func (r *Result) isSettings(path string) bool {
	_, ok := r.Files[path]
	return ok
}

// defaultText turns a default argument's source into .env text:
// default='x' -> x, default=False -> False; anything computed -> "".
func defaultText(src string) string {
	src = strings.TrimSpace(src)
	if k, v, ok := strings.Cut(src, "="); ok && !strings.ContainsAny(k, `'"(`) {
		src = strings.TrimSpace(v)
	}
	if len(src) >= 2 && (src[0] == '\'' || src[0] == '"') && src[len(src)-1] == src[0] && !strings.ContainsAny(src[1:len(src)-1], `'"\`) {
		return src[1 : len(src)-1]
	}
	switch {
	case src == "True" || src == "False":
		return src
	case src != "" && strings.Trim(src, "0123456789.") == "":
		return src
	}
	return ""
}
