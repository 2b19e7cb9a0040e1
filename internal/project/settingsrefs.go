package project

import (
	"bytes"
	"path/filepath"

	"github.com/djls-dev/djls/internal/tomlpos"
)

// maxEntryPoints bounds how many manage.py/wsgi.py/asgi.py files are read.
const maxEntryPoints = 200

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
		for _, m := range settingsModuleRefs(text) {
			p.SettingsModuleRefs = append(p.SettingsModuleRefs, ModuleRef{
				Module: string(text[m[0]:m[1]]), File: f, Line: tomlpos.LineAt(text, m[0])})
		}
	}
}
