package project

import (
	"bytes"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Deployment manifests say how production starts and which environment it
// gets: Procfile, Dockerfile, compose files, fly.toml, render.yaml,
// app.json (Heroku) and app.yaml (App Engine). Each is parsed once per
// project load into its start commands and literal environment
// assignments, with byte ranges in the file, for DJS804–DJS806 and for the
// messages that say what a manifest sets.

// ManifestKind names a manifest's format.
type ManifestKind string

// Manifest kinds.
const (
	KindProcfile   ManifestKind = "Procfile"
	KindDockerfile ManifestKind = "Dockerfile"
	KindCompose    ManifestKind = "compose"
	KindFly        ManifestKind = "fly.toml"
	KindRender     ManifestKind = "render.yaml"
	KindAppJSON    ManifestKind = "app.json"
	KindAppYAML    ManifestKind = "app.yaml"
)

// Manifest is one parsed deployment manifest.
type Manifest struct {
	Path string // absolute
	Kind ManifestKind
	// Development: the file is named for development (Dockerfile.dev,
	// docker-compose.override.yml, a dev/ folder); it does not start
	// production.
	Development bool
	Commands    []StartCommand
	Env         []EnvAssignment
}

// StartCommand is a command a manifest starts a process with.
type StartCommand struct {
	Where string // what runs it, for messages: "The web process", "CMD", "Service web"
	Text  string // the command, words joined by spaces
	// Start, End: the command's bytes in the file (for an exec-form list,
	// from its '[' to its ']').
	Start, End int
	Exec       bool // a list of words (Dockerfile exec form, a YAML list), not a shell string
}

// EnvAssignment is an environment variable a manifest sets to a literal.
type EnvAssignment struct {
	Name  string
	Value string // decoded
	// Start, End: the value's bytes in the file, quotes included.
	Start, End int
	// Default: the value is an interpolation's default, `${NAME:-value}`,
	// which applies when the host running the manifest does not set NAME.
	Default bool
}

// interpolationDefault matches `${NAME:-value}` and `${NAME-value}`.
var interpolationDefault = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^${}]*)\}$`) })

// literalValue reads an env value as written in a manifest that
// interpolates ($VAR, ${VAR}): ok is false when the value depends on the
// host's environment, except for `${NAME:-default}`, whose default is
// returned with isDefault.
func literalValue(v string) (value string, isDefault, ok bool) {
	if !strings.Contains(v, "$") {
		return v, false, true
	}
	if m := interpolationDefault().FindStringSubmatch(v); m != nil {
		return m[1], true, true
	}
	return "", false, false
}

// manifestKind tells a manifest's kind from its file name; ok is false for
// other files.
func manifestKind(name string) (ManifestKind, bool) {
	lower := strings.ToLower(name)
	switch {
	case lower == "procfile" || strings.HasPrefix(lower, "procfile."):
		return KindProcfile, true
	case strings.HasPrefix(lower, "dockerfile"), strings.HasPrefix(lower, "containerfile"), strings.HasSuffix(lower, ".dockerfile"):
		return KindDockerfile, true
	case (strings.HasPrefix(lower, "docker-compose") || strings.HasPrefix(lower, "compose")) &&
		(strings.HasSuffix(lower, ".yml") || strings.HasSuffix(lower, ".yaml")):
		return KindCompose, true
	case lower == "fly.toml":
		return KindFly, true
	case lower == "render.yaml" || lower == "render.yml":
		return KindRender, true
	case lower == "app.json":
		return KindAppJSON, true
	case lower == "app.yaml" || lower == "app.yml":
		return KindAppYAML, true
	}
	return "", false
}

// Manifests returns the project's deployment manifests, parsed once per
// load, from open buffers first (the rules ask on every analysis; a changed
// manifest makes a new load).
func (p *Project) Manifests() []Manifest {
	p.manifestOnce.Do(func() { p.manifests = p.readManifests() })
	return p.manifests
}

func (p *Project) readManifests() []Manifest {
	var out []Manifest
	for _, f := range p.DeployFiles {
		kind, ok := manifestKind(filepath.Base(f))
		if !ok {
			continue
		}
		text, ok := p.deployFile(f) // an open buffer wins, as for DJS802
		if !ok {
			continue
		}
		rel, _ := filepath.Rel(p.Repo, f)
		m := ParseManifest(kind, text)
		m.Path, m.Development = f, developmentDeployFile(rel)
		out = append(out, m)
	}
	return out
}

// parsedManifest is a manifest parsed from one text.
type parsedManifest struct {
	text []byte
	m    Manifest
}

// ManifestOf returns m parsed from text (the text an analysis sees, an
// editor's unsaved one included), keeping m's path and development flag.
// The last parse of each manifest is kept: three rules ask on every
// analysis, and the text rarely changes.
func (p *Project) ManifestOf(m Manifest, text []byte) Manifest {
	p.parsedMu.Lock()
	defer p.parsedMu.Unlock()
	if c, ok := p.parsed[m.Path]; ok && bytes.Equal(c.text, text) {
		return c.m
	}
	parsed := ParseManifest(m.Kind, text)
	parsed.Path, parsed.Development = m.Path, m.Development
	if p.parsed == nil {
		p.parsed = map[string]parsedManifest{}
	}
	p.parsed[m.Path] = parsedManifest{bytes.Clone(text), parsed}
	return parsed
}

// ParseManifest parses a manifest's text; it never fails (what it does not
// understand is left out).
func ParseManifest(kind ManifestKind, text []byte) Manifest {
	m := Manifest{Kind: kind}
	switch kind {
	case KindProcfile:
		m.Commands = parseProcfile(text)
	case KindDockerfile:
		m.Commands, m.Env = parseDockerfile(text)
	case KindCompose:
		m.Commands, m.Env = parseCompose(text)
	case KindFly:
		m.Commands, m.Env = parseFly(text)
	case KindRender:
		m.Commands, m.Env = parseRender(text)
	case KindAppJSON:
		m.Commands, m.Env = parseAppJSON(text)
	case KindAppYAML:
		m.Commands, m.Env = parseAppYAML(text)
	}
	return m
}

// ManifestEnv returns the literal value the first production manifest
// sets for an environment variable, with that manifest's path.
func (p *Project) ManifestEnv(name string) (value, path string, ok bool) {
	for _, m := range p.Manifests() {
		if m.Development {
			continue
		}
		for _, e := range m.Env {
			if e.Name == name && !e.Default {
				return e.Value, m.Path, true
			}
		}
	}
	return "", "", false
}

// runserverWord finds Django's development server started through
// manage.py or django-admin in a command's source text, shell or exec form
// (`"manage.py", "runserver"`); group 1 is the word runserver(_plus).
var runserverWord = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:manage\.py|django-admin(?:\.py)?)["',\s\-\[\]]+(runserver(?:_plus)?)\b`)
})

