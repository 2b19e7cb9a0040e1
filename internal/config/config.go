// Package config reads djls's settings: the [tool.djls-security] table of
// pyproject.toml, a djls-security.toml file, or the same keys sent by an
// editor. The names avoid [tool.djls] / djls.toml, which belong to the Django
// template language server of the same short name.
package config

// Config is the user's choice of rules and of how to read the project.
// The zero value means "all defaults".
type Config struct {
	Select        []string          // rule IDs or ID prefixes to enable ("DJS1", "DJS001"); empty = all
	Ignore        []string          // rule IDs or prefixes to disable
	Severity      map[string]string // rule ID -> "error" | "warning" | "info"
	Settings      []string          // extra globs (relative to the root) of settings modules
	Production    []string          // globs or dotted module names that are production settings
	Development   []string          // globs or dotted module names that are development settings
	DjangoVersion string            // "4.2"; "" = detect from the project's requirements

	Source string          // file the config came from, "" for defaults or editor settings
	set    map[string]bool // keys the user set, so Merge knows who wins
}

// IsSet reports whether the user set key (e.g. "select") in this config.
func (c *Config) IsSet(key string) bool { return c != nil && c.set[key] }

// Merge combines editor settings with a project file: the file wins for every
// key it sets; the editor's value is used for the others.
func Merge(editor, file *Config) *Config {
	if editor == nil && file == nil {
		return &Config{}
	}
	if editor == nil {
		return file
	}
	if file == nil {
		return editor
	}
	out := *editor
	out.set = map[string]bool{}
	for k := range editor.set {
		out.set[k] = true
	}
	for k := range file.set {
		out.set[k] = true
		switch k {
		case "select":
			out.Select = file.Select
		case "ignore":
			out.Ignore = file.Ignore
		case "severity":
			out.Severity = file.Severity
		case "settings":
			out.Settings = file.Settings
		case "production":
			out.Production = file.Production
		case "development":
			out.Development = file.Development
		case "django-version":
			out.DjangoVersion = file.DjangoVersion
		}
	}
	out.Source = file.Source
	return &out
}
