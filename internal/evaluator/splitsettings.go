package evaluator

import (
	"strings"

	"github.com/djls-dev/djls/internal/treesitter"
)

// django-split-settings: include('components/base.py', 'components/*.py',
// optional('local_settings.py')) runs each file, in order, in the including
// module's namespace, as if the files were pasted there. Paths are relative
// to the including file's folder, glob patterns expand to their files in
// sorted order, and an optional() file is read only when the production
// world has it (../shared/rules.md, "Optional override modules").

// IncludedFile is one file an include() pattern names.
type IncludedFile struct {
	Path string
	Doc  *treesitter.Document
	// Dev marks a development-only file (local_settings.py, dev.py), which
	// production does not have.
	Dev bool
}

// Includer is implemented by an Importer that can read the files
// django-split-settings includes. It is a separate interface so that
// importers that only resolve imports (tests, tools) need not implement it.
type Includer interface {
	// IncludeFiles expands pattern (a path or glob relative to the folder
	// of the module at fromPath) into the workspace files it names, sorted.
	IncludeFiles(fromPath, pattern string) []IncludedFile
}

// maxIncludeDepth bounds include() calls inside included files.
const maxIncludeDepth = 8

// productionEnvNames are what an environment-name variable is taken to
// be when it picks a file (`'environments/%s.py' % ENV`): the first whose
// file exists. The production world names production, and projects call
// that file production.py or prod.py.
var productionEnvNames = []string{"production", "prod"}

// include evaluates split_settings.tools.include(*patterns).
func (ev *evaluator) include(n *treesitter.Node, a *args) *Value {
	ev.untraceable()
	inc, ok := ev.imp.(Includer)
	if !ok || a.splat || ev.includeDepth >= maxIncludeDepth {
		ev.markDynamic(n) // what the files define is not known
		return noneVal(ev.span(n))
	}
	for _, arg := range a.posNodes {
		node, optional := ev.includeArgument(arg)
		files, known := ev.includePattern(inc, node)
		if !known {
			ev.markDynamic(n)
			continue
		}
		if len(files) == 0 && !optional {
			// split_settings raises IOError for a missing file. Under try
			// that is an optional override production does not have: the
			// handler runs. Unguarded, a production that starts has the
			// file: a deployment's own (/etc/app/settings.py) that may set
			// anything.
			if ev.tryDepth > 0 {
				ev.raise()
			} else {
				ev.unknownGlobals(n)
			}
			continue
		}
		for _, f := range files {
			if optional && f.Dev {
				// A development override: production does not have it.
				ev.noteAbsentOverride(f)
				continue
			}
			ev.runIncluded(f)
		}
	}
	return noneVal(ev.span(n))
}

// includeArgument unwraps optional(pattern).
func (ev *evaluator) includeArgument(arg *treesitter.Node) (*treesitter.Node, bool) {
	if arg.Type() != "call" {
		return arg, false
	}
	fn := ev.expr(arg.ChildByField("function"))
	if fn.Kind != Object || fn.Str != "split_settings.tools.optional" {
		return arg, false
	}
	if list := arg.ChildByField("arguments"); list != nil {
		if k := list.NamedChildren(); len(k) == 1 {
			return k[0], true
		}
	}
	return arg, true
}

// includePattern resolves one pattern to its files. A pattern built from
// an environment-name variable tries each production name in turn; the
// files it names for other environments are fragments too (staging.py
// beside production.py is not a settings root of its own).
func (ev *evaluator) includePattern(inc Includer, node *treesitter.Node) ([]IncludedFile, bool) {
	var files []IncludedFile
	for _, envName := range productionEnvNames {
		pattern, usesEnv, ok := ev.pathString(node, envName)
		if !ok {
			return nil, false
		}
		if usesEnv && envName == productionEnvNames[0] {
			ev.noteOtherEnvironments(inc, node)
		}
		files = inc.IncludeFiles(ev.m.Path, pattern)
		if len(files) > 0 || !usesEnv {
			break
		}
	}
	return files, true
}

// noteOtherEnvironments lists, as Includes, the files a pattern names
// for any environment, leaving out the modules being evaluated.
func (ev *evaluator) noteOtherEnvironments(inc Includer, node *treesitter.Node) {
	pattern, _, ok := ev.pathString(node, "*")
	if !ok {
		return
	}
	for _, f := range inc.IncludeFiles(ev.m.Path, pattern) {
		if f.Path != ev.m.Path && !contains(ev.including, f.Path) && !contains(ev.m.Includes, f.Path) {
			ev.m.Includes = append(ev.m.Includes, f.Path)
		}
	}
}

