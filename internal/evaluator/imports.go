package evaluator

import (
	"path/filepath"
	"strings"

	"github.com/djls-dev/djls/internal/treesitter"
)

// libraryNames maps `from MODULE import NAME` of the libraries settings use
// to the object refs the evaluator understands.
var libraryNames = map[string]string{
	"os.environ": "os.environ", "os.getenv": "os.getenv", "os.path": "os.path",
	"decouple.config": "decouple.config", "decouple.Csv": "decouple.Csv", "decouple.Choices": "decouple.Choices",
	"decouple.AutoConfig": "decouple.AutoConfig", "decouple.Config": "decouple.Config",
	"environ.Env": "environ.Env", "environ.FileAwareEnv": "environ.FileAwareEnv", "environs.Env": "environs.Env",
	"dj_database_url.config": "dj_database_url.config", "dj_database_url.parse": "dj_database_url.parse",
	"distutils.util.strtobool": "strtobool", "setuptools.dist.strtobool": "strtobool", "str2bool.str2bool": "str2bool.str2bool",
	"json.loads": "json.loads", "sys.argv": "sys.argv",
	"django.core.management.utils.get_random_secret_key": "django.core.management.utils.get_random_secret_key",
	"dotenv.load_dotenv": "dotenv.load_dotenv", "dotenv.read_dotenv": "dotenv.read_dotenv",
	"configparser.ConfigParser": "configparser.ConfigParser", "configparser.RawConfigParser": "configparser.RawConfigParser",
}

func (ev *evaluator) importStatement(n *treesitter.Node) {
	switch n.Type() {
	case "import_statement":
		for _, c := range n.NamedChildren() {
			switch c.Type() {
			case "dotted_name":
				full := ev.text(c)
				top := strings.SplitN(full, ".", 2)[0]
				ev.bindObject(n, c, top, top)
			case "aliased_import":
				name, alias := c.ChildByField("name"), c.ChildByField("alias")
				if name != nil && alias != nil {
					ev.bindObject(n, alias, ev.text(alias), ev.text(name))
				}
			}
		}
	case "import_from_statement":
		ev.importFrom(n)
	}
}

// bindObject binds name to a library object.
func (ev *evaluator) bindObject(stmt, target *treesitter.Node, name, ref string) {
	if r, ok := libraryNames[ref]; ok {
		ref = r
	}
	if ref == "sys.argv" {
		ev.bind(stmt, target, target, name, &Value{Kind: List, Items: []*Value{{Kind: Str, Str: "gunicorn"}}})
		return
	}
	ev.bind(stmt, target, target, name, object(ref))
}

func (ev *evaluator) importFrom(n *treesitter.Node) {
	modNode := n.ChildByField("module_name")
	if modNode == nil {
		return
	}
	level, module := 0, ev.text(modNode)
	if modNode.Type() == "relative_import" {
		for _, c := range modNode.Children {
			if c.Type() == "import_prefix" {
				level = strings.Count(ev.text(c), ".")
			} else if c.Type() == "dotted_name" {
				module = ev.text(c)
			}
		}
		if level == 0 {
			level = strings.Count(module, ".")
		}
		if !strings.ContainsAny(ev.text(modNode), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_") {
			module = ""
		}
	}
	var star bool
	type imported struct {
		target *treesitter.Node
		name   string
		as     string
	}
	var names []imported
	for _, c := range n.Children {
		if c == modNode {
			continue
		}
		switch c.Type() {
		case "wildcard_import":
			star = true
		case "dotted_name":
			if c.Field() == "name" {
				names = append(names, imported{c, ev.text(c), ev.text(c)})
			}
		case "aliased_import":
			name, alias := c.ChildByField("name"), c.ChildByField("alias")
			if name != nil && alias != nil {
				names = append(names, imported{alias, ev.text(name), ev.text(alias)})
			}
		}
	}
	var target *Module
	var dev, resolved bool
	if level > 0 || !isLibrary(module) {
		ev.untraceable() // what the Importer gives may change
	}
	if ev.imp != nil && (level > 0 || !isLibrary(module)) {
		target, dev, resolved = ev.imp.Import(ev.m.Path, level, module)
	}
	if star {
		switch {
		case resolved && dev:
			// A development module never runs in production.
			ev.raise()
			if ev.guarded() {
				ev.optionalImport(n, ev.text(modNode))
			} else if ev.scope.parent == nil && len(ev.m.StarImports) == 0 && len(ev.m.Order) == 0 {
				// docker.py starting with `from .dev import *` is built on
				// development settings: it is one of them. (An override
				// imported after the module's own settings is not its base.)
				ev.m.ExtendsDevelopment = true
			}
		case resolved && target != nil:
			ev.starImport(n, target)
		case ev.guarded() && ev.projectModule(level, module):
			// An optional override that is not in the repository: production
			// does not have it either, so the import fails there and the
			// module keeps its own values (rules.md, "Optional override
			// modules are absent in production").
			ev.raise()
			ev.optionalImport(n, ev.text(modNode))
		default:
			if level > 0 || !isLibrary(module) {
				ev.raise() // ImportError when the module is not there
			}
			// Its names stay unbound (lookups give unknown); MaybeSet keeps
			// missing-setting rules quiet for them.
			ev.m.Unresolved = append(ev.m.Unresolved, ev.span(n))
		}
		return
	}
	for _, im := range names {
		if resolved && target != nil {
			if b := target.Names.Get(im.name); b != nil {
				nb := *b
				nb.Name = im.as
				nb.Import = ev.span(n)
				ev.scope.vars.Set(im.as, &nb)
				continue
			}
			ev.bind(n, im.target, im.target, im.as, unknown())
			continue
		}
		if resolved && dev {
			ev.raise()
			continue
		}
		ev.bindObject(n, im.target, im.as, module+"."+im.name)
	}
}

