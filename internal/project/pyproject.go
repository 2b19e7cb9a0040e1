package project

import (
	"github.com/djls-dev/djls/internal/tomlpos"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// tomlDoc is a decoded TOML file with the positions of its keys.
type tomlDoc struct {
	path    string
	text    []byte
	data    map[string]any
	entries []tomlpos.Entry
	cursor  map[string]int // per array: where the next search starts
}

func (p *Project) readTOML(path string, lim limits) (*tomlDoc, bool) {
	text, ok := p.readFile(path, lim)
	if !ok {
		return nil, false
	}
	var data map[string]any
	if _, err := toml.Decode(string(text), &data); err != nil {
		p.skip(path, SkipInvalid+": "+err.Error())
		return nil, false
	}
	return &tomlDoc{path: path, text: text, data: data, entries: tomlpos.Scan(text), cursor: map[string]int{}}, true
}

// readPyproject reads dir's pyproject.toml: PEP 621 dependencies and optional dependencies, PEP
// 735 dependency groups, and Poetry's dependency tables.
func (p *Project) readPyproject(dir string, lim limits) {
	d, ok := p.readTOML(filepath.Join(dir, "pyproject.toml"), lim)
	if !ok {
		return
	}
	var found []Requirement
	proj := table(d.data, "project")
	found = append(found, d.arrayRequirements([]string{"project", "dependencies"}, proj["dependencies"])...)
	for group, deps := range table(proj, "optional-dependencies") {
		found = append(found, d.arrayRequirements([]string{"project", "optional-dependencies", group}, deps)...)
	}
	for group, deps := range table(d.data, "dependency-groups") {
		found = append(found, d.arrayRequirements([]string{"dependency-groups", group}, deps)...)
	}
	poetry := table(table(d.data, "tool"), "poetry")
	found = append(found, d.tableRequirements([]string{"tool", "poetry", "dependencies"}, poetry["dependencies"], SourcePoetry)...)
	found = append(found, d.tableRequirements([]string{"tool", "poetry", "dev-dependencies"}, poetry["dev-dependencies"], SourcePoetry)...)
	for group, g := range table(poetry, "group") {
		deps, _ := g.(map[string]any)
		found = append(found, d.tableRequirements([]string{"tool", "poetry", "group", group, "dependencies"}, deps["dependencies"], SourcePoetry)...)
	}
	p.addFileRequirements(d.path, found)
}

// readPipfile reads [packages] and [dev-packages] of a Pipfile.
func (p *Project) readPipfile(dir string, lim limits) {
	d, ok := p.readTOML(filepath.Join(dir, "Pipfile"), lim)
	if !ok {
		return
	}
	var found []Requirement
	for _, section := range []string{"packages", "dev-packages"} {
		found = append(found, d.tableRequirements([]string{section}, d.data[section], SourcePipfile)...)
	}
	p.addFileRequirements(d.path, found)
}

func (p *Project) addFileRequirements(path string, found []Requirement) {
	p.RequirementFiles = append(p.RequirementFiles, path)
	sortRequirements(found)
	for _, r := range found {
		p.addRequirement(r)
	}
}

func table(m map[string]any, key string) map[string]any {
	t, _ := m[key].(map[string]any)
	return t
}

// arrayRequirements reads an array of PEP 508 strings at path.
func (d *tomlDoc) arrayRequirements(path []string, v any) []Requirement {
	items, _ := v.([]any)
	var out []Requirement
	for _, item := range items {
		spec, ok := item.(string) // PEP 735 {include-group = "x"} tables are not requirements
		if !ok {
			continue
		}
		name, ok := requirementName(strings.TrimSpace(spec), true)
		if !ok {
			continue
		}
		r := Requirement{Name: name, Spec: spec, File: d.path, Source: SourcePyproject}
		r.Start, r.End, r.Line = d.locateString(path, spec)
		out = append(out, r)
	}
	return out
}

// tableRequirements reads a Poetry or Pipfile table: name = "constraint" or
// name = { version = "constraint", ... }.
func (d *tomlDoc) tableRequirements(path []string, v any, source string) []Requirement {
	deps, _ := v.(map[string]any)
	var out []Requirement
	for name, val := range deps {
		if strings.EqualFold(name, "python") {
			continue
		}
		r := Requirement{Name: NormalizeName(name), File: d.path, Source: source, constraint: tableConstraint(val)}
		key := append(append([]string{}, path...), name)
		if e, ok := tomlpos.Find(d.entries, key); ok && tomlpos.EqualPath(e.Path, key) {
			r.Start, r.End, r.Line = e.KeyStart, e.End, e.Line
		} else if ok {
			r.Start, r.End, r.Line = e.KeyStart, e.End, e.Line
			if n := strings.Index(string(d.text[e.Start:e.End]), name); n >= 0 {
				r.Start = e.Start + n
				r.Line = tomlpos.LineAt(d.text, r.Start)
			}
		}
		r.Spec = string(d.text[r.Start:r.End])
		out = append(out, r)
	}
	return out
}

func tableConstraint(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		s, _ := t["version"].(string)
		return s
	}
	return ""
}

// locateString finds a string of the array at path, searching after the
// previous string found in that array so duplicates land on their own line.
func (d *tomlDoc) locateString(path []string, val string) (start, end, line int) {
	e, ok := tomlpos.Find(d.entries, path)
	if !ok {
		return 0, 0, 1
	}
	key := strings.Join(path, "\x00")
	from := max(e.Start, d.cursor[key])
	if s, en, ok := tomlpos.FindQuoted(d.text, from, e.End, val); ok {
		d.cursor[key] = en + 1
		return s, en, tomlpos.LineAt(d.text, s)
	}
	return e.KeyStart, e.End, e.Line
}
