package fix

import (
	"strings"

	"github.com/djls-dev/djls/internal/evaluator"
	"github.com/djls-dev/djls/internal/treesitter"
)

// EnvLib is the library a module reads its environment with.
type EnvLib int

const (
	LibOS       EnvLib = iota // os.environ / os.getenv, or no env reads yet
	LibDecouple               // python-decouple: config('X', default=..., cast=...)
	LibEnviron                // django-environ: env.bool('X', default=...)
)

// Style is how a module writes settings, so fixes read as if its author
// wrote them.
type Style struct {
	Lib     EnvLib
	Quote   string // "'" or `"`
	Indent  string // one level of indentation
	Newline string // "\n" or "\r\n"
	Prefix  string // env var prefix the module follows: "DJANGO_" or ""

	// Names the module already has bound (directly or through a star
	// import); "" when the fix must import or create them.
	Config string // decouple's config
	Csv    string // decouple's Csv
	Env    string // the django-environ Env instance
	OS     string // the os module
}

// DetectStyle reads m's style, falling back to the modules it star-imports
// for the env library (a production.py on top of base.py writes like base).
func DetectStyle(m *evaluator.Module) Style {
	s := Style{Quote: quoteStyle(m.Root(), m.Text), Indent: indentStyle(m.Text), Newline: newlineStyle(m.Text)}
	s.Lib, s.Prefix = envLibrary(m, map[*evaluator.Module]bool{})
	for name, b := range m.Names.All() {
		if b.Value == nil || b.Value.Kind != evaluator.Object {
			continue
		}
		switch b.Value.Str {
		case "decouple.config":
			s.Config = preferName(s.Config, name, "config")
		case "decouple.Csv":
			s.Csv = preferName(s.Csv, name, "Csv")
		case "envinstance":
			s.Env = preferName(s.Env, name, "env")
		case "os":
			s.OS = preferName(s.OS, name, "os")
		}
	}
	if s.Lib == LibEnviron && s.Env == "" {
		// Reads through an instance we cannot name (env = get_env()): write os.
		s.Lib = LibOS
	}
	return s
}

// preferName keeps the conventional name when a module binds several.
func preferName(have, name, conventional string) string {
	if have == "" || name == conventional || (have != conventional && name < have) {
		return name
	}
	return have
}

// envLibrary counts env reads in m, then in what it star-imports.
func envLibrary(m *evaluator.Module, seen map[*evaluator.Module]bool) (EnvLib, string) {
	seen[m] = true
	counts := map[string]int{}
	prefixed, named := 0, 0
	for _, r := range m.EnvReads {
		if r.Call.File != "" && r.Call.File != m.Path {
			continue
		}
		counts[r.Library]++
		if r.Var != "" {
			named++
			if strings.HasPrefix(r.Var, "DJANGO_") {
				prefixed++
			}
		}
	}
	prefix := ""
	if named > 0 && prefixed*2 >= named {
		prefix = "DJANGO_"
	}
	switch {
	case counts["decouple"] > 0 && counts["decouple"] >= counts["environ"] && counts["decouple"] >= counts["os"]:
		return LibDecouple, prefix
	case counts["environ"] > 0 && counts["environ"] >= counts["os"]:
		return LibEnviron, prefix
	case counts["os"] > 0:
		return LibOS, prefix
	}
	for _, imp := range m.StarImports {
		if imp != nil && !seen[imp] {
			if lib, p := envLibrary(imp, seen); lib != LibOS || len(imp.EnvReads) > 0 {
				return lib, p
			}
		}
	}
	return LibOS, prefix
}

