package project

import (
	"bytes"
	"path/filepath"
	"regexp"
	"sync"

	"github.com/djls-dev/djls/internal/tomlpos"
)

// maxEntryPoints bounds how many manage.py/wsgi.py/asgi.py files are read.
const maxEntryPoints = 200

// settingsModuleRef matches, as text, the two ways Django's entry points
// default DJANGO_SETTINGS_MODULE:
//
//	os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
//	os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
//
// Either quote opens and closes a string (mismatched quotes are not Python
// anyway): one alternative each instead of two halves the program, which
// is compiled on every run of djls check (manage.py has one).
var settingsModuleRef = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^[ \t]*(?:os\.)?environ\s*(?:\.\s*setdefault\s*\(\s*["']DJANGO_SETTINGS_MODULE["']\s*,|\[\s*["']DJANGO_SETTINGS_MODULE["']\s*\]\s*=)\s*["']([\w.]+)["']`)
})

// findSettingsRefs reads manage.py, wsgi.py and asgi.py anywhere in Files.
func (p *Project) findSettingsRefs(lim limits) {
	read := 0
	for _, f := range p.Files {
		switch filepath.Base(f) {
		case "manage.py", "wsgi.py", "asgi.py":
		default:
			continue
		}
		if read++; read > maxEntryPoints {
			return
		}
		text, ok := p.readFile(f, lim)
		if !ok || !bytes.Contains(text, []byte("DJANGO_SETTINGS_MODULE")) {
			continue
		}
		for _, m := range settingsModuleRef().FindAllSubmatchIndex(text, -1) {
			start, end := m[2], m[3]
			p.SettingsModuleRefs = append(p.SettingsModuleRefs, ModuleRef{
				Module: string(text[start:end]), File: f, Line: tomlpos.LineAt(text, start)})
		}
	}
}
