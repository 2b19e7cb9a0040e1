package engine

import (
	"sort"

	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/project"
)

// Settings modules import project modules that are not settings
// themselves (`from .utils import env_setting`, a module that calls
// load_dotenv()): their env reads count for DJS801 and `djls env-example`.

// noteImport records that the module at from imports the one at to.
func (a *analysis) noteImport(from, to string) {
	if a.imports == nil {
		a.imports = map[string][]string{}
	}
	a.imports[from] = append(a.imports[from], to)
}

// importedModules returns the evaluated modules the settings import,
// directly or through each other, that are not settings modules, sorted
// by path.
func (a *analysis) importedModules(settings []*evaluator.Module) []*evaluator.Module {
	isSettings := map[string]bool{}
	var queue []string
	for _, m := range settings {
		isSettings[m.Path] = true
		queue = append(queue, m.Path)
	}
	seen := map[string]bool{}
	var out []*evaluator.Module
	for len(queue) > 0 {
		from := queue[0]
		queue = queue[1:]
		for _, to := range a.imports[from] {
			if seen[to] || isSettings[to] {
				continue
			}
			seen[to] = true
			if m := a.modules[to]; m != nil {
				out = append(out, m)
				queue = append(queue, to)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// projectViews returns the project files of the settings modules' project
// folders, and of Root's, once each.
func projectViews(p *project.Project, settings []*evaluator.Module) []*project.View {
	paths := make([]string, 0, len(settings))
	for _, m := range settings {
		paths = append(paths, m.Path)
	}
	views := p.Views(paths)
	for _, v := range views {
		if v.Folder == p.Root {
			return views
		}
	}
	return append(views, p.View(p.Root))
}