// quoteStyle is the quote most of the module's strings open with.
func quoteStyle(root *treesitter.Node, text []byte) string {
	single, double := 0, 0
	var walk func(n *treesitter.Node)
	walk = func(n *treesitter.Node) {
		if n.Type() == "string" {
			s := strings.TrimLeft(n.Text(text), "rRbBuUfF")
			if strings.HasPrefix(s, "'") {
				single++
			} else if strings.HasPrefix(s, `"`) && !strings.HasPrefix(s, `"""`) {
				double++
			}
			return
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	if root != nil {
		walk(root)
	}
	if double > single {
		return `"`
	}
	return "'"
}

// indentStyle is the first indentation the module uses, else four spaces.
func indentStyle(text []byte) string {
	for _, line := range strings.Split(string(text), "\n") {
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed == "" || trimmed == "\r" || len(trimmed) == len(line) || strings.HasPrefix(trimmed, "#") {
			continue
		}
		indent := line[:len(line)-len(trimmed)]
		if strings.Contains(indent, "\t") {
			return "\t"
		}
		if len(indent) == 2 || len(indent) == 4 {
			return indent
		}
	}
	return "    "
}

func newlineStyle(text []byte) string {
	if i := strings.IndexByte(string(text), '\n'); i > 0 && text[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// q quotes s as a Python string literal in the module's quote style.
func (s Style) q(str string) string {
	str = strings.ReplaceAll(str, `\`, `\\`)
	str = strings.ReplaceAll(str, s.Quote, `\`+s.Quote)
	return s.Quote + str + s.Quote
}

// need is a name an expression uses that the module may lack.
type need int

const (
	needConfig need = iota
	needCsv
	needEnv
	needOS
)

// expr is a Python expression plus the names it needs.
type expr struct {
	text  string
	needs []need
}

// boolRead reads a boolean env var with a default.
func (s Style) boolRead(name string, def bool) expr {
	switch s.Lib {
	case LibDecouple:
		return expr{s.configName() + "(" + s.q(name) + ", default=" + pyBool(def) + ", cast=bool)", []need{needConfig}}
	case LibEnviron:
		return expr{s.envName() + ".bool(" + s.q(name) + ", default=" + pyBool(def) + ")", []need{needEnv}}
	}
	d := ""
	if def {
		d = "true"
	}
	return expr{s.osName() + ".environ.get(" + s.q(name) + ", " + s.q(d) + ").lower() in (" + s.q("1") + ", " + s.q("true") + ", " + s.q("yes") + ")", []need{needOS}}
}

// intRead reads an integer env var with a default.
func (s Style) intRead(name string, def string) expr {
	switch s.Lib {
	case LibDecouple:
		return expr{s.configName() + "(" + s.q(name) + ", default=" + def + ", cast=int)", []need{needConfig}}
	case LibEnviron:
		return expr{s.envName() + ".int(" + s.q(name) + ", default=" + def + ")", []need{needEnv}}
	}
	return expr{"int(" + s.osName() + ".environ.get(" + s.q(name) + ", " + s.q(def) + "))", []need{needOS}}
}

// strRead reads a string env var with a (non-secret) default.
func (s Style) strRead(name, def string) expr {
	switch s.Lib {
	case LibDecouple:
		return expr{s.configName() + "(" + s.q(name) + ", default=" + s.q(def) + ")", []need{needConfig}}
	case LibEnviron:
		return expr{s.envName() + "(" + s.q(name) + ", default=" + s.q(def) + ")", []need{needEnv}}
	}
	return expr{s.osName() + ".environ.get(" + s.q(name) + ", " + s.q(def) + ")", []need{needOS}}
}

// requiredStr reads an env var that must be set: start-up fails without it.
func (s Style) requiredStr(name string) expr {
	switch s.Lib {
	case LibDecouple:
		return expr{s.configName() + "(" + s.q(name) + ")", []need{needConfig}}
	case LibEnviron:
		return expr{s.envName() + "(" + s.q(name) + ")", []need{needEnv}}
	}
	return expr{s.osName() + ".environ[" + s.q(name) + "]", []need{needOS}}
}

// requiredList reads a comma-separated list that must be set.
func (s Style) requiredList(name string) expr {
	switch s.Lib {
	case LibDecouple:
		return expr{s.configName() + "(" + s.q(name) + ", cast=" + s.csvName() + "())", []need{needConfig, needCsv}}
	case LibEnviron:
		return expr{s.envName() + ".list(" + s.q(name) + ")", []need{needEnv}}
	}
	return expr{s.osName() + ".environ[" + s.q(name) + "].split(" + s.q(",") + ")", []need{needOS}}
}

func (s Style) configName() string { return orDefault(s.Config, "config") }
func (s Style) csvName() string    { return orDefault(s.Csv, "Csv") }
func (s Style) envName() string    { return orDefault(s.Env, "env") }
func (s Style) osName() string     { return orDefault(s.OS, "os") }

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// envVar names a new env var in the module's convention.
func (s Style) envVar(setting string) string {
	if s.Prefix != "" && !strings.HasPrefix(setting, s.Prefix) {
		return s.Prefix + setting
	}
	return setting
}
