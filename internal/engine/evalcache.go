package engine

import (
	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/treesitter"
)

// The evaluation cache keeps each module's evaluation between analyses. An
// editor analyses the workspace on every keystroke, but a keystroke changes
// one document: the other open documents and the modules read from disk
// would evaluate to the same thing again. An entry is reused when its
// module's syntax tree is the same Document (open documents keep theirs
// until edited; disk files until they change) and every import the
// evaluation made resolves, now, to the same module (checked recursively, so
// an edit to base.py re-evaluates production.py, which star-imports it).

// evalEntry is one cached evaluation.
type evalEntry struct {
	doc     *treesitter.Document
	imports []importRecord
	module  *evaluator.Module

	includes []includeRecord // split_settings include() calls (include.go)
}

// importRecord is one Import call an evaluation made, with its answer.
type importRecord struct {
	from    string // the importing file (an included component's own path)
	level   int
	name    string
	module  *evaluator.Module
	dev, ok bool
}

// recorder is the Importer an evaluation sees: the analysis, with each
// answer written down for the cache.
type recorder struct {
	a        *analysis
	imports  []importRecord
	includes []includeRecord
}

func (r *recorder) Import(fromPath string, level int, name string) (*evaluator.Module, bool, bool) {
	m, dev, ok := r.a.Import(fromPath, level, name)
	r.imports = append(r.imports, importRecord{from: fromPath, level: level, name: name, module: m, dev: dev, ok: ok})
	return m, dev, ok
}

// cached returns the cached evaluation of path when doc is the tree it was
// made from and its imports still give the same modules. The caller has
// marked path in progress, as for an evaluation.
func (a *analysis) cached(path string, doc *treesitter.Document) *evaluator.Module {
	e := a.w.evals[path]
	if e == nil || e.doc != doc {
		return nil
	}
	for _, imp := range e.imports {
		m, dev, ok := a.Import(imp.from, imp.level, imp.name)
		if m != imp.module || dev != imp.dev || ok != imp.ok {
			return nil
		}
	}
	if !a.includesUnchanged(e.includes) {
		return nil
	}
	return e.module
}

// previous returns the last evaluation of path, which a new one may take
// unchanged constant assignments from (evaluator.EvaluateIncremental), or nil.
func (a *analysis) previous(path string) *evaluator.Module {
	if e := a.w.evals[path]; e != nil {
		return e.module
	}
	return a.w.replaced[path]
}

// remember stores an evaluation for the next analysis.
func (a *analysis) remember(path string, doc *treesitter.Document, rec *recorder, m *evaluator.Module) {
	if a.w.evals == nil {
		a.w.evals = map[string]*evalEntry{}
	}
	a.w.evals[path] = &evalEntry{doc: doc, imports: rec.imports, module: m, includes: rec.includes}
	delete(a.w.replaced, path)
}

// pruneEvals drops the entries of modules this analysis did not evaluate
// (deleted or no longer imported files), so their trees can be freed.
func (a *analysis) pruneEvals() {
	for p := range a.w.evals {
		if _, ok := a.modules[p]; !ok {
			delete(a.w.evals, p)
		}
	}
	for p := range a.w.replaced {
		if _, ok := a.modules[p]; !ok {
			delete(a.w.replaced, p)
		}
	}
}

// keepForReuse keeps what the next evaluation of path may reuse from m, a
// dropped cache entry's module (an edited open document), without its tree.
func (w *Workspace) keepForReuse(path string, m *evaluator.Module) {
	if w.replaced == nil {
		w.replaced = replacedModules{}
	}
	w.replaced[path] = m.ForReuse()
}

// replacedModules maps a path to what keepForReuse kept of its last module.
type replacedModules map[string]*evaluator.Module