// isLibrary reports modules that are never part of a project: the standard
// library and the env libraries.
func isLibrary(module string) bool {
	top := strings.SplitN(module, ".", 2)[0]
	switch top {
	case "os", "sys", "json", "pathlib", "decouple", "environ", "environs", "dj_database_url", "distutils",
		"setuptools", "django", "dotenv", "configparser", "datetime", "logging", "str2bool", "secrets",
		"typing", "socket", "importlib", "warnings", "re", "ast", "glob", "urllib":
		return true
	}
	return false
}

// starImport copies another module's public names, as Python does: the
// values are already computed there, so they are not re-evaluated here.
func (ev *evaluator) starImport(n *treesitter.Node, from *Module) {
	ev.untraceable()
	ev.m.StarImports = append(ev.m.StarImports, from)
	imp := ev.span(n)
	if from.Truncated || !ev.charge(from.Names.Len()) {
		// What the module defines is not all known: its names may be set.
		ev.m.Truncated = true
	}
	if ev.spent() {
		return
	}
	var all map[string]bool
	if b := from.Names.Get("__all__"); b != nil {
		if names, ok := b.Value.Strings(); ok {
			all = map[string]bool{}
			for _, s := range names {
				all[s] = true
			}
		}
	}
	for _, name := range from.Names.SortedNames() {
		if strings.HasPrefix(name, "_") || (all != nil && !all[name]) {
			continue
		}
		b := *from.Names.Get(name)
		b.Import = imp
		if ev.conditional > 0 {
			b.Conditional = true
		}
		if !ev.scope.vars.Has(name) && isSettingName(name) {
			ev.addOrder(name) // from the other module's name index: a copy
		}
		ev.scope.vars.Set(name, &b)
	}
	if from.Dynamic != nil && ev.m.Dynamic == nil {
		ev.m.Dynamic = &imp
	}
	ev.m.Unresolved = append(ev.m.Unresolved, from.Unresolved...)
	ev.m.OptionalImports = append(ev.m.OptionalImports, from.OptionalImports...)
	ev.m.UsesDotEnv = ev.m.UsesDotEnv || from.UsesDotEnv
}

// guarded reports whether the statement being evaluated runs only when its
// import succeeds or a condition the evaluator cannot decide holds: inside a
// try body, or a branch such as `if os.path.exists(...)`.
func (ev *evaluator) guarded() bool { return ev.tryDepth > 0 || ev.conditional > 0 }

// projectModule reports whether an unresolved import names a module of the
// project rather than an installed library: a relative import, or an
// absolute one whose top package is a folder the importing module sits in
// (`from shop.local_settings import *` in shop/settings/base.py).
func (ev *evaluator) projectModule(level int, module string) bool {
	if level > 0 {
		return true
	}
	if module == "" || isLibrary(module) {
		return false
	}
	if siblingOverride(module) {
		return true
	}
	top := strings.SplitN(module, ".", 2)[0]
	dir := filepath.Dir(ev.m.Path)
	for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if filepath.Base(dir) == top {
			return true
		}
	}
	return false
}

// optionalImport records an override module that production does not have.
func (ev *evaluator) optionalImport(n *treesitter.Node, module string) {
	ev.m.OptionalImports = append(ev.m.OptionalImports, OptionalImport{Span: ev.span(n), Module: module})
}

// readsFile reports whether a call's first argument reads a file
// (open(...) or .read_text()), as exec(open(path).read()) does.
func (ev *evaluator) readsFile(a *args) bool {
	if len(a.posNodes) == 0 {
		return false
	}
	found := false
	var walk func(n *treesitter.Node)
	walk = func(n *treesitter.Node) {
		if found || n == nil {
			return
		}
		if n.Type() == "call" {
			if f := n.ChildByField("function"); f != nil {
				t := ev.text(f)
				if t == "open" || strings.HasSuffix(t, ".read_text") || strings.HasSuffix(t, ".open") {
					found = true
					return
				}
			}
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(a.posNodes[0])
	return found
}
