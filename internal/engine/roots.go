package engine

import (
	"path/filepath"
	"strings"

	"github.com/djls-dev/djls/internal/evaluator"
)

// Roots and fragments (rules.md, "Roots and fragments"): a settings module
// that another settings module imports, by a star or named import or as an
// `except ImportError:` fallback, is a fragment. It is judged only through
// the modules that import it, so an inherited value is reported once, where
// it is written, however many production modules import it. The roots are
// the settings modules nothing imports, and any module DJANGO_SETTINGS_MODULE
// names; the production and shared roots are judged.

// judgedModules returns the production and shared roots, each judged
// merged with what it imports.
func (a *analysis) judgedModules(settings []*evaluator.Module) []*evaluator.Module {
	isSettings := make(map[string]bool, len(settings))
	importers := map[string]map[string]bool{} // module -> the modules that import it
	link := func(from, to string) {
		if from == to {
			return
		}
		if importers[to] == nil {
			importers[to] = map[string]bool{}
		}
		importers[to][from] = true
	}
	for from, tos := range a.imports {
		for _, to := range tos {
			link(from, to)
		}
	}
	for _, m := range settings {
		isSettings[m.Path] = true
		// A file django-split-settings' include() runs (or names for
		// another environment) is a component: a fragment of the includer.
		for _, p := range m.Includes {
			link(m.Path, p)
		}
	}
	named := a.namedSettingsModules()
	var judged []*evaluator.Module
	for _, m := range settings {
		if a.role(m.Path) == Shared && m.ExtendsDevelopment {
			// Built on development settings (docker.py: from .dev import *),
			// it is for development too.
			a.roles[m.Path] = Development
		}
		if a.role(m.Path) == Development {
			continue
		}
		if named[m.Path] || !isFragment(m.Path, importers, isSettings) {
			judged = append(judged, m)
		}
	}
	return judged
}

// isFragment reports whether another settings module imports (or
// includes) path. An
// import back from a module that path itself imports does not count:
// settings.py trying `from .local_settings import *` stays a root when
// local_settings.py star-imports settings.py in turn.
func isFragment(path string, importers map[string]map[string]bool, isSettings map[string]bool) bool {
	for from := range importers[path] {
		if isSettings[from] && !importers[from][path] {
			return true
		}
	}
	return false
}

// namedSettingsModules are the modules a DJANGO_SETTINGS_MODULE default in
// manage.py, wsgi.py or asgi.py names, and those the configuration's
// production globs name: roots whoever imports them.
func (a *analysis) namedSettingsModules() map[string]bool {
	named := map[string]bool{}
	for p := range a.modules {
		rel, _ := filepath.Rel(a.w.root, p)
		for _, g := range a.w.cfg.Production {
			if globMatch(g, filepath.ToSlash(rel)) {
				named[p] = true
			}
		}
	}
	for _, ref := range a.proj.SettingsModuleRefs {
		if p, ok := a.resolve(ref.File, 0, ref.Module); ok {
			named[p] = true
		}
	}
	return named
}

// roleByPath reads a module's role from its file name, else from the
// nearest package folder that names one (config/dev/settings.py and
// settings/local/__init__.py are development).
func roleByPath(rel string) Role {
	stem := strings.TrimSuffix(filepath.Base(rel), ".py")
	dir := filepath.Dir(rel)
	if stem == "__init__" {
		stem, dir = filepath.Base(dir), filepath.Dir(dir)
	}
	if r := roleOfName(stem); r != Shared {
		return r
	}
	for ; dir != "." && dir != "/" && dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if r := roleOfName(filepath.Base(dir)); r != Shared {
			return r
		}
	}
	return Shared
}

// roleOfName reads a role from the tokens of one file or folder name
// (local_settings, settings-prod, settings.dev).
func roleOfName(name string) Role {
	return roleOfTokens(strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '_' || r == '-' || r == '.' }))
}

// roleOfTokens: a development token wins over a production one
// (settings_prod_local is a developer's copy of production).
func roleOfTokens(tokens []string) Role {
	for _, t := range tokens {
		if devTokens[t] {
			return Development
		}
	}
	for _, t := range tokens {
		if prodTokens[t] {
			return Production
		}
	}
	return Shared
}
