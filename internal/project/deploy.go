package project

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Deployment files say how production starts: a Dockerfile that pip-installs
// uwsgi and runs it serves the app with uwsgi even when no requirements file
// names it (DJS802 would otherwise be wrong on such projects).

// isDeployFileName matches the files that build or start production:
// the manifests of manifestKind (Dockerfile, Procfile, compose files,
// fly.toml, render.yaml, app.json, app.yaml) and uwsgi/gunicorn
// configuration.
func isDeployFileName(name string) bool {
	if _, ok := manifestKind(name); ok {
		return true
	}
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".ini") && (strings.Contains(lower, "uwsgi") || strings.Contains(lower, "gunicorn")):
		return true
	case lower == "gunicorn.conf.py", lower == "gunicorn_config.py":
		return true
	}
	return false
}

// developmentDeployFile reports deployment files meant for development
// (Dockerfile.dev, docker-compose.local.yml, docker-compose.override.yml,
// which compose merges only on a developer's `docker compose up`, a dev/
// folder).
func developmentDeployFile(rel string) bool {
	for _, part := range strings.Split(filepath.ToSlash(strings.ToLower(rel)), "/") {
		for _, t := range strings.FieldsFunc(part, func(r rune) bool { return r == '.' || r == '-' || r == '_' }) {
			switch t {
			case "dev", "development", "local", "test", "tests", "ci", "example", "sample", "override":
				return true
			}
		}
	}
	return false
}

// maxDeployFileSize bounds what is read of one deployment file.
const maxDeployFileSize = 256 << 10

// DeployedServers returns the WSGI/ASGI servers (of names, the same list
// on every call) that a
// production deployment file of the project installs or runs, each with the
// first file that names it, outside comments.
func (p *Project) DeployedServers(names []string) map[string]string {
	// Read once per project load: the rules ask on every analysis (every
	// keystroke in an editor), and deployment files are not watched.
	p.deployOnce.Do(func() { p.deployed = p.readDeployedServers(names) })
	return p.deployed
}

func (p *Project) readDeployedServers(names []string) map[string]string {
	out := map[string]string{}
	for _, f := range p.DeployFiles {
		rel, _ := filepath.Rel(p.Repo, f)
		if developmentDeployFile(rel) {
			continue
		}
		data, ok := p.deployFile(f)
		if !ok {
			continue
		}
		for _, n := range names {
			if _, seen := out[n]; !seen && mentions(data, n) {
				out[n] = f
			}
		}
	}
	return out
}

// deployFile reads one deployment file: its buffer, else the disk.
func (p *Project) deployFile(path string) ([]byte, bool) {
	if text, ok := p.buffers[path]; ok {
		return text, len(text) <= maxDeployFileSize
	}
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() > maxDeployFileSize {
		return nil, false
	}
	data, err := os.ReadFile(path)
	return data, err == nil
}

// mentions reports whether name appears as a word on a line that is not a
// comment.
func mentions(data []byte, name string) bool {
	word := regexp.MustCompile(`(^|[^A-Za-z0-9_-])` + regexp.QuoteMeta(name) + `([^A-Za-z0-9_-]|$)`)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), maxDeployFileSize)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";") {
			continue
		}
		if word.MatchString(strings.ToLower(line)) {
			return true
		}
	}
	return false
}