// managePyEnd matches an entrypoint that ends with manage.py or
// django-admin: its command's first word is the management command.
var managePyEnd = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?:manage\.py|django-admin(?:\.py)?)\s*$`) })

// withEntrypoint lists an entrypoint and a command (either may be nil).
// When the entrypoint is `python manage.py` and the command names the
// management command (`runserver 0.0.0.0:8000`), the command's text is
// the whole command line, so that what it runs can be judged; its range
// stays the command's.
func withEntrypoint(entrypoint, cmd *StartCommand) []StartCommand {
	var out []StartCommand
	if entrypoint != nil {
		out = append(out, *entrypoint)
	}
	if cmd != nil {
		c := *cmd
		if entrypoint != nil && managePyEnd().MatchString(entrypoint.Text) {
			c.Text = entrypoint.Text + " " + c.Text
		}
		out = append(out, c)
	}
	return out
}

// RunserverAt returns the byte range of the word runserver in src, the
// source of a start command, or ok false when it does not run it.
func RunserverAt(src []byte) (start, end int, ok bool) {
	loc := runserverWord().FindSubmatchIndex(src)
	if loc == nil {
		return 0, 0, false
	}
	return loc[2], loc[3], true
}

// EntryModule returns the dotted module of the project's wsgi.py or
// asgi.py (file), relative to the folder holding manage.py
// ("mysite.wsgi"), for the start command a server needs; "" when there is
// none or several.
func (p *Project) EntryModule(file string) string {
	var found []string
	for _, f := range p.Files {
		if filepath.Base(f) != file {
			continue
		}
		rel, err := filepath.Rel(p.ProjectFolder(f), f)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		mod := strings.ReplaceAll(strings.TrimSuffix(filepath.ToSlash(rel), ".py"), "/", ".")
		if !slices.Contains(found, mod) {
			found = append(found, mod)
		}
	}
	if len(found) == 1 {
		return found[0]
	}
	return ""
}