// pathString evaluates an include() pattern: a string, an f-string, `+`
// and `%` over strings, with an environment-name variable read as envName.
// usesEnv reports whether such a variable took part.
func (ev *evaluator) pathString(n *treesitter.Node, envName string) (s string, usesEnv, ok bool) {
	if n == nil {
		return "", false, false
	}
	switch n.Type() {
	case "parenthesized_expression":
		if k := n.NamedChildren(); len(k) == 1 {
			return ev.pathString(k[0], envName)
		}
	case "string":
		return ev.fString(n, envName)
	case "binary_operator":
		l, lEnv, lok := ev.pathString(n.ChildByField("left"), envName)
		r, rEnv, rok := ev.pathString(n.ChildByField("right"), envName)
		if !lok || !rok {
			return "", false, false
		}
		switch ev.text(n.ChildByField("operator")) {
		case "+":
			return l + r, lEnv || rEnv, true
		case "%":
			if strings.Count(l, "%s") == 1 && strings.Count(l, "%") == 1 {
				return strings.Replace(l, "%s", r, 1), lEnv || rEnv, true
			}
		}
	default:
		v := ev.expr(n)
		if v.EnvName {
			return envName, true, true
		}
		if v.Kind == Str {
			return v.Str, false, true
		}
	}
	return "", false, false
}

// fString evaluates a string literal whose interpolations are names of
// strings (f'environments/{ENV}.py').
func (ev *evaluator) fString(n *treesitter.Node, envName string) (string, bool, bool) {
	interpolated := false
	for _, c := range n.Children {
		interpolated = interpolated || c.Type() == "interpolation"
	}
	if !interpolated {
		v := ev.expr(n)
		return v.Str, false, v.Kind == Str
	}
	var b strings.Builder
	usesEnv := false
	for _, c := range n.Children {
		switch c.Type() {
		case "string_content":
			b.WriteString(ev.text(c))
		case "interpolation":
			e := c.ChildByField("expression")
			if e == nil || c.ChildByField("format_specifier") != nil || c.ChildByField("type_conversion") != nil {
				return "", false, false
			}
			s, env, ok := ev.pathString(e, envName)
			if !ok {
				return "", false, false
			}
			b.WriteString(s)
			usesEnv = usesEnv || env
		}
	}
	return b.String(), usesEnv, true
}

// runIncluded runs an included file's statements in this module's
// namespace. While they run, spans and names point into that file, so the
// bindings it makes keep their place in it.
func (ev *evaluator) runIncluded(f IncludedFile) {
	if f.Path == ev.m.Path {
		return // split_settings would recurse until Python's stack ends
	}
	for _, p := range ev.including {
		if p == f.Path {
			return
		}
	}
	if f.Doc == nil {
		return
	}
	if !contains(ev.m.Includes, f.Path) {
		ev.m.Includes = append(ev.m.Includes, f.Path)
	}
	path, text, src := ev.m.Path, ev.m.Text, ev.src
	ev.including = append(ev.including, path)
	ev.includeDepth++
	ev.m.Path, ev.m.Text, ev.src = f.Path, f.Doc.Text, source{f.Path, f.Doc.Text}
	ev.topLevel(f.Doc.Stmts())
	ev.m.Path, ev.m.Text, ev.src = path, text, src
	ev.includeDepth--
	ev.including = ev.including[:len(ev.including)-1]
}

// Holds reports whether the module's own statements live in the file at
// path: the module's file, one its include() calls ran, or (for a
// configuration class) one holding a class of its MRO.
func (m *Module) Holds(path string) bool {
	if m == nil {
		return false
	}
	if path == m.Path {
		return true
	}
	for _, p := range m.Includes {
		if p == path {
			return true
		}
	}
	if m.class != nil {
		for _, c := range m.class.MRO() {
			if c.Span.File == path {
				return true
			}
		}
	}
	return false
}

// noteAbsentOverride records the settings an optional file production
// does not have would assign, so findings on them can say so.
func (ev *evaluator) noteAbsentOverride(f IncludedFile) {
	if f.Doc == nil {
		return
	}
	if ev.m.AbsentOverrides == nil {
		ev.m.AbsentOverrides = map[string]string{}
	}
	// visit reads one statement at depth, and reports false when the
	// block it is in should not be read further (too deep, or out of budget).
	var visit func(s *treesitter.Node, depth int) bool
	walk := func(stmts []*treesitter.Node, depth int) {
		for _, s := range stmts {
			if !visit(s, depth) {
				return
			}
		}
	}
	visit = func(s *treesitter.Node, depth int) bool {
		if depth > 4 || !ev.charge(1) {
			return false
		}
		if s.Type() == "expression_statement" {
			for _, a := range s.NamedChildren() {
				if a.Type() != "assignment" && a.Type() != "augmented_assignment" {
					continue
				}
				if l := a.ChildByField("left"); l != nil && l.Type() == "identifier" {
					if name := l.Text(f.Doc.Text); isSettingName(name) {
						if _, seen := ev.m.AbsentOverrides[name]; !seen {
							ev.m.AbsentOverrides[name] = f.Path
						}
					}
				}
			}
			return true
		}
		for _, c := range s.Children {
			if c.Type() == "block" || c.Type() == "else_clause" || c.Type() == "elif_clause" || c.Type() == "except_clause" {
				walk(c.Children, depth+1)
			}
		}
		if b := s.ChildByField("consequence"); b != nil {
			walk(b.Children, depth+1)
		}
		if b := s.ChildByField("body"); b != nil {
			walk(b.Children, depth+1)
		}
		return true
	}
	for _, s := range f.Doc.Stmts().All() {
		if !visit(s, 0) {
			break
		}
	}
}
