package project

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/djls-dev/djls/internal/tomlpos"
	"path/filepath"
	"strconv"
	"strings"
)

// lockedDjango returns the Django version a lock file of dir locks:
// poetry.lock, then uv.lock, pdm.lock, pylock.toml (PEP 751), Pipfile.lock.
func (p *Project) lockedDjango(dir string, lim limits) (Version, bool) {
	for _, lock := range []func(string, limits) (Version, bool){p.poetryStyleLock("poetry.lock", "package"), p.poetryStyleLock("uv.lock", "package"),
		p.poetryStyleLock("pdm.lock", "package"), p.poetryStyleLock("pylock.toml", "packages"), p.pipfileLock} {
		if v, ok := lock(dir, lim); ok {
			return v, true
		}
	}
	return Version{}, false
}

// requiredDjango returns the version of the first Django requirement, in
// the order given, whose constraint pins or bounds the version from below.
func (p *Project) requiredDjango(reqs []Requirement) Version {
	for _, r := range reqs {
		if r.Name != "django" || r.Commented {
			continue
		}
		if major, minor, ok := versionFromConstraint(r.constraint); ok {
			return Version{Major: major, Minor: minor, Known: true, Source: fmt.Sprintf("%s:%d", p.rel(r.File), r.Line)}
		}
	}
	return Version{}
}

// poetryStyleLock reads [[<table>]] name/version pairs, the format of
// poetry.lock, uv.lock and pdm.lock ([[package]]) and pylock.toml
// ([[packages]]).
func (p *Project) poetryStyleLock(name, table string) func(string, limits) (Version, bool) {
	return func(dir string, lim limits) (Version, bool) {
		path := filepath.Join(dir, name)
		text, ok := p.readFile(path, lim)
		if !ok {
			return Version{}, false
		}
		current := ""
		for _, e := range tomlpos.Scan(text) {
			switch {
			case e.Header:
				current = ""
			case tomlpos.EqualPath(e.Path, []string{table, "name"}):
				current = NormalizeName(unquoteTOML(text[e.Start:e.End]))
			case tomlpos.EqualPath(e.Path, []string{table, "version"}) && current == "django":
				if major, minor, ok := parseVersion(unquoteTOML(text[e.Start:e.End]), false); ok {
					return Version{Major: major, Minor: minor, Known: true, Source: fmt.Sprintf("%s:%d", p.rel(path), e.Line)}, true
				}
			}
		}
		return Version{}, false
	}
}

func unquoteTOML(v []byte) string {
	return strings.Trim(string(v), `"'`)
}

func (p *Project) pipfileLock(dir string, lim limits) (Version, bool) {
	path := filepath.Join(dir, "Pipfile.lock")
	text, ok := p.readFile(path, lim)
	if !ok {
		return Version{}, false
	}
	var lock struct {
		Default map[string]struct {
			Version string `json:"version"`
		} `json:"default"`
	}
	if err := json.Unmarshal(text, &lock); err != nil {
		p.skip(path, SkipInvalid+": "+err.Error())
		return Version{}, false
	}
	for name, pkg := range lock.Default {
		if NormalizeName(name) != "django" {
			continue
		}
		major, minor, ok := versionFromConstraint(pkg.Version)
		if !ok {
			return Version{}, false
		}
		line := 1
		if at := bytes.Index(text, []byte(`"`+name+`"`)); at >= 0 {
			line = tomlpos.LineAt(text, at)
			if v := bytes.Index(text[at:], []byte(`"version"`)); v >= 0 {
				line = tomlpos.LineAt(text, at+v)
			}
		}
		return Version{Major: major, Minor: minor, Known: true, Source: fmt.Sprintf("%s:%d", p.rel(path), line)}, true
	}
	return Version{}, false
}

// pep508Constraint returns the version part of a PEP 508 requirement:
// "Django[argon2]>=4.2,<5 ; python_version>'3.8'" -> ">=4.2,<5".
func pep508Constraint(spec string) string {
	n := 0
	for n < len(spec) && isNameByte(spec[n], n == 0) {
		n++
	}
	rest := strings.TrimSpace(spec[n:])
	if strings.HasPrefix(rest, "[") {
		if end := strings.IndexByte(rest, ']'); end >= 0 {
			rest = strings.TrimSpace(rest[end+1:])
		}
	}
	if i := strings.IndexByte(rest, ';'); i >= 0 {
		rest = rest[:i]
	}
	if strings.HasPrefix(rest, "@") {
		return ""
	}
	return strings.TrimSpace(strings.Trim(strings.TrimSpace(rest), "()"))
}

// versionFromConstraint reads major.minor from a constraint: an exact pin
// (==, ===, Poetry's bare version, ^, ~, ~=) gives its version; otherwise a
// lower bound (>=, >) does. Upper bounds alone, wildcards like "4.*", "*"
// and alternatives ("||") are unknown.
func versionFromConstraint(c string) (major, minor int, ok bool) {
	if strings.Contains(c, "||") {
		return 0, 0, false
	}
	lowerMajor, lowerMinor, lower := 0, 0, false
	for _, clause := range strings.Split(c, ",") {
		clause = strings.TrimSpace(clause)
		op := ""
		for _, candidate := range []string{"===", "==", "~=", ">=", "<=", "!=", "<", ">", "^", "~", "="} {
			if strings.HasPrefix(clause, candidate) {
				op = candidate
				break
			}
		}
		v := strings.TrimSpace(clause[len(op):])
		switch op {
		case "===", "==", "~=", "^", "~", "=", "":
			if ma, mi, ok := parseVersion(v, op != "===" && op != "==" && op != "=" && op != ""); ok {
				return ma, mi, true
			}
		case ">=", ">":
			if ma, mi, ok := parseVersion(v, true); ok && !lower {
				lowerMajor, lowerMinor, lower = ma, mi, true
			}
		}
	}
	return lowerMajor, lowerMinor, lower
}

// ParseVersion reads a release's major.minor from "4.2", "4.2.11", "5.1rc1"
// or "4.2.*" (surrounding spaces allowed); a lone major ("5") is not one.
func ParseVersion(v string) (major, minor int, ok bool) {
	return parseVersion(strings.TrimSpace(v), false)
}

// parseVersion reads "4.2", "4.2.11", "5.1rc1" or "4.2.*"; a lone major
// ("5") is accepted only when majorOnly allows it (bounds like ">=5").
func parseVersion(v string, majorOnly bool) (major, minor int, ok bool) {
	parts := strings.SplitN(v, ".", 3)
	major, err := strconv.Atoi(parts[0])
	if err != nil {
		return 0, 0, false
	}
	if len(parts) == 1 {
		return major, 0, majorOnly
	}
	digits := parts[1]
	for i, c := range digits {
		if c < '0' || c > '9' {
			digits = digits[:i]
			break
		}
	}
	minor, err = strconv.Atoi(digits)
	if err != nil {
		return 0, 0, false
	}
	return major, minor, true
}
