package rules

import (
	"strings"

	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/treesitter"
)

// envLibraries are the modules whose import says a module reads the
// environment or a .env file.
var envLibraries = map[string]bool{"decouple": true, "environ": true, "environs": true, "dotenv": true}

// readsEnvInCode reports a module whose code, function bodies included,
// reads the environment or loads a .env file: os.environ, os.getenv, or an
// import of python-decouple, django-environ, environs or python-dotenv (or
// of environ/getenv from os). A helper module's reads run only when the
// settings call the helper (`env_setting("DEBUG")`), which evaluating the
// helper module alone does not see.
func readsEnvInCode(m *evaluator.Module) bool {
	if m == nil {
		return false
	}
	found := false
	var walk func(n *treesitter.Node)
	walk = func(n *treesitter.Node) {
		if found {
			return
		}
		switch n.Type() {
		case "attribute":
			if t := n.Text(m.Text); t == "os.environ" || t == "os.getenv" {
				found = true
				return
			}
		case "import_statement", "import_from_statement":
			found = importsEnv(n, m.Text)
			return
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	for _, s := range m.Stmts().All() { // the module node itself is neither
		walk(s)
	}
	return found
}

// importsEnv reads one import statement.
func importsEnv(n *treesitter.Node, src []byte) bool {
	if n.Type() == "import_from_statement" {
		mod := strings.SplitN(n.ChildByField("module_name").Text(src), ".", 2)[0]
		if envLibraries[mod] {
			return true
		}
		if mod != "os" {
			return false
		}
		for _, c := range n.Children {
			if c.Field() == "name" {
				name := c.Text(src)
				if a := c.ChildByField("name"); a != nil {
					name = a.Text(src)
				}
				if name == "environ" || name == "getenv" {
					return true
				}
			}
		}
		return false
	}
	for _, c := range n.Children {
		if c.Field() != "name" {
			continue
		}
		name := c.Text(src)
		if a := c.ChildByField("name"); a != nil {
			name = a.Text(src)
		}
		if envLibraries[strings.SplitN(name, ".", 2)[0]] {
			return true
		}
	}
	return false
}
