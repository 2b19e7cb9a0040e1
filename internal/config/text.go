package config

import "path/filepath"

// LoadText judges the text of one configuration file (an editor's unsaved
// buffer) as Load would read it from path: djls-security.toml's top-level
// keys, or pyproject.toml's [tool.djls-security] table. Another file name
// gives an empty Config and no error.
func LoadText(path string, text []byte, knownRule func(id string) bool) (*Config, error) {
	switch filepath.Base(path) {
	case FileName:
		return loadTOML(path, text, nil, knownRule)
	case PyprojectName:
		return loadTOML(path, text, []string{"tool", "djls-security"}, knownRule)
	}
	return &Config{}, nil
}
